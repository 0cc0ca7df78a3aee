import { callService, ClinicalServiceHarness, eventually, knownPatientStatus } from '@care-events/local-platform';
import { MedicationsModule } from '../src/medications.module';
import { AMOXICILLIN_CAPSULES, PARACETAMOL_TABLETS, prescription, TOPIC, valueOf } from './medications-fixtures';

const PENICILLIN_CLASS = { conceptId: '764146007', term: 'Penicillin' };

describe('allergy check against the allergies the records service publishes', () => {
  let harness: ClinicalServiceHarness;
  const records = (method: string, path: string, body?: unknown) => callService(harness.process('records').url, method, path, body);

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('medications', MedicationsModule, { topic: TOPIC, alsoRun: ['records'] });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const knownPatient = async () => {
    const patientId = await harness.newPatient();
    await eventually('patient known to records', async () => (await knownPatientStatus(harness.process('records').database.url, patientId)) === 'active');
    return patientId;
  };
  const recordPenicillinAllergy = async (patientId: string): Promise<string> => {
    const response = await records('POST', '/allergies', {
      patientId,
      substance: PENICILLIN_CLASS,
      severity: 'severe',
      criticality: 'high',
      verificationStatus: 'confirmed',
      recordedBy: { practitionerId: 'G8123456', odsCode: 'A81001' },
    });
    expect(response.status).toBe(201);
    const allergyId = response.body.id as string;
    await eventually('allergy known to medications', () => allergyOwner(allergyId).then((owner) => owner === patientId));
    return allergyId;
  };
  const allergyOwner = async (allergyId: string): Promise<string | null> =>
    (await harness.db.query('select patient_id from patient_allergy where allergy_id = $1', [allergyId])).rows[0]?.patient_id ?? null;
  const allergyStatus = async (allergyId: string): Promise<string | null> =>
    (await harness.db.query('select status from patient_allergy where allergy_id = $1', [allergyId])).rows[0]?.status ?? null;
  const prescribeAmoxicillin = (patientId: string, overrides = {}) =>
    harness.call('POST', '/medications', prescription(patientId, { medicine: AMOXICILLIN_CAPSULES, quantity: { value: 21, unit: '1' }, ...overrides }));

  it('refuses amoxicillin for a patient allergic to penicillins, unless the prescriber overrides with a reason', async () => {
    const patientId = await knownPatient();
    const allergyId = await recordPenicillinAllergy(patientId);
    const before = await harness.count('medication');

    const refused = await prescribeAmoxicillin(patientId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'ALLERGY_CONFLICT', allergyIds: [allergyId], substances: [PENICILLIN_CLASS] });
    expect(refused.body.message).toContain(`Penicillin (allergy ${allergyId})`);
    expect(await harness.count('medication')).toBe(before);

    expect(await harness.call('POST', '/medications', prescription(patientId, { medicine: PARACETAMOL_TABLETS }))).toMatchObject({ status: 201, body: { allergyCheck: 'checked' } });
    // A medicine the reference table does not know is not refused, and the answer says the check could not run.
    const unknownMedicine = { dmdId: '39113611000001102', term: 'A medicine missing from the reference table' };
    expect(await harness.call('POST', '/medications', prescription(patientId, { medicine: unknownMedicine }))).toMatchObject({
      status: 201,
      body: { allergyCheck: 'ingredients-unknown', allergyOverride: null },
    });

    const overridden = await prescribeAmoxicillin(patientId, { allergyOverrideReason: 'Tolerated amoxicillin in 2024; allergy label doubted' });
    expect(overridden.status).toBe(201);
    const [message] = await harness.tap.waitFor((m) => valueOf(m).medicationId === overridden.body.id);
    expect(valueOf(message).allergyOverride).toEqual({
      reason: 'Tolerated amoxicillin in 2024; allergy label doubted',
      allergyIds: [allergyId],
      substances: [PENICILLIN_CLASS],
    });
  });

  it('allows amoxicillin again once records withdraws the allergy as entered in error', async () => {
    const patientId = await knownPatient();
    const allergyId = await recordPenicillinAllergy(patientId);
    expect((await prescribeAmoxicillin(patientId)).status).toBe(409);

    const withdrawn = await records('POST', `/allergies/${allergyId}/entered-in-error`, { reason: 'Recorded against the wrong patient' });
    expect(withdrawn.status).toBe(200);
    await eventually('allergy withdrawn in medications', async () => (await allergyStatus(allergyId)) === 'entered-in-error');
    expect(await prescribeAmoxicillin(patientId)).toMatchObject({ status: 201, body: { allergyOverride: null } });
  });

  it('moves allergies with a merge, so the survivor is checked against them', async () => {
    const [superseded, survivor] = await Promise.all([knownPatient(), knownPatient()]);
    const allergyId = await recordPenicillinAllergy(superseded);
    await harness.identity.merge(superseded, survivor);

    await eventually('allergy moved to the survivor', async () => (await allergyOwner(allergyId)) === survivor);
    expect(await prescribeAmoxicillin(survivor)).toMatchObject({ status: 409, body: { error: 'ALLERGY_CONFLICT', allergyIds: [allergyId] } });
  });
});
