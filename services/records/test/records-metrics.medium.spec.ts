import { ClinicalServiceHarness, eventually, nhsNumbers, parsePrometheusText, PrometheusSample } from '@care-events/local-platform';
import { RecordsModule } from '../src/records.module';
import { allergyBody, expectCall, TOPIC } from './records-fixtures';

const IDENTITY_TOPIC = 'identity.patient.v1';

/** The sum of a metric's samples whose labels include `labels`; 0 when there is none. */
function total(samples: PrometheusSample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('records /metrics on the real broker, registry, PostgreSQL and identity', () => {
  let records: ClinicalServiceHarness;
  let patientId: string;

  beforeAll(async () => {
    records = await ClinicalServiceHarness.start('records', RecordsModule, { topic: TOPIC });
    patientId = await records.newPatient();
  });

  afterAll(async () => {
    await records?.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${records.service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    return { text, samples: parsePrometheusText(text) };
  };

  it('counts requests by route template and status, the relay\'s events, the consumer\'s work and Node\'s runtime, naming no patient', async () => {
    const nhsNumber = nhsNumbers()();
    const before = (await scrape()).samples;
    const allergies: Array<{ id?: unknown }> = [];
    for (let i = 0; i < 3; i++) allergies.push(await expectCall(records, 201, 'POST', '/allergies', allergyBody(patientId)));
    await expectCall(records, 400, 'POST', '/allergies', allergyBody(patientId, { severity: 'extreme', note: nhsNumber }));
    // A body refused before routing (unreadable JSON) still counts, with no route to name.
    const unreadable = await fetch(`${records.service.url}/allergies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"patientId":' });
    expect(unreadable.status).toBe(400);
    // A patient identifier in the path and the query must not reach a label.
    await expectCall(records, 400, 'GET', `/allergies/${nhsNumber}?patientId=${nhsNumber}`);
    await records.tap.waitFor((m) => m.key === patientId && allergies.some((a) => (m.decoded as { value: { allergyId?: string } }).value.allergyId === a.id), 3);

    let after: { text: string; samples: PrometheusSample[] } = { text: '', samples: [] };
    await eventually('the relay\'s counter to count the three allergies', async () => {
      after = await scrape();
      return total(after.samples, 'care_events_outbox_published_total') - total(before, 'care_events_outbox_published_total') >= 3;
    });
    const moved = (name: string, labels: Record<string, string>) => total(after.samples, name, labels) - total(before, name, labels);
    const post = { method: 'POST', route: '/allergies' };
    expect(moved('care_events_http_requests_total', { ...post, status: '201' })).toBe(3);
    expect(moved('care_events_http_requests_total', { ...post, status: '400' })).toBe(1);
    expect(moved('care_events_http_request_duration_seconds_count', { ...post, status: '201' })).toBe(3);
    expect(moved('care_events_http_request_duration_seconds_bucket', { ...post, status: '400', le: '+Inf' })).toBe(1);
    expect(moved('care_events_http_requests_total', { method: 'GET', route: '/allergies/:id', status: '400' })).toBe(1);
    expect(moved('care_events_http_requests_total', { method: 'POST', route: 'unmatched', status: '400' })).toBe(1);
    expect(moved('care_events_outbox_published_total', { event_type: 'care.events.records.AllergyRecorded' })).toBeGreaterThanOrEqual(3);

    const names = new Set(after.samples.map((s) => s.name));
    expect(names).toContain('care_events_outbox_unsent_messages');
    expect(names).toContain('care_events_outbox_oldest_unsent_age_seconds');
    // records learnt of the patient from identity's PatientRegistered.
    expect(after.samples.filter((s) => s.name === 'care_events_consumer_lag_messages' && s.labels.topic === IDENTITY_TOPIC).length).toBeGreaterThan(0);
    expect(total(after.samples, 'care_events_consumer_events_total', { topic: IDENTITY_TOPIC, event_type: 'care.events.identity.PatientRegistered' })).toBeGreaterThan(0);
    // It applies identity's events in batches (the default): their durations are batch durations.
    expect(total(after.samples, 'care_events_consumer_batch_duration_seconds_count', { topic: IDENTITY_TOPIC })).toBeGreaterThan(0);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']) expect(names).toContain(name);

    expect(after.text).not.toContain(nhsNumber);
    expect(after.text).not.toContain(patientId);
  });
});
