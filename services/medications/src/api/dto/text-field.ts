import { IsString, Length, Matches } from 'class-validator';

/** Free text a clinician writes: a string of 1 to `max` characters, not only spaces. */
export const TextField = (max: number): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Length(1, max)(target, key);
  Matches(/\S/, { message: 'must not be blank' })(target, key);
};
