import { checkInterval } from '@care-events/domain-primitives';
import { CodedConcept, Practitioner } from './clinical-types';
import { invalidDate, RecordsErrorCode, RecordsException } from './records-error';

export const ENCOUNTER_SETTINGS = [
  'general-practice',
  'emergency-department',
  'inpatient',
  'outpatient',
  'ambulance',
  'community-pharmacy',
] as const;

export type EncounterSetting = (typeof ENCOUNTER_SETTINGS)[number];

export interface Encounter {
  id: string;
  patientId: string;
  setting: EncounterSetting;
  /** The organisation that saw the patient. */
  odsCode: string;
  startedAt: Date;
  endedAt: Date | null;
  reason: CodedConcept | null;
  practitioner: Practitioner | null;
  recordedAt: Date;
}

export type NewEncounter = Omit<Encounter, 'recordedAt'>;

/** Starts an encounter; one recorded after the fact may already carry its end. */
export function startEncounter(input: NewEncounter, now: Date): Encounter {
  if (input.endedAt) assertEndNotBeforeStart(input.startedAt, input.endedAt);
  return { ...input, recordedAt: now };
}

export function endEncounter(encounter: Encounter, endedAt: Date): Encounter {
  if (encounter.endedAt) {
    throw new RecordsException(RecordsErrorCode.EncounterEnded, `encounter ${encounter.id} already ended at ${encounter.endedAt.toISOString()}`, {
      encounterId: encounter.id,
      endedAt: encounter.endedAt.toISOString(),
    });
  }
  assertEndNotBeforeStart(encounter.startedAt, endedAt);
  return { ...encounter, endedAt };
}

function assertEndNotBeforeStart(startedAt: Date, endedAt: Date): void {
  if (!checkInterval(startedAt, endedAt).ok) throw invalidDate('endedAt', `must not be before startedAt ${startedAt.toISOString()}`);
}
