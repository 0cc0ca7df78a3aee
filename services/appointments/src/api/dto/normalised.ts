import { Validation } from '@care-events/domain-primitives';

/** The parsed value of input the request pipe has already validated. */
export function normalised<T>(validation: Validation<T>): T {
  if (!validation.ok) throw new Error(`validated input failed to parse: ${validation.reason}`);
  return validation.value;
}
