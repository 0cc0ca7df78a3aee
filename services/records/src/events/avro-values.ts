import { isoDateToEpochDays } from '@care-events/domain-primitives';

/** The API's lower-case, hyphenated values ('unable-to-assess') as Avro enum symbols ('UNABLE_TO_ASSESS'). */
export function avroSymbol<S extends string>(value: string): S {
  return value.toUpperCase().replace(/-/g, '_') as S;
}

export function epochDaysOrNull(isoDate: string | null): number | null {
  return isoDate === null ? null : isoDateToEpochDays(isoDate);
}
