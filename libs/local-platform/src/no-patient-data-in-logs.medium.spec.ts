import { randomUUID } from 'node:crypto';
import { contractFor, IdentityEventType } from '@care-events/contracts';
import { AvroCodec, createKafka, EventProducer, SchemaRegistryClient, TopicTap, toKafkaHeaders } from '@care-events/messaging';
import { callService } from './testing/call-service';
import { eventually } from './testing/eventually';
import { knownPatientStatus } from './testing/known-patient-status';
import { nhsNumbers } from './testing/nhs-numbers';
import { ServiceProcess, startServiceProcess } from './testing/service-process';
import { tapTopics } from './testing/service-under-test';
import { asPatient, asStaff } from './testing/tokens';

// Distinctive values, so that finding one anywhere in the logs or headers can only mean it leaked.
const NHS_NUMBER = nhsNumbers()();
const GIVEN = 'Philippa';
const FAMILY = 'Quennell-Zabrowski';
const ADDRESS_LINE = '17 Wistaria Crescent';
const POSTCODE = 'DE6 1GH';
const BIRTH_DATE = '1958-07-23';
const PHONE = '07700 900461';
const EMAIL = 'philippa.qz@example.org';
const ALLERGY_TERM = 'Allergy to tartrazine yellow dye';
const PATIENT_DATA = { nhsNumber: NHS_NUMBER, given: GIVEN, family: FAMILY, addressLine: ADDRESS_LINE, postcode: POSTCODE, birthDate: BIRTH_DATE, phone: PHONE, email: EMAIL, allergy: ALLERGY_TERM };

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const IDENTITY_TOPIC = contractFor(IdentityEventType.PatientRegistered).topic;

const registration = {
  nhsNumber: NHS_NUMBER,
  name: { given: [GIVEN], family: FAMILY },
  birthDate: BIRTH_DATE,
  gender: 'female',
  address: { lines: [ADDRESS_LINE], city: 'Ashbourne', postcode: POSTCODE },
  contact: { phone: PHONE, email: EMAIL },
  registeredGpOdsCode: 'A81001',
};

const allergy = (patientId: string, severity = 'moderate') => ({
  patientId,
  substance: { conceptId: '91936005', term: ALLERGY_TERM },
  reaction: { manifestation: { conceptId: '126485001', term: 'Urticaria' }, description: `${GIVEN} came out in hives` },
  severity,
  criticality: 'unable-to-assess',
  verificationStatus: 'confirmed',
  recordedBy: { practitionerId: 'G8123456', name: 'Dr A Ash', odsCode: 'a81001' },
  onsetDate: '2001-04-01',
});

/**
 * Patient data sent through the services' HTTP APIs (successes, 400s, a 404, a 401, a lookup by
 * ?nhsNumber=) and through a consumer failure that dead-letters an event must reach neither the
 * services' logs nor the dead-letter headers.
 */
