/**
 * Delivery on the real platform. identity, care-router and delivery run as processes of their own,
 * as deployed; 50 GP practices each have an active subscription at care-router (PatientRegistered)
 * and one standard-webhooks endpoint whose receiver is a node:http server in this process answering
 * 204 (webhook-receiver.ts). Delivery runs with its defaults (100 requests/s per endpoint at most).
 *  12. sustained deliveries: registrations of the practices' patients put straight on
 *      identity.patient.v1 and routed by care-router before any endpoint exists; then the 50
 *      endpoints are registered (from event 1) and timed until every receiver has its whole backlog;
 *  13. open loop: registrations POSTed to identity at a fixed arrival rate, round-robin over the
 *      practices, whatever the answers do; latency from each HTTP answer to the webhook's arrival at
 *      the practice's receiver, and, to tell delivery's share, delivery's own histogram from each
 *      copy reaching its topic to the receiver's 2xx (its /metrics).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { contractFor, eventContracts, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import { asStaff, callService, CallHeaders, nhsNumbers, ServiceProcess, startServiceProcess } from '@care-events/local-platform';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient, toKafkaHeaders } from '@care-events/messaging';
import { registration } from '../../services/identity/test/identity-fixtures';
import { inPool, log, percentiles, Result, sleep, until } from './common';
import { openLoop, refusals } from './open-loop';
import { WebhookReceiver } from './webhook-receiver';

export const TARGET_DELIVERED_P99_MS = 150;
export const TARGET_DELIVERIES_PER_SECOND = 2_000;

const IDENTITY_TOPIC = 'identity.patient.v1';
const ADMINISTRATOR = { userId: 'ADM0001', odsCode: 'X26', role: 'administrator' as const };
/** How long the open loop's last webhooks may take to arrive before the missing ones are counted. */
const DRAIN_MS = 60_000;

export interface DeliveryBenchOptions {
  brokers: string[];
  registryUrl: string;
  /** Care settings (GP practices), one endpoint each. */
  settings: number;
  /** Events routed to the settings before their endpoints exist. */
  backlog: number;
  /** Open-loop arrival rate (registrations per second) and how long it lasts. */
  rate: number;
  seconds: number;
}

interface Setting {
  odsCode: string;
  subscriptionId: string;
  staff: CallHeaders;
  receiver: WebhookReceiver;
  /** Events routed to it so far, each with the next number. */
  routed: number;
  secret?: string;
}

export async function deliveryScenarios(options: DeliveryBenchOptions): Promise<Result[]> {
  const services: ServiceProcess[] = [];
  const settings: Setting[] = [];
  try {
    const router = await startServiceProcess('care-router', { OUTBOX_POLL_INTERVAL_MS: '100' });
    services.push(router);
    const identity = await startServiceProcess('identity', { OUTBOX_POLL_INTERVAL_MS: '100' });
    services.push(identity);
    const delivery = await startServiceProcess('delivery', { DELIVERY_ALLOW_HTTP: 'true', CARE_ROUTER_URL: router.url });
    services.push(delivery);
    // A prefix of this run: the practices' topics and subscriptions are new even on a broker other runs used.
    const run = randomBytes(2).toString('hex').toUpperCase();
    const odsCodes = Array.from({ length: options.settings }, (_, i) => `D${run}${String(i).padStart(3, '0')}`);
    // One at a time: the router creates each practice's topic on activation.
    for (const odsCode of odsCodes) settings.push(await subscribedSetting(router.url, odsCode));
    log(`delivery: ${settings.length} practices subscribed at care-router, a receiver each`);

    const sustained = await sustainedDelivery(options, router, delivery.url, settings);
    const openLoop = await openLoopDelivery(options, router.url, identity.url, delivery.url, settings);
    return [sustained, ...openLoop];
  } finally {
    await Promise.all(settings.map(({ receiver }) => receiver.close().catch(() => undefined)));
    for (const service of services.reverse()) await service.stop();
  }
}

