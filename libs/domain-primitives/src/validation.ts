/**
 * Outcome of checking an untrusted value. `reason` is phrased to follow a field name in an
 * API error ("nhsNumber: check digit does not match"), so it never repeats the field itself.
 */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

export function valid<T>(value: T): Validation<T> {
  return { ok: true, value };
}

export function invalid<T = never>(reason: string): Validation<T> {
  return { ok: false, reason };
}