describe('no patient data in logs or dead-letter headers, on the real platform', () => {
  let identity: ServiceProcess;
  let records: ServiceProcess;
  let deadLetters: TopicTap;

  beforeAll(async () => {
    // info: pino-http logs every request at info; the consumer's failures at warn.
    const settings = { LOG_LEVEL: 'info', CONSUMER_RETRY_ATTEMPTS: '2', CONSUMER_RETRY_BACKOFF_MS: '10' };
    [identity, records, deadLetters] = await Promise.all([
      startServiceProcess('identity', settings, { captureOutput: true }),
      startServiceProcess('records', settings, { captureOutput: true }),
      tapTopics([`${IDENTITY_TOPIC}.dlq`]),
    ]);
  }, 120_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await Promise.all([identity?.stop(), records?.stop()]);
  });

  it('keeps names, NHS numbers, addresses, birth dates and allergies out of every log line and dlq_* header', async () => {
    const patientAuthorization = await asPatient(NHS_NUMBER);
    const statuses = [
      await call(identity, 'POST', '/patients', registration),
      await call(identity, 'POST', '/patients', registration),
      await call(identity, 'POST', '/patients', { ...registration, birthDate: '2999-01-01', religion: FAMILY }),
      await call(identity, 'GET', `/patients?nhsNumber=${NHS_NUMBER}`),
      await call(identity, 'GET', `/patients?nhsNumber=${NHS_NUMBER}&family=${FAMILY}`),
      await call(identity, 'GET', `/patients?nhsNumber=${NHS_NUMBER}`, undefined, { authorization: 'Bearer not-a-token' }),
      await call(identity, 'GET', `/patients?nhsNumber=${NHS_NUMBER}`, undefined, patientAuthorization),
      await call(identity, 'GET', `/patients/${UNKNOWN_ID}?nhsNumber=${NHS_NUMBER}`),
    ];
    expect(statuses).toEqual([201, 409, 400, 200, 400, 401, 200, 404]);

    const patientId = (await callService(identity.url, 'GET', `/patients?nhsNumber=${NHS_NUMBER}`)).body[0].id as string;
    await eventually('records to know the patient', async () => (await knownPatientStatus(records.database.url, patientId)) === 'active');
    const clinician = await asStaff();
    expect([
      await call(records, 'POST', '/allergies', allergy(patientId), clinician),
      await call(records, 'POST', '/allergies', allergy(patientId, 'fatal'), clinician),
      await call(records, 'POST', '/allergies', allergy(UNKNOWN_ID), clinician),
    ]).toEqual([201, 400, 404]);

    // A producer that put the NHS number where the patient id belongs: records cannot store it and dead-letters it.
    const poisonId = await publishRegistrationWithPatientId(NHS_NUMBER);
    const [letter] = await deadLetters.waitFor((message) => message.headers.ce_id === poisonId, 1);
    expect(letter.headers).toMatchObject({ dlq_attempts: '2', dlq_error_message: expect.stringMatching(/uuid/) });

    // The logs hold what happened, so the check below has lines to search: the requests, the 401, the consumer's failure.
    const logs = () => identity.output() + records.output();
    await eventually('the requests and the failure in the logs', async () =>
      ['/patients?nhsNumber=', '"statusCode":401', '"statusCode":404', '/allergies', 'handler failed'].every((line) => logs().includes(line)),
    );
    // Names what leaked, not the value: the patient's token is a credential.
    const sought = { ...PATIENT_DATA, patientToken: patientAuthorization.authorization };
    const leaks = (text: string) => Object.entries(sought).filter(([, value]) => text.includes(value)).map(([name]) => name);
    expect({ logs: leaks(logs()), deadLetterHeaders: leaks(JSON.stringify(letter.headers)) }).toEqual({ logs: [], deadLetterHeaders: [] });
  }, 120_000);
});

async function call(service: ServiceProcess, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<number> {
  return (await callService(service.url, method, path, body, headers)).status;
}

/** PatientRegistered keyed and headed by a fresh id, with `patientId` in its metadata. Gives its eventId. */
async function publishRegistrationWithPatientId(patientId: string): Promise<string> {
  const type = IdentityEventType.PatientRegistered;
  const { topic, schema } = contractFor(type);
  const key = randomUUID();
  const eventId = randomUUID();
  const now = Date.now();
  const metadata = { eventId, occurredAt: now, recordedAt: now, patientId, actor: { type: 'SYSTEM', id: 'test', odsCode: null }, correlationId: eventId, causationId: null };
  const value = {
    metadata,
    nhsNumber: NHS_NUMBER,
    name: { prefix: null, given: [GIVEN], family: FAMILY },
    birthDate: Math.floor(Date.parse(BIRTH_DATE) / 86_400_000),
    gender: 'FEMALE',
    address: { lines: [ADDRESS_LINE], city: 'Ashbourne', district: null, postcode: POSTCODE },
    contact: { phone: PHONE, email: EMAIL },
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  };
  const codec = new AvroCodec(new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL ?? ''), () => undefined);
  const producer = new EventProducer(createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'test-publisher' }));
  try {
    await producer.send([{
      topic,
      key,
      value: await codec.encode(topic, type, schema, value),
      headers: toKafkaHeaders({ eventId, source: '/services/test', type, time: new Date(now).toISOString(), subject: key }),
    }]);
  } finally {
    await producer.disconnect();
  }
  return eventId;
}