/** A practice with an active subscription (requested by its staff, activated by an administrator) and a receiver. */
async function subscribedSetting(routerUrl: string, odsCode: string): Promise<Setting> {
  const staff = await asStaff({ odsCode });
  const requested = await callService(routerUrl, 'POST', '/subscriptions', { odsCode, settingType: 'GP_PRACTICE', eventTypes: [IdentityEventType.PatientRegistered] }, staff);
  if (requested.status !== 201) throw new Error(`subscription for ${odsCode} answered ${requested.status}: ${JSON.stringify(requested.body)}`);
  const admin = await asStaff(ADMINISTRATOR);
  const activate = () => callService(routerUrl, 'POST', `/subscriptions/${requested.body.id}/activate`, undefined, admin);
  let activated = await activate();
  // A topic just created may not be served yet; the subscription stays REQUESTED and activation may be asked again.
  for (let attempt = 1; activated.status === 503 && attempt < 5; attempt++) {
    await sleep(500 * attempt);
    activated = await activate();
  }
  if (activated.status !== 200) throw new Error(`activation of ${odsCode} answered ${activated.status}: ${JSON.stringify(activated.body)}`);
  return { odsCode, subscriptionId: requested.body.id, staff, receiver: await WebhookReceiver.start(), routed: 0 };
}

