/**
 * The care-router on the real platform:
 *   1. sustained routing rate: a backlog of identity events for patients of subscribed practices is
 *      put on identity.patient.v1 at once; the rate is events routed (copy published) per second;
 *   2. open loop: registrations POSTed to identity at a fixed arrival rate, whatever the answers do;
 *      latency from each HTTP answer to its copy on care-setting.<ODS>.events.v1, read by a separate
 *      consumer (not the router's own producer callback).
 */
import { DataSource } from 'typeorm';
import { IdentityEventType } from '@care-events/contracts';
import { asStaff, startServiceUnderTest, tapTopics, ServiceUnderTest } from '@care-events/local-platform';
import { CareRouterModule } from '../../services/care-router/src/care-router.module';
import { IdentityModule } from '../../services/identity/src/identity.module';
import { nhsNumbers, registration } from '../../services/identity/test/identity-fixtures';
import { log, percentiles, Result, until } from './common';
import { IDENTITY_TOPIC, identityBacklog, putOnTopic } from './identity-backlog';
import { openLoop, refusals } from './open-loop';
import { arrivalTimes, warmUp } from './arrivals';

const PRACTICES = ['B86001', 'B86002', 'B86003', 'B86004', 'B86005', 'B86006', 'B86007', 'B86008', 'B86009', 'B86010'];
const OPEN_LOOP_PRACTICE = 'B86011';
export const TARGET_ROUTER_EVENTS_PER_SECOND = 5_000;
export const TARGET_ROUTED_P99_MS = 100;

export interface CareRouterBenchOptions {
  brokers: string[];
  registryUrl: string;
  /** Patients of the backlog; each gets one registration and `updatesPerPatient` demographic updates. */
  patients: number;
  updatesPerPatient: number;
  /** Open-loop arrival rate (registrations per second) and how long it lasts. */
  rate: number;
  seconds: number;
}

export async function careRouterScenarios(options: CareRouterBenchOptions): Promise<Result[]> {
  const router = await startServiceUnderTest('care-router', CareRouterModule, { OUTBOX_POLL_INTERVAL_MS: '100' });
  const identity = await startServiceUnderTest('identity', IdentityModule, { OUTBOX_POLL_INTERVAL_MS: '100' });
  const routerDb = new DataSource({ type: 'postgres', url: router.database.url });
  await routerDb.initialize();
  try {
    for (const odsCode of [...PRACTICES, OPEN_LOOP_PRACTICE]) await subscribe(router, odsCode);
    const sustained = await sustainedRouting(options, routerDb);
    const openLoop = await openLoopRouting(options, identity);
    return [sustained, ...openLoop];
  } finally {
    await routerDb.destroy();
    await identity.stop();
    await router.stop();
  }
}

/** Activating a subscription takes the administrator role in the caller's token. */
async function subscribe(router: ServiceUnderTest, odsCode: string): Promise<void> {
  const admin = { 'content-type': 'application/json', ...(await asStaff({ userId: 'ADMIN01', odsCode, role: 'administrator' })) };
  const eventTypes = [IdentityEventType.PatientRegistered, IdentityEventType.PatientDemographicsUpdated];
  const requested = await fetch(`${router.url}/subscriptions`, {
    method: 'POST', headers: admin, body: JSON.stringify({ odsCode, settingType: 'GP_PRACTICE', eventTypes }),
  });
  if (requested.status !== 201) throw new Error(`subscription for ${odsCode} answered ${requested.status}: ${await requested.text()}`);
  const { id } = (await requested.json()) as { id: string };
  const activated = await fetch(`${router.url}/subscriptions/${id}/activate`, { method: 'POST', headers: admin });
  if (activated.status !== 200) throw new Error(`activation of ${odsCode} answered ${activated.status}: ${await activated.text()}`);
}

// ---------------------------------------------------------------------------------------------
// 1. Sustained routing from a backlog

async function sustainedRouting(options: CareRouterBenchOptions, routerDb: DataSource): Promise<Result> {
  const before = await routedCopies(routerDb);
  const messages = await identityBacklog({ registryUrl: options.registryUrl, patients: options.patients, updatesPerPatient: options.updatesPerPatient, practices: PRACTICES });
  log(`care-router: putting ${messages.length} identity events on ${IDENTITY_TOPIC}`);
  const t0 = performance.now();
  await putOnTopic(options.brokers, messages);
  const expected = before + messages.length;
  await until(async () => (await routedCopies(routerDb)) >= expected, 600_000, 'care-router backlog', 200);
  const seconds = (performance.now() - t0) / 1000;
  log(`care-router: ${messages.length} events routed and published in ${seconds.toFixed(2)} s`);
  return { scenario: 'care-router routing (backlog)', count: messages.length, seconds, perSecond: messages.length / seconds };
}

/** Copies the router has published: one per routed event here, as each patient belongs to one subscribed practice. */
async function routedCopies(routerDb: DataSource): Promise<number> {
  const [row] = await routerDb.query('select count(*)::int as n from outbox_message where raw_value is not null and sent_at is not null');
  return row.n;
}

// ---------------------------------------------------------------------------------------------
// 2. Open loop: registrations at a fixed rate, API answer -> copy on the care-setting topic

async function openLoopRouting(options: CareRouterBenchOptions, identity: ServiceUnderTest): Promise<Result[]> {
  const tap = await tapTopics([`care-setting.${OPEN_LOOP_PRACTICE}.events.v1`], options.brokers.join(','));
  const arrivals = arrivalTimes(tap);
  const nextNhsNumber = nhsNumbers();
  const headers = { 'content-type': 'application/json', ...(await asStaff({ odsCode: OPEN_LOOP_PRACTICE })) };
  const post = () =>
    fetch(`${identity.url}/patients`, {
      method: 'POST', headers,
      body: JSON.stringify(registration(nextNhsNumber(), { registeredGpOdsCode: OPEN_LOOP_PRACTICE })),
    });
  try {
    await warmUp(post, arrivals, 20, 'warm-up copies');
    const total = options.rate * options.seconds;
    log(`care-router: open loop, ${total} registrations at ${options.rate}/s`);
    const answered = new Map<string, number>();
    const run = await openLoop(total, options.rate, () => post(), async (_, response, answeredAt) => {
      answered.set(((await response.json()) as { id: string }).id, answeredAt);
    });
    const { begin, httpLatencies } = run;
    await until(() => [...answered.keys()].every((id) => arrivals.has(id)), 120_000, 'copies on the care-setting topic', 20);
    const routed = [...answered].map(([id, at]) => (arrivals.get(id) as number) - at);
    const seconds = (performance.now() - begin) / 1000;
    const outcome = `errors: ${refusals(run)} (of ${total}); every accepted registration's copy arrived`;
    return [
      { scenario: `open loop ${options.rate}/s: identity HTTP`, count: total, seconds, perSecond: total / seconds, latencies: percentiles(httpLatencies), outcome },
      { scenario: `open loop ${options.rate}/s: answer -> copy`, count: routed.length, seconds, perSecond: routed.length / seconds, latencies: percentiles(routed) },
    ];
  } finally {
    await tap.stop().catch(() => undefined);
  }
}
