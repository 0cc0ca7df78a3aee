import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Client } from 'pg';
import { asStaff, authorizationUnlessGiven, ServiceUnderTest, startServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { TopicTap } from '@care-events/messaging';
import { startTracing } from '@care-events/service-kit';
import { IdentityModule } from '../src/identity.module';
import { nhsNumbers, registration } from './identity-fixtures';

const TOPIC = 'identity.patient.v1';

// Response bodies are checked field by field below; their static type adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const json = async (response: Response): Promise<Json> => response.json();

describe('identity service on the real broker, registry and PostgreSQL', () => {
  let service: ServiceUnderTest;
  let tap: TopicTap;
  let db: Client;
  const nextNhsNumber = nhsNumbers();

  beforeAll(async () => {
    startTracing('identity-test');
    service = await startServiceUnderTest('identity', IdentityModule);
    tap = await tapTopics([TOPIC]);
    db = new Client({ connectionString: service.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await tap?.stop();
    await service?.stop();
  });

  /** As the default test caller unless `headers` brings its own authorization. */
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(await authorizationUnlessGiven(headers)), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const register = async (overrides = {}) => {
    const response = await call('POST', '/patients', registration(nextNhsNumber(), overrides));
    expect(response.status).toBe(201);
    return (await json(response)) as { id: string; version: number; nhsNumber: string };
  };
  const eventsOf = (patientId: string, count = 1) => tap.waitFor((m) => m.key === patientId, count);
  const count = async (table: string) => Number((await db.query(`select count(*) from ${table}`)).rows[0].count);

  it('commits the patient and publishes PatientRegistered, readable by any Confluent-format client', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await call('POST', '/patients', registration('943 476 5919'), {
      ...(await asStaff({ userId: 'G8123456', odsCode: 'A81001' })),
      // Ignored: the actor comes from the token alone.
      'x-actor-type': 'SYSTEM',
      'x-actor-id': 'forged',
      'x-correlation-id': 'corr-1',
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const patient = await json(response);
    expect(patient.nhsNumber).toBe('9434765919');

    const row = await db.query('select nhs_number, status, version from patient where id = $1', [patient.id]);
    expect(row.rows).toEqual([{ nhs_number: '9434765919', status: 'active', version: 1 }]);

    const [message] = await eventsOf(patient.id);
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: '/services/identity',
      ce_type: 'care.events.identity.PatientRegistered',
      ce_subject: patient.id,
      'content-type': 'application/avro',
    });
    expect(message.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // An independent Confluent wire-format client, reading through the registry by schema id.
    const independent = await new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL as string }).decode(message.raw);
    expect(independent).toMatchObject({
      metadata: {
        eventId: message.headers.ce_id,
        patientId: patient.id,
        actor: { type: 'PRACTITIONER', id: 'G8123456', odsCode: 'A81001' },
        correlationId: 'corr-1',
        causationId: null,
      },
      nhsNumber: '9434765919',
      gender: 'FEMALE',
      registeredGpOdsCode: 'A81001',
      address: { lines: ['1 Chapel Street'], city: 'Leeds', district: null, postcode: 'LS1 4AP' },
      sensitive: false,
    });
    expect(message.raw.readUInt8(0)).toBe(0);
  });

  it('refuses bad input with a 400 naming each field, and writes and publishes nothing', async () => {
    const before = { patients: await count('patient'), outbox: await count('outbox_message') };
    const response = await call('POST', '/patients', {
      ...registration('943 476 5918'),
      birthDate: '1970-02-30',
      registeredGpOdsCode: 'A!',
      address: { lines: [], postcode: 'nowhere' },
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.message).toEqual(
      expect.arrayContaining([
        'nhsNumber: check digit does not match',
        'birthDate: must be a date as YYYY-MM-DD',
        'registeredGpOdsCode: must be an ODS code of 3 to 8 letters and digits',
        'address.postcode: must be a UK postcode such as LS1 4AP',
      ]),
    );
    expect({ patients: await count('patient'), outbox: await count('outbox_message') }).toEqual(before);
  });

  it('never puts a sensitive patient address or contact details in an event', async () => {
    const patient = await register({ sensitive: true, contact: { phone: '07700 900123' } });
    await call('PATCH', `/patients/${patient.id}/demographics`, { address: { lines: ['2 New Road'], postcode: 'LS2 7EW' } });
    const [registered, updated] = await eventsOf(patient.id, 2);
    for (const message of [registered, updated]) {
      const value = (message.decoded as { value: Record<string, unknown> }).value;
      expect(value.address).toBeNull();
      expect(value.contact).toBeNull();
      expect(message.raw.includes(Buffer.from('New Road'))).toBe(false);
    }
  });

  it('answers a duplicate NHS number with 409 naming the existing record, and writes neither a patient nor an event', async () => {
    const patient = await register();
    const before = { patients: await count('patient'), outbox: await count('outbox_message') };
    const response = await call('POST', '/patients', registration(patient.nhsNumber));
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ error: 'DUPLICATE_NHS_NUMBER', existingPatientId: patient.id });
    expect({ patients: await count('patient'), outbox: await count('outbox_message') }).toEqual(before);
  });

  it('refuses a stale version with 412 and accepts the current one', async () => {
    const patient = await register();
    const first = await call('PUT', `/patients/${patient.id}/registered-gp`, { registeredGpOdsCode: 'B82001' }, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await call('PUT', `/patients/${patient.id}/nominated-pharmacy`, { nominatedPharmacyOdsCode: 'FA123' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(await json(stale)).toMatchObject({ error: 'VERSION_MISMATCH', currentVersion: 2 });
  });

  it('keeps a deceased record closed to demographic change but open to a correction of the death', async () => {
    const patient = await register();
    expect((await call('PUT', `/patients/${patient.id}/death`, { dateOfDeath: '2026-11-01' })).status).toBe(200);
    const refused = await call('PATCH', `/patients/${patient.id}/demographics`, { gender: 'other' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toBe('PATIENT_DECEASED');
    const corrected = await call('PUT', `/patients/${patient.id}/death`, { dateOfDeath: '2026-10-31' });
    expect(corrected.status).toBe(200);
    const events = await eventsOf(patient.id, 3);
    expect(events.map((m) => m.headers.ce_type.split('.').pop())).toEqual(['PatientRegistered', 'PatientDeceased', 'PatientDeceased']);
    expect((events[2].decoded as { value: { correction: boolean } }).value.correction).toBe(true);
  });

  it('merges a duplicate one way: the superseded record points to the survivor and refuses writes', async () => {
    const survivor = await register();
    const duplicate = await register();
    const merged = await call('POST', `/patients/${duplicate.id}/merge`, { survivingPatientId: survivor.id });
    expect(merged.status).toBe(200);
    expect(await json(await call('GET', `/patients/${duplicate.id}`))).toMatchObject({ status: 'superseded', survivingPatientId: survivor.id });
    const write = await call('PUT', `/patients/${duplicate.id}/sensitivity`, { sensitive: true });
    expect(write.status).toBe(409);
    expect(await json(write)).toMatchObject({ error: 'PATIENT_SUPERSEDED', survivingPatientId: survivor.id });
    const back = await call('POST', `/patients/${survivor.id}/merge`, { survivingPatientId: duplicate.id });
    expect(back.status).toBe(409);
    const [, mergeEvent] = await eventsOf(duplicate.id, 2);
    expect((mergeEvent.decoded as { value: object }).value).toMatchObject({ supersededPatientId: duplicate.id, survivingPatientId: survivor.id });
  });

  it('finds a patient by NHS number written with spaces, and 404s an unknown id', async () => {
    const patient = await register();
    const spaced = `${patient.nhsNumber.slice(0, 3)} ${patient.nhsNumber.slice(3, 6)} ${patient.nhsNumber.slice(6)}`;
    const found = await json(await call('GET', `/patients?nhsNumber=${encodeURIComponent(spaced)}`));
    expect(found.map((p: { id: string }) => p.id)).toEqual([patient.id]);
    expect((await call('GET', '/patients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/patients/not-a-uuid')).status).toBe(400);
  });

  it('serves its OpenAPI document, with the bearer scheme on every operation, and health, without a token', async () => {
    const anonymous = { authorization: '' };
    const openapi = await json(await call('GET', '/openapi.json', undefined, anonymous));
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/patients', '/patients/{id}', '/patients/{id}/merge']));
    expect(openapi.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const operations = Object.values(openapi.paths as Record<string, Record<string, Json>>).flatMap((path) => Object.values(path));
    expect(operations.every((operation) => JSON.stringify(operation.security) === '[{"bearer":[]}]')).toBe(true);
    expect(JSON.stringify(openapi)).not.toMatch(/X-Actor/i);
    expect((await call('GET', '/docs', undefined, anonymous)).status).toBe(200);
    const ready = await json(await call('GET', '/health/ready', undefined, anonymous));
    expect(ready.checks).toEqual({ database: 'up', kafka: 'up', schemaRegistry: 'up' });
    expect((await call('GET', '/health/live', undefined, anonymous)).status).toBe(200);
  });
});
