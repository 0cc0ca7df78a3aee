import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { Validation } from '@care-events/domain-primitives';

/**
 * Turns a domain-primitives parser into a class-validator decorator whose message is the
 * parser's own reason ("check digit does not match"), so the 400 says exactly what is wrong.
 */
export function primitiveValidator(name: string, parse: (input: string) => Validation<unknown>) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && parse(value).ok,
          defaultMessage: ({ value }: ValidationArguments) => {
            if (typeof value !== 'string') return 'must be a string';
            const result = parse(value);
            return result.ok ? 'is invalid' : result.reason;
          },
        },
      });
}
