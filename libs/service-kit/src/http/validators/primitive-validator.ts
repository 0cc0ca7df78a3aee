import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { Validation } from '@care-events/domain-primitives';

/**
 * Turns a domain-primitives parser into a class-validator decorator whose message is the
 * parser's own reason ("check digit does not match"), so the 400 says exactly what is wrong.
 * A value that parses reaches the controller in its normalised form ("943 476 5919" as
 * "9434765919", " 2020-01-31 " as "2020-01-31"): what was validated is what is stored.
 */
export function primitiveValidator(name: string, parse: (input: string) => Validation<unknown>) {
  const normalise = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const result = parse(value);
    if (!result.ok) return value;
    return typeof result.value === 'string' ? result.value : value.trim();
  };
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) => {
      Transform(({ value }) => (options?.each && Array.isArray(value) ? value.map(normalise) : normalise(value)), { toClassOnly: true })(target, propertyName);
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
    };
}
