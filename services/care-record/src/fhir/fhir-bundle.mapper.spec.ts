import { OperationOutcomeError, validateResource } from '@medplum/core';
import type {
  AllergyIntolerance, Appointment, Bundle, Condition, DiagnosticReport, Encounter, MedicationStatement, Observation, OperationOutcomeIssue, Patient,
  Resource,
} from '@medplum/fhirtypes';
import { checkRequiredBindings, codeSystemDefines, loadR4Definitions } from '@care-events/local-platform';
import type { CareRecord } from '../domain/care-record';
import { toFhirBundle } from './fhir-bundle.mapper';

const PATIENT = '6f1c2a4e-0b7d-4c55-9a51-7f0e2d3c9a01';
const ids = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const snomed = (code: string, display: string) => ({ system: 'http://snomed.info/sct' as const, code, display });
const clinician = { practitionerId: 'G8123456', name: 'Dr A Carter', odsCode: 'A81001' };
const potassium = snomed('1000651000000109', 'Serum potassium level');

/** A record holding every kind of entry the care record keeps, in each of its states. */
const record: CareRecord = {
  patientId: PATIENT, nhsNumber: '9990000018', sensitive: true,
  demographics: { name: { prefix: 'Mrs', given: ['Jane', 'Ann'], family: 'Smith' }, birthDate: '1948-03-14', gender: 'FEMALE' },
  registeredGpOdsCode: 'A81001', nominatedPharmacyOdsCode: 'FA123', deceased: { dateOfDeath: '2025-01-02' }, supersededBy: null,
  allergies: [
    {
      allergyId: ids(1), substance: snomed('373270004', 'Penicillin -class of antibiotic-'), type: 'ALLERGY',
      reaction: { manifestation: snomed('39579001', 'Anaphylaxis'), description: 'Collapsed after first dose' }, severity: 'SEVERE',
      criticality: 'HIGH', verificationStatus: 'CONFIRMED', onsetDate: '1990-06-01', recordedBy: clinician, recordedAt: '2024-01-05T10:00:00.000Z',
    },
    {
      allergyId: ids(2), substance: snomed('227493005', 'Cashew nut'), type: 'INTOLERANCE', reaction: null, severity: 'MILD',
      criticality: 'UNABLE_TO_ASSESS', verificationStatus: 'UNCONFIRMED', onsetDate: null, recordedBy: { ...clinician, name: null }, recordedAt: '2024-01-04T10:00:00.000Z',
    },
  ],
  problems: [
    { conditionId: ids(3), code: snomed('38341003', 'Hypertension'), clinicalStatus: 'ACTIVE', onsetDate: '2010-02-01', resolvedDate: null, recordedBy: clinician, recordedAt: '2024-01-03T10:00:00.000Z' },
    { conditionId: ids(4), code: snomed('68566005', 'Urinary tract infection'), clinicalStatus: 'RESOLVED', onsetDate: null, resolvedDate: '2024-02-10', recordedBy: null, recordedAt: '2024-01-02T10:00:00.000Z' },
  ],
  medications: [
    {
      medicationId: ids(5), medicine: { system: 'https://dmd.nhs.uk', code: '318135000', display: 'Amlodipine 5mg tablets' }, dosageText: 'One tablet daily',
      route: 'ORAL', quantity: { value: 28, unit: '1' }, courseType: 'REPEAT', status: 'ACTIVE', prescriber: clinician, prescribedAt: '2024-01-03T10:05:00.000Z',
      allergyOverride: null, doseChangedAt: '2024-03-01T09:00:00.000Z', lastDispensed: null, stoppedAt: null, stoppedBy: null, stopReason: null,
    },
    {
      medicationId: ids(6), medicine: { system: 'https://dmd.nhs.uk', code: '323509004', display: 'Amoxicillin 500mg capsules' }, dosageText: 'One capsule three times a day',
      route: 'ORAL', quantity: { value: 21, unit: '1' }, courseType: 'ACUTE', status: 'STOPPED', prescriber: clinician, prescribedAt: '2024-01-01T10:00:00.000Z',
      allergyOverride: null, doseChangedAt: null, lastDispensed: { dispensedAt: '2024-01-01T12:00:00.000Z', pharmacyOdsCode: 'FA123', quantity: { value: 21, unit: '1' } },
      stoppedAt: '2024-01-05T10:00:00.000Z', stoppedBy: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' }, stopReason: 'Penicillin allergy recorded',
    },
  ],
  results: [
    {
      reportId: ids(7), version: 2, testCode: snomed('24326000', 'Urea and electrolytes'), status: 'FINAL', performingLabOdsCode: 'RXX01', requestingOdsCode: 'A81001',
      effectiveAt: '2024-04-01T08:00:00.000Z', issuedAt: '2024-04-02T09:00:00.000Z', critical: true, released: false, amendmentReason: 'Haemolysed sample',
      observations: [
        { code: potassium, value: 6.9, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH', critical: true },
        { code: potassium, value: 6.8, unit: 'mmol/L', referenceRange: { low: null, high: 5.3 }, interpretation: 'A', critical: true },
        { code: snomed('1000731000000107', 'Serum creatinine level'), value: 80, unit: 'umol/L', referenceRange: { low: null, high: null }, interpretation: 'N', critical: false },
      ],
    },
    {
      reportId: ids(8), version: 1, testCode: snomed('26604007', 'Full blood count'), status: 'FINAL', performingLabOdsCode: 'RXX01', requestingOdsCode: 'A81001',
      effectiveAt: null, issuedAt: '2024-03-02T09:00:00.000Z', critical: false, released: true, amendmentReason: null,
      observations: [{ code: snomed('1022431000000105', 'Haemoglobin estimation'), value: 101, unit: 'g/L', referenceRange: null, interpretation: 'L', critical: false }],
    },
    {
      reportId: ids(9), version: 1, testCode: snomed('997531000000108', 'Blood glucose'), status: 'PRELIMINARY', performingLabOdsCode: 'RXX01', requestingOdsCode: 'A81001',
      effectiveAt: null, issuedAt: '2024-03-01T09:00:00.000Z', critical: true, released: false, amendmentReason: null,
      observations: [{ code: snomed('997671000000106', 'Blood glucose level'), value: 1.9, unit: 'mmol/L', referenceRange: { low: 4, high: 7 }, interpretation: 'LL', critical: true }],
    },
  ],
  appointments: (['BOOKED', 'ATTENDED', 'MISSED', 'CANCELLED'] as const).map((status, i) => ({
    appointmentId: ids(10 + i), slotId: ids(20 + i), odsCode: 'A81001', service: 'GP appointment',
    start: `2024-05-0${i + 1}T09:00:00.000Z`, end: `2024-05-0${i + 1}T09:10:00.000Z`, status, bookedBy: 'PATIENT' as const,
    cancellation: status === 'CANCELLED' ? { cancelledBy: 'PATIENT' as const, reason: 'Feeling better' } : null,
  })),
  encounters: [
    { encounterId: ids(14), setting: 'AMBULANCE', odsCode: 'RX9', startedAt: '2024-06-01T10:00:00.000Z', endedAt: '2024-06-01T11:00:00.000Z', reason: snomed('29857009', 'Chest pain') },
    { encounterId: ids(15), setting: 'EMERGENCY_DEPARTMENT', odsCode: 'RXX', startedAt: '2024-06-01T11:30:00.000Z', endedAt: null, reason: null },
  ],
};

/** A record known only from another topic, and merged away: no NHS number, demographics, GP or entries. */
const mergedAway: CareRecord = {
  ...record, patientId: ids(16), nhsNumber: null, sensitive: false, demographics: null, registeredGpOdsCode: null, nominatedPharmacyOdsCode: null,
  deceased: null, supersededBy: PATIENT, allergies: [], problems: [], medications: [], results: [], appointments: [], encounters: [],
};

const generatedAt = new Date('2024-07-01T12:00:00.000Z');
const bundle = toFhirBundle(record, { generatedAt, baseUrl: 'https://care-record.example.nhs.uk' });
const resources = (b: Bundle): Resource[] => (b.entry ?? []).map((e) => e.resource as Resource);
const ofType = <T extends Resource>(type: T['resourceType']): T[] => resources(bundle).filter((r): r is T => r.resourceType === type);

beforeAll(() => loadR4Definitions(), 60_000);

describe('toFhirBundle: validity against the published R4 definitions', () => {
  it('maps every kind of entry of the record', () => {
    const count = (type: string) => resources(bundle).filter((r) => r.resourceType === type).length;
    expect([
      'Patient', 'AllergyIntolerance', 'Condition', 'MedicationStatement', 'DiagnosticReport', 'Observation', 'Appointment', 'Encounter',
    ].map(count)).toEqual([1, 2, 2, 2, 3, 5, 4, 2]);
  });

  it.each([['the full record', bundle], ['a merged-away record without demographics', toFhirBundle(mergedAway, { generatedAt })]])(
    'validates %s, the bundle and each resource, with no issue', (_name, mapped) => {
      const linked = withLiteralReferences(mapped);
      expect(validationIssues(linked)).toEqual([]);
      for (const resource of resources(linked)) expect({ [resource.resourceType]: validationIssues(resource) }).toEqual({ [resource.resourceType]: [] });
    },
  );

  it('uses only codes of the bound value set wherever R4 binds an element with strength required', () => {
    const mapped = [bundle, toFhirBundle(mergedAway, { generatedAt })];
    const uses = [...mapped.map((b) => ({ ...b, entry: [] })), ...mapped.flatMap(resources)].map(checkRequiredBindings);
    expect(uses.flatMap((u) => u.violations)).toEqual([]);
    expect(new Set(uses.flatMap((u) => u.checked.map((c) => c.path.replace(/\[\d+\]/g, ''))))).toEqual(new Set([
      'Bundle.type', 'Patient.name.use', 'Patient.gender', 'Patient.link.type',
      'AllergyIntolerance.clinicalStatus', 'AllergyIntolerance.verificationStatus', 'AllergyIntolerance.type', 'AllergyIntolerance.criticality',
      'AllergyIntolerance.reaction.severity', 'Condition.clinicalStatus', 'MedicationStatement.status', 'DiagnosticReport.status', 'Observation.status',
      'Appointment.status', 'Appointment.participant.required', 'Appointment.participant.status', 'Encounter.status',
    ]));
  });

  it('codes elements of extensible bindings from the code systems they name', () => {
    const codings = [...ofType<Observation>('Observation').flatMap((o) => o.interpretation?.[0].coding ?? []), ...ofType<Encounter>('Encounter').map((e) => e.class)];
    expect(codings.filter((c) => !codeSystemDefines(c.system ?? '', c.code ?? ''))).toEqual([]);
  });
});

describe('the required-binding check', () => {
  const [patient, allergy] = resources(withLiteralReferences(bundle)) as [Patient, AllergyIntolerance];

  it('leaves structure to medplum, which reports a missing participant and a reference to a type the element does not allow', () => {
    const appointment = resources(withLiteralReferences(bundle)).find((r): r is Appointment => r.resourceType === 'Appointment') as Appointment;
    expect(validationIssues({ ...appointment, participant: [] }).map((i) => i.expression)).toEqual([['Appointment.participant']]);
    const misdirected = { ...allergy, patient: { reference: `Appointment/${appointment.id}` } };
    expect(validationIssues(misdirected).map((i) => i.expression)).toEqual([['AllergyIntolerance.patient']]);
  });

  it('catches a code outside the value set that medplum accepts', () => {
    const fish = { ...patient, gender: 'fish' } as unknown as Patient;
    expect(validationIssues(fish)).toEqual([]);
    expect(checkRequiredBindings(fish).violations).toEqual([{ path: 'Patient.gender', valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1', codes: ['fish'] }]);
  });

  it('catches a wrong AllergyIntolerance clinical status, by code and by code system', () => {
    const system = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
    const wrongCode = { ...allergy, clinicalStatus: { coding: [{ system, code: 'confirmed' }] } };
    const wrongSystem = { ...allergy, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] } };
    for (const wrong of [wrongCode, wrongSystem]) {
      expect(validationIssues(wrong)).toEqual([]);
      expect(checkRequiredBindings(wrong).violations.map((v) => v.path)).toEqual(['AllergyIntolerance.clinicalStatus']);
    }
  });
});

describe('toFhirBundle: content', () => {
  it('is a collection stamped with its time, every resource at the urn:uuid of its record id', () => {
    expect(bundle).toMatchObject({
      type: 'collection', timestamp: '2024-07-01T12:00:00.000Z',
      link: [{ relation: 'self', url: `https://care-record.example.nhs.uk/patients/${PATIENT}/care-record?format=fhir` }],
    });
    const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl);
    expect(fullUrls).toEqual(resources(bundle).map((r) => `urn:uuid:${r.id}`));
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    expect(resources(bundle).map((r) => r.id)).toEqual(expect.arrayContaining([PATIENT, ...Array.from({ length: 15 }, (_, i) => ids(i + 1))]));
  });

  it('identifies the patient by NHS number and the GP by ODS code, marks a sensitive record restricted, and gives no address or contact', () => {
    expect(ofType<Patient>('Patient')[0]).toEqual({
      resourceType: 'Patient', id: PATIENT,
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' }] },
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }],
      name: [{ use: 'usual', family: 'Smith', given: ['Jane', 'Ann'], prefix: ['Mrs'] }], gender: 'female', birthDate: '1948-03-14',
      deceasedDateTime: '2025-01-02',
      generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' } }],
    });
  });

  it('points a merged-away record to the one that replaced it', () => {
    const [merged] = resources(toFhirBundle(mergedAway, { generatedAt })) as Patient[];
    expect(merged).toEqual({
      resourceType: 'Patient', id: ids(16), active: false,
      link: [{ type: 'replaced-by', other: { type: 'Patient', identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${PATIENT}` } } }],
    });
  });

  it('codes allergies in SNOMED CT with their statuses, keeping a severity whose reaction was not recorded', () => {
    const [penicillin, cashew] = ofType<AllergyIntolerance>('AllergyIntolerance');
    expect(penicillin).toMatchObject({
      clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] }, type: 'allergy', criticality: 'high',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '373270004' }] }, patient: { reference: `urn:uuid:${PATIENT}` },
      reaction: [{ manifestation: [{ coding: [{ code: '39579001' }] }], severity: 'severe', description: 'Collapsed after first dose' }],
      recorder: { identifier: { value: 'G8123456' }, display: 'Dr A Carter' },
    });
    expect(cashew).toMatchObject({ verificationStatus: { coding: [{ code: 'unconfirmed' }] }, type: 'intolerance', criticality: 'unable-to-assess' });
    expect(cashew.reaction).toEqual([{
      manifestation: [{ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] }], severity: 'mild',
    }]);
  });

  it('lists problems with their clinical status, a resolved one with its abatement', () => {
    const [active, resolved] = ofType<Condition>('Condition');
    expect(active).toMatchObject({ clinicalStatus: { coding: [{ code: 'active' }] }, category: [{ coding: [{ code: 'problem-list-item' }] }], onsetDateTime: '2010-02-01' });
    expect(active.abatementDateTime).toBeUndefined();
    expect(resolved).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: '2024-02-10' });
    expect(resolved.recorder).toBeUndefined();
  });

  it('codes medicines in dm+d with dosage text, and says why a stopped one was stopped', () => {
    const [active, stopped] = ofType<MedicationStatement>('MedicationStatement');
    expect(active).toMatchObject({
      status: 'active', medicationCodeableConcept: { coding: [{ system: 'https://dmd.nhs.uk', code: '318135000' }] },
      dosage: [{ text: 'One tablet daily', route: { text: 'Oral' } }], effectivePeriod: { start: '2024-01-03T10:05:00.000Z' }, dateAsserted: '2024-03-01T09:00:00.000Z',
    });
    expect(active.statusReason).toBeUndefined();
    expect(stopped).toMatchObject({
      status: 'stopped', statusReason: [{ text: 'Penicillin allergy recorded' }],
      effectivePeriod: { start: '2024-01-01T10:00:00.000Z', end: '2024-01-05T10:00:00.000Z' },
    });
  });

  it('gives reports final, amended or preliminary status, values in UCUM, and flags critical values HH, LL or AA', () => {
    const reports = ofType<DiagnosticReport>('DiagnosticReport');
    expect(reports.map((r) => [r.status, r.meta?.versionId])).toEqual([['amended', '2'], ['final', '1'], ['preliminary', '1']]);
    const observations = ofType<Observation>('Observation');
    expect(reports.flatMap((r) => r.result?.map((ref) => ref.reference))).toEqual(observations.map((o) => `urn:uuid:${o.id}`));
    expect(observations.map((o) => [o.status, o.interpretation?.[0].coding?.[0].code])).toEqual([
      ['amended', 'HH'], ['amended', 'AA'], ['amended', 'N'], ['final', 'L'], ['preliminary', 'LL'],
    ]);
    expect(observations[0]).toMatchObject({
      valueQuantity: { value: 6.9, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      referenceRange: [{ low: { value: 3.5, code: 'mmol/L' }, high: { value: 5.3, code: 'mmol/L' } }],
      performer: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RXX01' } }],
    });
    expect(observations[1].referenceRange).toEqual([{ high: { value: 5.3, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } }]);
    expect(observations[2].referenceRange).toBeUndefined();
  });

  it('keeps an observation id across versions of its report, also for a code measured twice', () => {
    const amended = { ...record.results[0], version: 3, observations: [...record.results[0].observations].reverse() };
    const again = ofType<Observation>('Observation').slice(0, 3).map((o) => o.id);
    const observationIds = resources(toFhirBundle({ ...record, results: [amended] }, { generatedAt })).filter((r) => r.resourceType === 'Observation').map((r) => r.id);
    expect(new Set(observationIds)).toEqual(new Set(again));
    expect(new Set(again).size).toBe(3);
  });

  it('gives appointments their status, the patient and the care setting as participants', () => {
    const appointments = ofType<Appointment>('Appointment');
    expect(appointments.map((a) => a.status)).toEqual(['booked', 'fulfilled', 'noshow', 'cancelled']);
    expect(appointments[3]).toMatchObject({
      cancelationReason: { text: 'Feeling better' }, serviceType: [{ text: 'GP appointment' }],
      participant: [
        { actor: { reference: `urn:uuid:${PATIENT}` }, required: 'required', status: 'declined' },
        { actor: { type: 'Location', identifier: { value: 'A81001' } }, required: 'required', status: 'accepted' },
      ],
    });
    expect(appointments[0].participant[0].status).toBe('accepted');
  });

  it('gives encounters their status, v3 ActCode class and the ODS code of the provider', () => {
    expect(ofType<Encounter>('Encounter').map((e) => [e.status, e.class.code, e.serviceProvider?.identifier?.value, e.reasonCode?.[0].coding?.[0].code])).toEqual([
      ['finished', 'FLD', 'RX9', '29857009'], ['in-progress', 'EMER', 'RXX', undefined],
    ]);
  });
});

/** validateResource's issues: it throws on errors and returns the rest. */
function validationIssues(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

/**
 * The bundle with each urn:uuid reference replaced by the literal Type/id of the entry it names.
 * Medplum's validator cannot follow urn:uuid references inside a bundle (it warns on each); resolved,
 * it checks that every reference points at a type its element allows. A reference naming no entry fails here.
 */
function withLiteralReferences(mapped: Bundle): Bundle {
  const literal = new Map((mapped.entry ?? []).map((e) => [e.fullUrl, `${e.resource?.resourceType}/${e.resource?.id}`]));
  return JSON.parse(JSON.stringify(mapped), (key, value) => {
    if (key !== 'reference' || typeof value !== 'string' || !value.startsWith('urn:uuid:')) return value;
    if (!literal.has(value)) throw new Error(`${value} names no entry of the bundle`);
    return literal.get(value);
  });
}
