import { IdentityErrorCode, IdentityException } from './identity-error';
import { Decision, Demographics, Patient, PatientChange } from './patient';

export type NewPatient = Omit<Patient, 'status' | 'dateOfDeath' | 'survivingPatientId' | 'version'>;

/** The details a restricted record keeps to identity: given with the flag, they change in the same command. */
export type ContactDetailsUpdate = Partial<Pick<Demographics, 'address' | 'contact'>>;

const DEMOGRAPHIC_FIELDS: Array<keyof Demographics> = ['name', 'birthDate', 'gender', 'address', 'contact'];

export function registerPatient(input: NewPatient): Decision {
  return { patient: { ...input, status: 'active', dateOfDeath: null, survivingPatientId: null, version: 1 }, changes: [{ kind: 'registered' }] };
}

/** Optimistic concurrency: a caller that read an older version must re-read before changing. */
export function assertVersion(patient: Patient, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== patient.version) {
    throw new IdentityException(IdentityErrorCode.VersionMismatch, `patient ${patient.id} is at version ${patient.version}, not ${expectedVersion}`, {
      currentVersion: patient.version,
    });
  }
}

export function updateDemographics(patient: Patient, update: Partial<Demographics>): Decision {
  assertAlive(patient);
  const change = demographicsChange(patient, update);
  if (!change) return unchanged(patient);
  return changed({ ...patient, ...pick(update, change.changedFields) }, change);
}

function demographicsChange(patient: Patient, update: Partial<Demographics>): Extract<PatientChange, { kind: 'demographicsUpdated' }> | undefined {
  const changedFields = DEMOGRAPHIC_FIELDS.filter((field) => field in update && !sameValue(update[field], patient[field]));
  return changedFields.length === 0 ? undefined : { kind: 'demographicsUpdated', changedFields };
}

export function changeRegisteredGp(patient: Patient, gpOdsCode: string): Decision {
  assertAlive(patient);
  if (gpOdsCode === patient.registeredGpOdsCode) return unchanged(patient);
  return changed({ ...patient, registeredGpOdsCode: gpOdsCode }, { kind: 'gpRegistrationChanged', previousGpOdsCode: patient.registeredGpOdsCode });
}

export function changeNominatedPharmacy(patient: Patient, pharmacyOdsCode: string | null): Decision {
  assertAlive(patient);
  if (pharmacyOdsCode === patient.nominatedPharmacyOdsCode) return unchanged(patient);
  return changed(
    { ...patient, nominatedPharmacyOdsCode: pharmacyOdsCode },
    { kind: 'nominatedPharmacyChanged', previousPharmacyOdsCode: patient.nominatedPharmacyOdsCode },
  );
}

/** Records a death, or corrects the date of one already recorded: the one change allowed after death. */
export function recordDeath(patient: Patient, dateOfDeath: string, today: string): Decision {
  assertNotSuperseded(patient);
  if (dateOfDeath < patient.birthDate) throw invalidDateOfDeath(`dateOfDeath: must not be before birthDate ${patient.birthDate}`);
  if (dateOfDeath > today) throw invalidDateOfDeath('dateOfDeath: must not be in the future');
  if (patient.status === 'deceased' && patient.dateOfDeath === dateOfDeath) return unchanged(patient);
  const correction = patient.status === 'deceased';
  return changed({ ...patient, status: 'deceased', dateOfDeath }, { kind: 'deceased', correction });
}

/** Merges a duplicate into the surviving record. One-way and final: the duplicate only points on. */
export function mergeInto(duplicate: Patient, survivor: Patient): Decision {
  if (duplicate.id === survivor.id) throw invalidMerge('a record cannot be merged into itself');
  assertNotSuperseded(duplicate);
  if (survivor.status === 'superseded') {
    throw invalidMerge(`the surviving record ${survivor.id} was itself superseded by ${survivor.survivingPatientId}`, { survivingPatientId: survivor.survivingPatientId });
  }
  return changed({ ...duplicate, status: 'superseded', survivingPatientId: survivor.id }, { kind: 'merged', survivingPatientId: survivor.id });
}

/**
 * The restricted-record flag protects a record in any state but superseded, including after death.
 * A new address or contact given with it (a patient who moved to be safe) changes in the same
 * version: every event of the command is written from the flagged record, so none carries them.
 */
export function setSensitivity(patient: Patient, sensitive: boolean, details: ContactDetailsUpdate = {}): Decision {
  assertNotSuperseded(patient);
  // After death only the flag and the death itself may change, as for any demographics.
  if (Object.keys(details).length > 0) assertAlive(patient);
  const moved = demographicsChange(patient, details);
  const changes: PatientChange[] = [...(sensitive === patient.sensitive ? [] : [{ kind: 'sensitivityChanged' } as const]), ...(moved ? [moved] : [])];
  if (changes.length === 0) return unchanged(patient);
  const next = { ...patient, sensitive, ...(moved ? pick<Demographics>(details, moved.changedFields) : {}) };
  return { patient: { ...next, version: patient.version + 1 }, changes };
}

export function assertNotSuperseded(patient: Patient): void {
  if (patient.status === 'superseded') {
    throw new IdentityException(IdentityErrorCode.PatientSuperseded, `patient ${patient.id} was merged into ${patient.survivingPatientId}; write to the surviving record`, {
      survivingPatientId: patient.survivingPatientId,
    });
  }
}

function assertAlive(patient: Patient): void {
  assertNotSuperseded(patient);
  if (patient.status === 'deceased') {
    throw new IdentityException(
      IdentityErrorCode.PatientDeceased,
      `patient ${patient.id} is recorded as deceased on ${patient.dateOfDeath}: only the death itself can be corrected`,
    );
  }
}

function changed(patient: Patient, change: Decision['changes'][number]): Decision {
  return { patient: { ...patient, version: patient.version + 1 }, changes: [change] };
}

const unchanged = (patient: Patient): Decision => ({ patient, changes: [] });
const invalidDateOfDeath = (message: string) => new IdentityException(IdentityErrorCode.InvalidDateOfDeath, message);
const invalidMerge = (message: string, details?: Record<string, unknown>) => new IdentityException(IdentityErrorCode.InvalidMerge, message, details);
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function pick<T extends object>(source: Partial<T>, keys: Array<keyof T>): Partial<T> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Partial<T>;
}
