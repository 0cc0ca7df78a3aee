import { Type } from 'class-transformer';
import { IsIn, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@care-events/service-kit';
import { Gender } from '../../domain/patient';
import { AddressDto } from './address.dto';
import { ContactDetailsDto } from './contact-details.dto';
import { PersonNameDto } from './person-name.dto';

export const GENDERS: Gender[] = ['male', 'female', 'other', 'unknown'];

/** Property decorators shared by registration and the demographics update. */
export const NameField = () => compose(ValidateNested(), Type(() => PersonNameDto));
export const AddressField = () => compose(ValidateNested(), Type(() => AddressDto));
export const ContactField = () => compose(ValidateNested(), Type(() => ContactDetailsDto));
export const GenderField = () => IsIn(GENDERS, { message: `must be one of ${GENDERS.join(', ')}` });
export const BirthDateField = () => IsCalendarDate();

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}
