import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { Validation } from '@care-events/domain-primitives';

/**
 * Turns a domain-primitives parser into a class-validator decorator whose message is the
 * parser's own reason ("check digit does not match"), so the 400 says exactly what is wrong.
 * A value that parses reaches the controller in its normalised form ("943 476 5919" as
 * "9434765919", " 2020-01-31 " as "2020-01-31"): what was validated is what is stored.
 *
 * With `each`, class-validator checks every element but reports the list as one field and hands
 * the message the whole list: the message names the first bad element by its index and says how
 * many are bad, so a list of thousands says which one, without echoing any value back (an NHS
 * number identifies a patient). `plural` names the elements when the value is no list at all.
 */
export function primitiveValidator(name: string, parse: (input: string) => Validation<unknown>, plural: string) {
  const normalise = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const result = parse(value);
    if (!result.ok) return value;
    return typeof result.value === 'string' ? result.value : value.trim();
  };
  const reasonFor = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return 'must be a string';
    const result = parse(value);
    return result.ok ? undefined : result.reason;
  };
  const listReason = (value: unknown): string => {
    const elements = elementsOf(value);
    const bad = (elements ?? []).flatMap((element, index) => {
      const reason = reasonFor(element);
      return reason ? [{ index, reason }] : [];
    });
    const [first] = bad;
    if (!first) return `must be a list of ${plural}`;
    const others = bad.length > 1 ? ` (${bad.length} elements are invalid)` : '';
    return `element ${first.index}: ${first.reason}${others}`;
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
            if (options?.each) return listReason(value);
            return reasonFor(value) ?? 'is invalid';
          },
        },
      });
    };
}

/** The elements class-validator checks one by one under `each` (it does so for arrays, sets and maps' values). */
function elementsOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return [...value.values()];
  return undefined;
}
