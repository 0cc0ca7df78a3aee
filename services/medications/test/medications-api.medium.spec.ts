import { asPatient, asStaff, CallHeaders, ClinicalServiceHarness, Json } from '@care-events/local-platform';
import { MedicationsModule } from '../src/medications.module';
import { prescription, TOPIC, valueOf } from './medications-fixtures';

describe('medications service on the real broker, registry and PostgreSQL', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('medications', MedicationsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const prescribe = async (patientId: string, overrides = {}, headers?: CallHeaders) => {
    const response = await harness.call('POST', '/medications', prescription(patientId, overrides), headers);
    expect(response.status).toBe(201);
    return response.body as Json;
  };
  const eventOf = async (type: string, medicationId: string) => {
    const [message] = await harness.tap.waitFor((m) => m.headers.ce_type === `care.events.medications.${type}` && valueOf(m).medicationId === medicationId);
    return message;
  };

  it('prescribes and publishes MedicationPrescribed keyed by the patient', async () => {
    const patientId = await harness.newPatient();
    const medication = await prescribe(patientId, {}, await asStaff({ userId: 'G8123456', odsCode: 'A81001' }));
    expect(medication).toMatchObject({ patientId, status: 'active', route: 'oral', courseType: 'acute', allergyOverride: null, allergyCheck: 'checked', quantity: { value: 100, unit: '1' } });

    const message = await eventOf('MedicationPrescribed', medication.id);
    expect(message.key).toBe(patientId);
    expect(message.headers.ce_source).toBe('/services/medications');
    expect(valueOf(message)).toMatchObject({
      metadata: { patientId, actor: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' } },
      medicine: { dmdId: '322236009', term: 'Paracetamol 500mg tablets' },
      dosageText: 'Two tablets up to four times a day',
      route: 'ORAL',
      quantity: { value: 100, unit: '1' },
      courseType: 'ACUTE',
      prescriber: { practitionerId: 'G8123456', name: 'Dr A Patel', odsCode: 'A81001' },
      allergyOverride: null,
    });
  });

  it('changes the dose, dispenses and stops, each with its event, and reads them back', async () => {
    const patientId = await harness.newPatient();
    const { id } = await prescribe(patientId, { courseType: 'repeat' });

    const dosed = await harness.call('POST', `/medications/${id}/dose`, { dosageText: 'One tablet four times a day' });
    expect(dosed).toMatchObject({ status: 200, body: { dosageText: 'One tablet four times a day' } });
    const dispensed = await harness.call('POST', `/medications/${id}/dispensations`, { pharmacyOdsCode: 'fa123', quantity: { value: 32, unit: '1' } });
    expect(dispensed).toMatchObject({ status: 201, body: { medicationId: id, patientId, pharmacyOdsCode: 'FA123' } });
    const stopped = await harness.call('POST', `/medications/${id}/stop`, { reason: 'Pain resolved' });
    expect(stopped).toMatchObject({ status: 200, body: { status: 'stopped', stopReason: 'Pain resolved' } });

    expect(valueOf(await eventOf('MedicationDoseChanged', id))).toMatchObject({
      previousDosageText: 'Two tablets up to four times a day',
      dosageText: 'One tablet four times a day',
      medicine: { dmdId: '322236009' },
    });
    expect(valueOf(await eventOf('MedicationDispensed', id))).toMatchObject({
      dispensationId: dispensed.body.id,
      pharmacyOdsCode: 'FA123',
      quantity: { value: 32, unit: '1' },
    });
    expect(valueOf(await eventOf('MedicationStopped', id))).toMatchObject({ reason: 'Pain resolved', metadata: { patientId } });

    const detail = await harness.call('GET', `/medications/${id}`);
    expect(detail.body).toMatchObject({ status: 'stopped', courseType: 'repeat', dispensations: [{ id: dispensed.body.id, quantity: { value: 32, unit: '1' } }] });
    const list = await harness.call('GET', `/medications?patientId=${patientId}`);
    expect(list.body.map((medication: Json) => medication.id)).toEqual([id]);
  });

  it('refuses to dispense, re-dose or stop again a stopped medication, saying why it was stopped', async () => {
    const { id } = await prescribe(await harness.newPatient());
    await harness.call('POST', `/medications/${id}/stop`, { reason: 'Rash after the first dose' });
    const outboxBefore = await harness.count('outbox_message');

    const dispense = await harness.call('POST', `/medications/${id}/dispensations`, { pharmacyOdsCode: 'FA123', quantity: { value: 1, unit: '1' } });
    const dose = await harness.call('POST', `/medications/${id}/dose`, { dosageText: 'One a day' });
    const stopAgain = await harness.call('POST', `/medications/${id}/stop`, { reason: 'again' });
    for (const response of [dispense, dose, stopAgain]) {
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: 'MEDICATION_STOPPED', stopReason: 'Rash after the first dose' });
      expect(response.body.message).toContain('was stopped');
    }
    expect(await harness.count('outbox_message')).toBe(outboxBefore);
    expect(await harness.count(`dispensation where medication_id = '${id}'`)).toBe(0);
  });

  it('refuses bad input with a 400 naming each field, and writes and publishes nothing', async () => {
    const patientId = await harness.newPatient();
    const before = { medications: await harness.count('medication'), outbox: await harness.count('outbox_message') };
    const bad = await harness.call('POST', '/medications', prescription(patientId, {
      medicine: { dmdId: '323509005', term: 'Amoxicillin 250mg capsules' },
      quantity: { value: -5, unit: 'tablet' },
    }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.arrayContaining([
      'medicine.dmdId: Verhoeff check digit does not match',
      'quantity.value: must be a positive number',
      'quantity.unit: is not a known UCUM unit',
    ]));
    const zero = await harness.call('POST', '/medications', prescription(patientId, { quantity: { value: 0, unit: '1' }, dosageText: ' ' }));
    expect(zero.body.message).toEqual(expect.arrayContaining(['quantity.value: must be a positive number', 'dosageText: must not be blank']));
    expect({ medications: await harness.count('medication'), outbox: await harness.count('outbox_message') }).toEqual(before);

    const { id } = await prescribe(patientId);
    const badSupply = await harness.call('POST', `/medications/${id}/dispensations`, { pharmacyOdsCode: 'FA123', quantity: { value: 0, unit: '1' } });
    expect(badSupply).toMatchObject({ status: 400, body: { message: ['quantity.value: must be a positive number'] } });
    expect(await harness.count(`dispensation where medication_id = '${id}'`)).toBe(0);
  });

  it('answers 404 for a patient identity never registered and for an unknown medication', async () => {
    const unknownPatient = await harness.call('POST', '/medications', prescription('7a1c4f4e-9d7e-4d3f-8d4e-0c1f7b2a9e11'));
    expect(unknownPatient).toMatchObject({ status: 404, body: { error: 'PATIENT_UNKNOWN' } });
    const unknownMedication = await harness.call('POST', '/medications/7a1c4f4e-9d7e-4d3f-8d4e-0c1f7b2a9e11/stop', { reason: 'x' });
    expect(unknownMedication).toMatchObject({ status: 404, body: { error: 'MEDICATION_NOT_FOUND' } });
  });

  it('refuses to prescribe or dispense for a deceased patient, but lets the medication be stopped', async () => {
    const patientId = await harness.newPatient();
    const { id } = await prescribe(patientId);
    await harness.identity.recordDeath(patientId, '2026-11-01');
    await harness.untilPatientIs(patientId, 'deceased');

    expect(await harness.call('POST', '/medications', prescription(patientId))).toMatchObject({ status: 409, body: { error: 'PATIENT_DECEASED' } });
    const dispense = await harness.call('POST', `/medications/${id}/dispensations`, { pharmacyOdsCode: 'FA123', quantity: { value: 1, unit: '1' } });
    expect(dispense).toMatchObject({ status: 409, body: { error: 'PATIENT_DECEASED' } });
    expect(await harness.call('POST', `/medications/${id}/stop`, { reason: 'Patient died' })).toMatchObject({ status: 200, body: { status: 'stopped' } });
  });

  it('moves a merged patient\'s medications and dispensations to the survivor and publishes MedicationsMerged', async () => {
    const [superseded, survivor] = await Promise.all([harness.newPatient(), harness.newPatient()]);
    const first = await prescribe(superseded);
    const second = await prescribe(superseded, { medicine: { dmdId: '320000009', term: 'Simvastatin 40mg tablets' } });
    await harness.call('POST', `/medications/${first.id}/dispensations`, { pharmacyOdsCode: 'FA123', quantity: { value: 32, unit: '1' } });
    await harness.identity.merge(superseded, survivor);

    const [merged] = await harness.tap.waitFor((m) => m.headers.ce_type === 'care.events.medications.MedicationsMerged' && m.key === survivor);
    expect(valueOf(merged)).toMatchObject({
      metadata: { patientId: survivor, actor: { type: 'SYSTEM' } },
      supersededPatientId: superseded,
      survivingPatientId: survivor,
      medicationIds: [first.id, second.id].sort(),
    });
    const owners = await harness.db.query('select distinct patient_id from medication where id = any($1) union select distinct patient_id from dispensation where medication_id = $2', [[first.id, second.id], first.id]);
    expect(owners.rows).toEqual([{ patient_id: survivor }]);
    const list = await harness.call('GET', `/medications?patientId=${survivor}`);
    expect(list.body).toHaveLength(2);
    expect(await harness.call('POST', '/medications', prescription(superseded))).toMatchObject({ status: 409, body: { error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor } });
  });

  it('publishes no MedicationsMerged when the superseded patient had no medications', async () => {
    const [superseded, survivor] = await Promise.all([harness.newPatient(), harness.newPatient()]);
    await harness.identity.merge(superseded, survivor);
    // The view turns superseded in the same transaction as the merge hook runs.
    await harness.untilPatientIs(superseded, 'superseded');
    const merges = await harness.db.query('select count(*) from outbox_message where message_key = $1 and event_type = $2', [survivor, 'care.events.medications.MedicationsMerged']);
    expect(Number(merges.rows[0].count)).toBe(0);
  });

  it('lets only those the access rules allow read a patient\'s medications, and audits each read in the outbox', async () => {
    const nhsNumber = harness.identity.newNhsNumber();
    const patientId = await harness.identity.register({ nhsNumber });
    await harness.untilPatientIs(patientId, 'active');
    const { id } = await prescribe(patientId);
    const stranger = await asStaff({ odsCode: 'B82002' });
    expect(await harness.call('GET', `/medications?patientId=${patientId}`, undefined, stranger)).toMatchObject({ status: 403 });
    expect(await harness.call('GET', `/medications/${id}`, undefined, stranger)).toMatchObject({
      status: 403, body: { message: expect.stringMatching(/^no active care relationship between B82002/) },
    });
    const me = await asPatient(nhsNumber);
    expect(await harness.call('GET', `/medications?patientId=${patientId}`, undefined, me)).toMatchObject({ status: 200, body: [{ id }] });
    expect(await harness.call('GET', `/medications/${id}`, undefined, await asPatient(harness.identity.newNhsNumber()))).toMatchObject({ status: 403 });
    // Unknown stays unknown: no patient was read, so nothing is audited.
    expect(await harness.call('GET', '/medications/7a1c4f4e-9d7e-4d3f-8d4e-0c1f7b2a9e11', undefined, stranger)).toMatchObject({ status: 404 });
    const audited = await harness.db.query(
      `select payload->>'what' as what, payload->>'outcome' as outcome from outbox_message where event_type = 'care.events.audit.PatientDataAccessed' and message_key = $1 order by id`,
      [patientId],
    );
    expect(audited.rows.map((row) => `${row.what} ${row.outcome}`)).toEqual([
      'medications:list DENIED', 'medications:medication DENIED', 'medications:list ALLOWED', 'medications:medication DENIED',
    ]);
  });
});
