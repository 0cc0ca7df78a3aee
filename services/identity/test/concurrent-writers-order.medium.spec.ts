import { defaultAuthorization, ServiceUnderTest, startServiceUnderTest, tapTopics } from '@care-events/local-platform';
import { TappedMessage, TopicTap } from '@care-events/messaging';
import { IdentityModule } from '../src/identity.module';
import { nhsNumbers, registration } from './identity-fixtures';

const TOPIC = 'identity.patient.v1';
const PATIENTS = 20;
const CHANGES = 10;

/**
 * Many writers change the same patients at once. Each change commits one version; the topic must
 * carry each patient's changes in exactly that order, with no version missing or repeated.
 */
describe('per-patient order under concurrent writers, read back from the topic', () => {
  let service: ServiceUnderTest;
  let tap: TopicTap;
  const nextNhsNumber = nhsNumbers();

  beforeAll(async () => {
    service = await startServiceUnderTest('identity', IdentityModule);
    tap = await tapTopics([TOPIC]);
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.stop();
  });

  it(`publishes ${PATIENTS} patients × ${CHANGES} concurrent changes in committed-version order`, async () => {
    const patients = await Promise.all(Array.from({ length: PATIENTS }, () => register(service.url, nextNhsNumber())));
    // Every change of every patient in flight at once; each answers with the version it committed.
    const committed = await Promise.all(patients.flatMap((id) => Array.from({ length: CHANGES }, (_, change) => changePatient(service.url, id, change))));
    for (const id of patients) {
      const versions = committed.filter((c) => c.patientId === id).map((c) => c.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: CHANGES }, (_, i) => i + 2));
    }

    const ours = new Set(patients);
    const arrived = await tap.waitFor((m) => ours.has(m.key ?? ''), PATIENTS * (CHANGES + 1), 60_000);
    const versionOf = new Map(committed.map((c) => [`${c.patientId}/${c.value}`, c.version]));
    for (const id of patients) {
      const onTopic = firstArrivals(arrived.filter((m) => m.key === id)).slice(1).map((m) => versionOf.get(`${id}/${changedValue(m)}`));
      expect(onTopic).toEqual(Array.from({ length: CHANGES }, (_, i) => i + 2));
    }
  }, 120_000);
});

interface Committed {
  patientId: string;
  version: number;
  /** What the change set: unique per patient, so its event can be matched to its version. */
  value: string;
}

async function register(url: string, nhsNumber: string): Promise<string> {
  const response = await send(`${url}/patients`, 'POST', registration(nhsNumber));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Alternates the registered GP and the family name, each change to a value of its own. */
async function changePatient(url: string, patientId: string, change: number): Promise<Committed> {
  const gp = change % 2 === 0;
  const value = gp ? `B8${String(2000 + change)}` : `Smith${String.fromCharCode(97 + change)}`;
  const response = gp
    ? await send(`${url}/patients/${patientId}/registered-gp`, 'PUT', { registeredGpOdsCode: value })
    : await send(`${url}/patients/${patientId}/demographics`, 'PATCH', { name: { given: ['Jane'], family: value } });
  expect(response.status).toBe(200);
  return { patientId, value, version: Number(JSON.parse(response.headers.get('etag') ?? '"0"')) };
}

function changedValue(message: TappedMessage): string {
  const value = ('value' in message.decoded ? message.decoded.value : {}) as { gpOdsCode?: string; name?: { family: string } };
  return value.gpOdsCode ?? value.name?.family ?? '';
}

/** A patient's events in topic order, each eventId once (delivery is at least once). */
function firstArrivals(messages: TappedMessage[]): TappedMessage[] {
  const inTopicOrder = [...messages].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
  return inTopicOrder.filter((m, i) => inTopicOrder.findIndex((other) => other.headers.ce_id === m.headers.ce_id) === i);
}

const send = async (url: string, method: string, body: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...(await defaultAuthorization()) }, body: JSON.stringify(body) });
