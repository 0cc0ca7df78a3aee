import { CareEventType, CareRecord, emptyCareRecord } from './care-record';

/** The service whose topic a part of the record comes from. */
export type CareRecordSource = 'identity' | 'records' | 'medications' | 'appointments' | 'results';

/**
 * The fields of the record each source's events change. They do not overlap, so a record is kept
 * as one part per source, each folded from its own topic alone; `supersededBy` is kept beside each
 * part (every source tells of merges), `patientId` by the part's key.
 */
export const SOURCE_FIELDS = {
  identity: ['nhsNumber', 'sensitive', 'demographics', 'registeredGpOdsCode', 'nominatedPharmacyOdsCode', 'deceased'],
  records: ['allergies', 'problems', 'encounters'],
  medications: ['medications'],
  appointments: ['appointments'],
  results: ['results'],
} as const satisfies Record<CareRecordSource, ReadonlyArray<keyof CareRecord>>;

export type CareRecordPart = Partial<Omit<CareRecord, 'patientId' | 'supersededBy'>>;

/** care.events.<source>.<Event>: the source of an event type of the five domain topics. */
export function sourceOf(type: CareEventType): CareRecordSource {
  return type.split('.')[2] as CareRecordSource;
}

/** The source's part of the record. */
export function partOf(record: CareRecord, source: CareRecordSource): CareRecordPart {
  return Object.fromEntries(SOURCE_FIELDS[source].map((field) => [field, record[field]]));
}

/** A record holding only the source's part, to fold the source's events into. */
export function recordOfPart(patientId: string, part: CareRecordPart, supersededBy: string | null): CareRecord {
  return { ...emptyCareRecord(patientId), ...part, supersededBy };
}
