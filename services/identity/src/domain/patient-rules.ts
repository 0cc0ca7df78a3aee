import { IdentityErrorCode, IdentityException } from './identity-error';
import { Decision, Demographics, Patient } from './patient';

export type NewPatient = Omit<Patient, 'status' | 'dateOfDeath' | 'mergedInto' | 'version'>;

const DEMOGRAPHIC_FIELDS: Array<keyof Demographics> = ['name', 'birthDate', 'gender', 'address', 'contact'];

export function registerPatient(input: NewPatient): Decision {
  return { patient: { ...input, status: 'active', dateOfDeath: null, mergedInto: null, version: 1 }, changes: [{ kind: 'registered' }] };
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
  const changedFields = DEMOGRAPHIC_FIELDS.filter((field) => field in update && !sameValue(update[field], patient[field]));
  if (changedFields.length === 0) return unchanged(patient);
  return changed({ ...patient, ...pick(update, changedFields) }, { kind: 'demographicsUpdated', changedFields });
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
  assertNotMerged(patient);
  if (dateOfDeath < patient.birthDate) throw invalidDateOfDeath(`dateOfDeath: must not be before birthDate ${patient.birthDate}`);
  if (dateOfDeath > today) throw invalidDateOfDeath('dateOfDeath: must not be in the future');
  if (patient.status === 'deceased' && patient.dateOfDeath === dateOfDeath) return unchanged(patient);
  const correction = patient.status === 'deceased';
  return changed({ ...patient, status: 'deceased', dateOfDeath }, { kind: 'deceased', correction });
}

/** Merges a duplicate into the surviving record. One-way and final: the duplicate only points on. */
export function mergeInto(duplicate: Patient, survivor: Patient): Decision {
  if (duplicate.id === survivor.id) throw invalidMerge('a record cannot be merged into itself');
  assertNotMerged(duplicate);
  if (survivor.status === 'merged') {
    throw invalidMerge(`the surviving record ${survivor.id} was itself merged into ${survivor.mergedInto}`, { survivingPatientId: survivor.mergedInto });
  }
  return changed({ ...duplicate, status: 'merged', mergedInto: survivor.id }, { kind: 'merged', survivingPatientId: survivor.id });
}

/** The restricted-record flag protects a record in any state but merged, including after death. */
export function setSensitivity(patient: Patient, sensitive: boolean): Decision {
  assertNotMerged(patient);
  if (sensitive === patient.sensitive) return unchanged(patient);
  return changed({ ...patient, sensitive }, { kind: 'sensitivityChanged' });
}

export function assertNotMerged(patient: Patient): void {
  if (patient.status === 'merged') {
    throw new IdentityException(IdentityErrorCode.PatientMerged, `patient ${patient.id} was merged into ${patient.mergedInto}`, {
      survivingPatientId: patient.mergedInto,
    });
  }
}

function assertAlive(patient: Patient): void {
  assertNotMerged(patient);
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