/** Registers the setting's endpoint from its first event; the handshake is answered before the secret is known. */
async function registerEndpoint(deliveryUrl: string, setting: Setting): Promise<void> {
  const answer = await callService(deliveryUrl, 'POST', '/endpoints', {
    subscriptionId: setting.subscriptionId, format: 'standard-webhooks', url: setting.receiver.url,
  }, setting.staff);
  if (answer.status !== 201) throw new Error(`endpoint of ${setting.odsCode} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  if (answer.body.endpoint.status !== 'active') throw new Error(`endpoint of ${setting.odsCode} is ${answer.body.endpoint.status}: ${answer.body.endpoint.statusReason}`);
  setting.secret = answer.body.secret;
}

/** Every subscription's last event number, as care-router tells it, must be the number of events routed to it. */
async function checkEventNumbers(routerUrl: string, settings: Setting[]): Promise<void> {
  const wrong: string[] = [];
  await inPool(settings.length, 8, async (i) => {
    const { odsCode, subscriptionId, staff, routed } = settings[i];
    const answer = await callService(routerUrl, 'GET', `/subscriptions/${subscriptionId}`, undefined, staff);
    if (answer.body.lastEventNumber !== routed) wrong.push(`${odsCode} at ${answer.body.lastEventNumber}, ${routed} routed`);
  });
  if (wrong.length) throw new Error(`care-router numbered other than the bench sent: ${wrong.join('; ')}`);
}

interface DeliveryMetrics {
  attempts: Map<string, number>;
  /** delivery_latency_seconds: from a copy reaching its topic to the receiver's 2xx; buckets by upper bound (s), cumulative. */
  latency: { count: number; sum: number; buckets: Map<number, number> };
  /** delivery_commit_batch_size: worker commits written by one statement. */
  commits: { count: number; sum: number };
}

/** The attempt outcomes, delivery's own latency and its commit batches, from its /metrics. */
async function deliveryMetrics(deliveryUrl: string): Promise<DeliveryMetrics> {
  const text = await (await fetch(`${deliveryUrl}/metrics`)).text();
  const attempts = new Map<string, number>();
  const value = (series: string) => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.slice(series.length + 1) ?? 0);
  for (const [, outcome, count] of text.matchAll(/^delivery_attempts_total\{outcome="([^"]+)"\} (\d+)$/gm)) attempts.set(outcome, Number(count));
  const buckets = new Map<number, number>();
  for (const [, bound, count] of text.matchAll(/^delivery_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) buckets.set(Number(bound), Number(count));
  return {
    attempts,
    latency: { count: value('delivery_latency_seconds_count'), sum: value('delivery_latency_seconds_sum'), buckets },
    commits: { count: value('delivery_commit_batch_size_count'), sum: value('delivery_commit_batch_size_sum') },
  };
}

/** Between two readings of /metrics: the attempts by outcome, the mean latency (ms) and the mean commits per statement. */
function metricsBetween(before: DeliveryMetrics, after: DeliveryMetrics): string {
  const attempts = [...after.attempts]
    .map(([outcome, n]) => [outcome, n - (before.attempts.get(outcome) ?? 0)] as const)
    .filter(([, n]) => n > 0).map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'none';
  const mean = (a: { count: number; sum: number }, b: { count: number; sum: number }) => (b.sum - a.sum) / Math.max(1, b.count - a.count);
  const statements = after.commits.count - before.commits.count;
  const quantiles = [50, 95, 99].map((q) => `p${q} <= ${latencyBound(before.latency, after.latency, q)}`).join(', ');
  return `delivery's /metrics: attempts ${attempts}; from copy on the topic to the receiver's 2xx mean ${(1000 * mean(before.latency, after.latency)).toFixed(1)} ms, ` +
    `${quantiles} (its histogram's buckets); ${statements} commit statements, ${mean(before.commits, after.commits).toFixed(1)} worker commits each`;
}

/** The smallest bucket bound holding q % of the latencies observed between the readings. */
function latencyBound(before: DeliveryMetrics['latency'], after: DeliveryMetrics['latency'], q: number): string {
  const count = after.count - before.count;
  const bound = [...after.buckets].find(([le, n]) => n - (before.buckets.get(le) ?? 0) >= (q / 100) * count)?.[0];
  return bound === undefined || !Number.isFinite(bound) ? 'the largest bucket' : `${bound * 1000} ms`;
}

/** Every event arrived once, in number order, with its eventId as webhook-id, and the samples verify. */
function receiverProblems(settings: Setting[]): string[] {
  const problems: string[] = [];
  for (const { odsCode, receiver, routed, secret } of settings) {
    if (receiver.lastNumber !== routed) problems.push(`${odsCode}: ${routed - receiver.lastNumber} events missing (in order through ${receiver.lastNumber} of ${routed})`);
    if (receiver.outOfOrder) problems.push(`${odsCode}: ${receiver.outOfOrder} events out of order`);
    if (receiver.idMismatches) problems.push(`${odsCode}: ${receiver.idMismatches} webhook-ids other than the eventId`);
    const { checked, failed } = receiver.verifySamples(secret ?? '');
    if (checked === 0 || failed) problems.push(`${odsCode}: ${failed} of ${checked} sampled signatures do not verify`);
  }
  return problems;
}

function signaturesChecked(settings: Setting[]): number {
  return settings.reduce((sum, { receiver, secret }) => sum + receiver.verifySamples(secret ?? '').checked, 0);
}

// ---------------------------------------------------------------------------------------------
// 12. Sustained deliveries from a backlog

async function sustainedDelivery(options: DeliveryBenchOptions, router: ServiceProcess, deliveryUrl: string, settings: Setting[]): Promise<Result> {
  const messages = await backlog(options, settings);
  const producer = new EventProducer(createKafka({ brokers: options.brokers, clientId: 'care-events-bench-delivery-backlog' }));
  log(`delivery: putting ${messages.length} registrations for the ${settings.length} practices on ${IDENTITY_TOPIC}`);
  try {
    for (let i = 0; i < messages.length; i += 1_000) await producer.send(messages.slice(i, i + 1_000));
  } finally {
    await producer.disconnect();
  }
  const routerDb = new Client({ connectionString: router.database.url });
  await routerDb.connect();
  try {
    // Copies published, and nothing else left to publish (the care relationships the registrations started): the router is idle.
    const routed = async () => {
      const { rows } = await routerDb.query('select count(*) filter (where raw_value is not null and sent_at is not null)::int as copies, count(*) filter (where sent_at is null)::int as unsent from outbox_message');
      return rows[0].copies >= messages.length && rows[0].unsent === 0;
    };
    await until(routed, 300_000, 'care-router routing the backlog', 200);
  } finally {
    await routerDb.end();
  }
  await checkEventNumbers(router.url, settings);
  log(`delivery: ${messages.length} copies on the practices' topics; registering ${settings.length} endpoints`);

  const metricsBefore = await deliveryMetrics(deliveryUrl);
  const begin = performance.now();
  await Promise.all(settings.map((setting) => registerEndpoint(deliveryUrl, setting)));
  const registered = performance.now();
  const delivered = () => settings.every(({ receiver, routed }) => receiver.lastNumber >= routed || receiver.outOfOrder > 0);
  await until(delivered, 600_000, 'the backlog at every receiver', 20).catch((error: Error) => log(`delivery: ${error.message}`));
  const problems = receiverProblems(settings);
  if (problems.length) throw new Error(`delivery backlog: ${problems.join('; ')}`);

  const first = Math.min(...settings.map(({ receiver }) => receiver.firstAt));
  const last = Math.max(...settings.map(({ receiver }) => receiver.lastAt));
  const notifications = settings.reduce((sum, { receiver }) => sum + receiver.events, 0);
  const duplicates = settings.reduce((sum, { receiver }) => sum + receiver.duplicates, 0);
  const seconds = (last - begin) / 1000;
  const flowing = (last - first) / 1000;
  const metrics = await deliveryMetrics(deliveryUrl);
  const outcome = `${messages.length} events to ${settings.length} endpoints (${settings[0].routed} each), all received in order, ` +
    `${notifications} notifications (${duplicates} duplicates), ${signaturesChecked(settings)} sampled signatures verified; ` +
    `${(notifications / seconds).toFixed(0)} notifications/s from the first registration (registrations took ${((registered - begin) / 1000).toFixed(2)} s), ` +
    `${(messages.length / flowing).toFixed(0)} events/s from the first webhook to the last; ${metricsBetween(metricsBefore, metrics)}`;
  log(`delivery: ${outcome}`);
  return { scenario: `delivery backlog (${settings.length} endpoints)`, count: messages.length, seconds, perSecond: messages.length / seconds, outcome };
}

/** Registrations round-robin over the practices, encoded as identity publishes them. */
async function backlog(options: DeliveryBenchOptions, settings: Setting[]): Promise<ProducedMessage[]> {
  const codec = new AvroCodec(new SchemaRegistryClient(options.registryUrl), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const { schema } = contractFor(IdentityEventType.PatientRegistered);
  const nextNhsNumber = nhsNumbers();
  return Promise.all(
    Array.from({ length: options.backlog }, async (_, i) => {
      const setting = settings[i % settings.length];
      setting.routed += 1;
      const event = registered(randomUUID(), nextNhsNumber(), setting.odsCode);
      const { eventId, patientId, occurredAt } = event.metadata;
      return {
        topic: IDENTITY_TOPIC,
        key: patientId,
        value: await codec.encode(IDENTITY_TOPIC, IdentityEventType.PatientRegistered, schema, event),
        headers: toKafkaHeaders({ eventId, source: '/services/identity', type: IdentityEventType.PatientRegistered, time: new Date(occurredAt).toISOString(), subject: patientId }),
      };
    }),
  );
}

function registered(patientId: string, nhsNumber: string, practice: string): PatientRegistered {
  const now = Date.now();
  return {
    metadata: {
      eventId: randomUUID(), occurredAt: now, recordedAt: now, patientId,
      actor: { type: 'SYSTEM', id: 'bench', odsCode: null }, correlationId: randomUUID(), causationId: null,
    },
    nhsNumber, name: { prefix: null, given: ['Jane'], family: 'Smith' }, birthDate: 0, gender: 'FEMALE', address: null, contact: null,
    registeredGpOdsCode: practice, nominatedPharmacyOdsCode: null, sensitive: false,
  };
}

// ---------------------------------------------------------------------------------------------
// 13. Open loop: registrations at a fixed rate, API answer -> webhook received

async function openLoopDelivery(options: DeliveryBenchOptions, routerUrl: string, identityUrl: string, deliveryUrl: string, settings: Setting[]): Promise<Result[]> {
  const nextNhsNumber = nhsNumbers();
  const post = (setting: Setting) =>
    fetch(`${identityUrl}/patients`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...setting.staff },
      body: JSON.stringify(registration(nextNhsNumber(), { registeredGpOdsCode: setting.odsCode })),
    });
  await warmUp(settings, post);
  const metricsBefore = await deliveryMetrics(deliveryUrl);

  const total = options.rate * options.seconds;
  log(`delivery: open loop, ${total} registrations at ${options.rate}/s over ${settings.length} practices`);
  const answered = new Map<string, { at: number; setting: Setting }>();
  const settingOf = (i: number) => settings[i % settings.length];
  const run = await openLoop(total, options.rate, (i) => post(settingOf(i)), async (i, response, at) => {
    answered.set(((await response.json()) as { id: string }).id, { at, setting: settingOf(i) });
    settingOf(i).routed += 1;
  });
  const { begin, httpLatencies } = run;
  const sent = performance.now();
  const received = () => [...answered].filter(([patientId, { setting }]) => setting.receiver.arrivals.has(patientId)).length;
  await until(() => received() === answered.size, DRAIN_MS, 'the open loop\'s webhooks', 20).catch((error: Error) => log(`delivery: ${error.message}`));
  const seconds = (performance.now() - begin) / 1000;
  const metrics = await deliveryMetrics(deliveryUrl);

  const webhook: number[] = [];
  for (const [patientId, { at, setting }] of answered) {
    const arrived = setting.receiver.arrivals.get(patientId);
    if (arrived !== undefined) webhook.push(arrived - at);
  }
  const missing = answered.size - webhook.length;
  const duplicates = settings.reduce((sum, { receiver }) => sum + receiver.duplicates, 0);
  const outcome = `errors: ${refusals(run)} (of ${total}); ${answered.size} accepted, ${webhook.length} webhooks received ` +
    `(${missing} missing ${(DRAIN_MS / 1000).toFixed(0)} s after the last answer at most, ${duplicates} duplicates in the whole run); ` +
    `answer -> webhook max ${Math.max(...webhook).toFixed(1)} ms; the last answer came ${((sent - begin) / 1000).toFixed(2)} s after the first request; ` +
    metricsBetween(metricsBefore, metrics);
  log(`delivery: ${outcome}`);

  if (missing === 0) await checkEventNumbers(routerUrl, settings);
  const problems = receiverProblems(settings);
  if (problems.length) throw new Error(`delivery open loop: ${problems.join('; ')}`);
  const name = `delivery ${options.rate}/s`;
  return [
    { scenario: `${name}: identity HTTP`, count: total, seconds, perSecond: total / seconds, latencies: percentiles(httpLatencies), outcome },
    { scenario: `${name}: answer -> webhook`, count: webhook.length, seconds, perSecond: webhook.length / seconds, latencies: percentiles(webhook) },
  ];
}

/** One registration per practice, each until its webhook arrived: identity, the router and every endpoint are live. */
async function warmUp(settings: Setting[], post: (setting: Setting) => Promise<Response>): Promise<void> {
  await inPool(settings.length, 8, async (i) => {
    const setting = settings[i];
    const response = await post(setting);
    if (response.status !== 201) throw new Error(`warm-up registration answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    setting.routed += 1;
    await until(() => setting.receiver.arrivals.has(id), 60_000, `warm-up webhook at ${setting.odsCode}`, 20);
  });
}
