import { IdentityErrorCode } from './identity-error';
import { Patient } from './patient';
import * as rules from './patient-rules';

const registered = (overrides: Partial<Patient> = {}): Patient => ({
  ...rules.registerPatient({
    id: 'p-1',
    nhsNumber: '9990000018',
    name: { prefix: null, given: ['Jane'], family: 'Smith' },
    birthDate: '1970-01-31',
    gender: 'female',
    address: { lines: ['1 Chapel Street'], city: 'Leeds', district: null, postcode: 'LS1 4AP' },
    contact: null,
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  }).patient,
  ...overrides,
});

describe('patient rules', () => {
  it('registers an active patient at version 1', () => {
    const { patient, changes } = rules.registerPatient({ ...registered(), id: 'p-2' });
    expect(patient).toMatchObject({ status: 'active', version: 1, survivingPatientId: null });
    expect(changes).toEqual([{ kind: 'registered' }]);
  });

  it('reports only the demographic fields that changed, and bumps the version', () => {
    const { patient, changes } = rules.updateDemographics(registered(), { gender: 'female', birthDate: '1970-02-01' });
    expect(changes).toEqual([{ kind: 'demographicsUpdated', changedFields: ['birthDate'] }]);
    expect(patient.version).toBe(2);
  });

  it('makes no change (and no event) when nothing differs', () => {
    const before = registered();
    expect(rules.changeRegisteredGp(before, 'A81001')).toEqual({ patient: before, changes: [] });
  });

  it('refuses demographic, GP and pharmacy changes after death', () => {
    const dead = registered({ status: 'deceased', dateOfDeath: '2026-01-01' });
    expect(() => rules.updateDemographics(dead, { gender: 'other' })).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientDeceased }));
    expect(() => rules.changeRegisteredGp(dead, 'B82001')).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientDeceased }));
    expect(() => rules.changeNominatedPharmacy(dead, 'FA123')).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientDeceased }));
  });

  it('allows the death itself to be corrected, marked as a correction', () => {
    const dead = rules.recordDeath(registered(), '2026-01-01', '2026-11-26').patient;
    const corrected = rules.recordDeath(dead, '2025-12-31', '2026-11-26');
    expect(corrected.changes).toEqual([{ kind: 'deceased', correction: true }]);
    expect(corrected.patient.dateOfDeath).toBe('2025-12-31');
  });

  it('refuses a date of death before birth or in the future', () => {
    expect(() => rules.recordDeath(registered(), '1960-01-01', '2026-11-26')).toThrow(expect.objectContaining({ code: IdentityErrorCode.InvalidDateOfDeath }));
    expect(() => rules.recordDeath(registered(), '2026-11-27', '2026-11-26')).toThrow(expect.objectContaining({ code: IdentityErrorCode.InvalidDateOfDeath }));
  });

  it('merges one way only: the duplicate points to the survivor and takes no further change', () => {
    const survivor = registered({ id: 'p-9' });
    const { patient: merged, changes } = rules.mergeInto(registered(), survivor);
    expect(merged).toMatchObject({ status: 'superseded', survivingPatientId: 'p-9' });
    expect(changes).toEqual([{ kind: 'merged', survivingPatientId: 'p-9' }]);
    expect(() => rules.mergeInto(merged, survivor)).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientSuperseded }));
    expect(() => rules.updateDemographics(merged, { gender: 'male' })).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientSuperseded }));
    expect(() => rules.mergeInto(survivor, merged)).toThrow(expect.objectContaining({ code: IdentityErrorCode.InvalidMerge }));
    expect(() => rules.mergeInto(survivor, survivor)).toThrow(expect.objectContaining({ code: IdentityErrorCode.InvalidMerge }));
  });

  it('refuses a stale version', () => {
    expect(() => rules.assertVersion(registered({ version: 3 }), 2)).toThrow(expect.objectContaining({ code: IdentityErrorCode.VersionMismatch }));
    expect(() => rules.assertVersion(registered({ version: 3 }), 3)).not.toThrow();
  });

  it('lets the sensitivity flag change after death but not after a merge', () => {
    const dead = registered({ status: 'deceased', dateOfDeath: '2026-01-01' });
    expect(rules.setSensitivity(dead, true).changes).toEqual([{ kind: 'sensitivityChanged' }]);
    expect(() => rules.setSensitivity(registered({ status: 'superseded', survivingPatientId: 'p-9' }), true)).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientSuperseded }));
  });

  it('flags a record and moves its address and contact in one version, as one decision', () => {
    const refuge = { lines: ['2 Quiet Lane'], city: 'York', district: null, postcode: 'YO1 7HH' };
    const contact = { phone: '07700 900456', email: null };
    const { patient, changes } = rules.setSensitivity(registered({ version: 4 }), true, { address: refuge, contact });
    expect(patient).toMatchObject({ sensitive: true, address: refuge, contact, version: 5 });
    expect(changes).toEqual([{ kind: 'sensitivityChanged' }, { kind: 'demographicsUpdated', changedFields: ['address', 'contact'] }]);
  });

  it('moves the address of an already flagged record without a second flag change, and changes nothing when nothing differs', () => {
    const flagged = registered({ sensitive: true });
    const refuge = { lines: ['2 Quiet Lane'], city: null, district: null, postcode: 'YO1 7HH' };
    expect(rules.setSensitivity(flagged, true, { address: refuge }).changes).toEqual([{ kind: 'demographicsUpdated', changedFields: ['address'] }]);
    expect(rules.setSensitivity(flagged, true, { address: flagged.address })).toEqual({ patient: flagged, changes: [] });
  });

  it('refuses a new address with the flag after death, as any demographic change', () => {
    const dead = registered({ status: 'deceased', dateOfDeath: '2026-01-01' });
    expect(() => rules.setSensitivity(dead, true, { contact: null })).toThrow(expect.objectContaining({ code: IdentityErrorCode.PatientDeceased }));
  });
});
