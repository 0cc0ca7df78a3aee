import { IsArray, ValidateBy, ValidationArguments } from 'class-validator';
import { parseNhsNumber } from '@care-events/domain-primitives';
import { compose, IsNhsNumber } from '@care-events/service-kit';

// Property decorators shared by a whole list, a staged load and its parts.

/**
 * When the national service checked the list: any time a JavaScript Date reads (as before these DTOs; the CLI
 * passes --checked-at through as given). That it is not in the future is the controller's check, by the
 * service's Clock, which a validator cannot reach.
 */
export const CheckedAtField = () =>
  ValidateBy({
    name: 'isCheckTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(new Date(value).getTime()),
      defaultMessage: () => 'must be when the national service checked the list (ISO 8601)',
    },
  });

/**
 * A list of NHS numbers, each checked and normalised by the shared IsNhsNumber. With `each`, class-validator
 * reports the whole array as one field and hands the message the array: the message names the first bad
 * element by its index, so a load of thousands says which one (without echoing any number back).
 */
export const NhsNumbersField = () => compose(IsArray(), IsNhsNumber({ each: true, message: firstInvalidNhsNumber }));

function firstInvalidNhsNumber({ value }: ValidationArguments): string {
  if (!Array.isArray(value)) return 'must be a list of NHS numbers';
  const reasons = value.map(invalidReason).flatMap((reason, index) => (reason ? [{ index, reason }] : []));
  const [first] = reasons;
  if (!first) return 'must be a list of NHS numbers';
  const others = reasons.length > 1 ? ` (${reasons.length} elements are invalid)` : '';
  return `element ${first.index}: ${first.reason}${others}`;
}

function invalidReason(element: unknown): string | undefined {
  if (typeof element !== 'string') return 'must be a string';
  const parsed = parseNhsNumber(element);
  return parsed.ok ? undefined : parsed.reason;
}
