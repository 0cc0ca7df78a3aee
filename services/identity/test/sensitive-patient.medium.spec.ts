import { Client } from 'pg';
import { callService, Json, ServiceUnderTest, startServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { IdentityModule } from '../src/identity.module';
import { nhsNumbers, registration } from './identity-fixtures';

const TOPIC = 'identity.patient.v1';
// Where a patient at risk moves to: it must stay in identity, out of every event and every outbox row.
const REFUGE = { lines: ['2 Quiet Lane'], city: 'York', postcode: 'YO1 7HH' };
const REFUGE_CONTACT = { phone: '07700 900456', email: 'safe@example.org' };
const SECRETS = ['Quiet Lane', 'YO1 7HH', '07700 900456', 'safe@example.org'];

const typeOf = (message: TappedMessage) => message.headers.ce_type.replace('care.events.identity.', '');
const valueOf = (message: TappedMessage): Json => (message.decoded as { value: unknown }).value;

describe('a patient flagged sensitive after registration', () => {
  let service: ServiceUnderTest;
  let tap: TopicTap;
  let db: Client;
  const nextNhsNumber = nhsNumbers();

  beforeAll(async () => {
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

  const call = async (method: string, path: string, body: unknown, expected: number) => {
    const answer = await callService(service.url, method, path, body);
    if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`);
    return answer.body as Json;
  };
  const register = async () => (await call('POST', '/patients', registration(nextNhsNumber(), { contact: { phone: '0113 496 0000' } }), 201)).id as string;
  const secretsIn = (messages: TappedMessage[]) => messages.filter((m) => SECRETS.some((secret) => m.raw.includes(Buffer.from(secret))));
  const outboxRowsWithSecrets = async () =>
    Number((await db.query(`select count(*) from outbox_message m where ${SECRETS.map((_, i) => `m::text like $${i + 1}`).join(' or ')}`, SECRETS.map((s) => `%${s}%`))).rows[0].count);

  it('flag, then a new address: the demographics event carries no address or contact', async () => {
    const patientId = await register();
    await call('PUT', `/patients/${patientId}/sensitivity`, { sensitive: true }, 200);
    const moved = await call('PATCH', `/patients/${patientId}/demographics`, { address: REFUGE, contact: REFUGE_CONTACT }, 200);
    expect(moved).toMatchObject({ sensitive: true, address: { postcode: 'YO1 7HH' }, contact: REFUGE_CONTACT, version: 3 });

    const events = await tap.waitFor((m) => m.key === patientId, 3);
    expect(events.map(typeOf)).toEqual(['PatientRegistered', 'PatientSensitivityChanged', 'PatientDemographicsUpdated']);
    expect(valueOf(events[2])).toMatchObject({ address: null, contact: null, changedFields: ['address', 'contact'] });
    expect(secretsIn(events)).toEqual([]);
    expect(await outboxRowsWithSecrets()).toBe(0);
  });

  it('flag with the new address and contact in one command: one version, and neither reaches the topic', async () => {
    const patientId = await register();
    const flagged = await call('PUT', `/patients/${patientId}/sensitivity`, { sensitive: true, address: REFUGE, contact: REFUGE_CONTACT }, 200);
    expect(flagged).toMatchObject({ sensitive: true, address: { lines: ['2 Quiet Lane'], postcode: 'YO1 7HH' }, contact: REFUGE_CONTACT, version: 2 });

    const events = await tap.waitFor((m) => m.key === patientId, 3);
    expect(events.map(typeOf)).toEqual(['PatientRegistered', 'PatientSensitivityChanged', 'PatientDemographicsUpdated']);
    expect(valueOf(events[2])).toMatchObject({ address: null, contact: null, changedFields: ['address', 'contact'] });
    expect(secretsIn(events)).toEqual([]);
    expect(await outboxRowsWithSecrets()).toBe(0);
    expect(await call('GET', `/patients/${patientId}`, undefined, 200)).toMatchObject({ address: { postcode: 'YO1 7HH' }, contact: REFUGE_CONTACT });
  });
});
