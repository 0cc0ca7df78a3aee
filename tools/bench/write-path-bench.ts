/**
 * The cost of an accepted change, with the defaults a user gets (no setting tuned for the bench):
 *   1. identity's register endpoint at fixed arrival rates (open loop, identity its own process):
 *      HTTP latency from each request's scheduled time, and API answer -> event on Kafka as a separate
 *      consumer sees it (not the producer's callback);
 *   2. a clinical service applying identity events from a backlog (consumer side: how long a
 *      catch-up after an outage or a rebuild takes), with its inbox, as its own process.
 */
import { Client } from 'pg';
import { asStaff, groupAtTopicEnds, ServiceProcess, startServiceProcess, tapTopics } from '@care-events/local-platform';
import { nhsNumbers, registration } from '../../services/identity/test/identity-fixtures';
import { cpuProfileSettings, log, percentiles, Result, sleep, until } from './common';
import { IDENTITY_TOPIC, identityBacklog, putOnTopic } from './identity-backlog';
import { openLoop, refusals } from './open-loop';
import { arrivalTimes, warmUp } from './arrivals';
import { Answer, benchHttpClient } from './http-client';
import { Classifier, cpuBetween, describeCpuPer, sampleCpu } from './process-cpu';

export const SWEEP_P99_LIMIT_MS = 100;
const REST_SECONDS = 5;
export const TARGET_REGISTRATIONS_PER_SECOND = 1_000;
export const TARGET_APPLY_EVENTS_PER_SECOND = 13_000;

export interface WritePathBenchOptions {
  brokers: string[];
  registryUrl: string;
  /** Arrival rates (requests/s) of the open-loop sweep, each for `seconds`. */
  rates: number[];
  seconds: number;
  /** Identity events in the backlog the clinical service applies, and which service applies them. */
  applyEvents: number;
  applyService: string;
}

export async function writePathScenarios(options: WritePathBenchOptions): Promise<Result[]> {
  return [...(await identitySweep(options)), await applyRate(options)];
}

// ---------------------------------------------------------------------------------------------
// 1. identity POST /patients at fixed arrival rates

async function identitySweep(options: WritePathBenchOptions): Promise<Result[]> {
  // IDENTITY_CPU_PROF_DIR=<dir> profiles identity over the whole sweep (written when it stops).
  const identity = await startServiceProcess('identity', { LOG_LEVEL: 'error', ...cpuProfileSettings('IDENTITY_CPU_PROF_DIR') });
  const tap = await tapTopics([IDENTITY_TOPIC], options.brokers.join(','));
  const arrivals = arrivalTimes(tap);
  const nextNhsNumber = nhsNumbers();
  const headers = { 'content-type': 'application/json', ...(await asStaff()) };
  const client = benchHttpClient(identity.url);
  const post = () => client.post('/patients', headers, JSON.stringify(registration(nextNhsNumber())));
  const results: Result[] = [];
  try {
    await warmUp(post, arrivals, 50, 'warm-up events on Kafka');
    const classify = registrationProcesses(new URL(identity.database.url).pathname.slice(1));
    log(`identity: at rest for ${REST_SECONDS} s (no requests), to see what the processes cost without load`);
    const restBefore = sampleCpu(classify);
    await sleep(REST_SECONDS * 1000);
    const rest = describeCpuPer(cpuBetween(restBefore, sampleCpu(classify)), REST_SECONDS, REST_SECONDS, 'second');
    results.push({ scenario: 'identity at rest (no requests)', count: 0, seconds: REST_SECONDS, perSecond: 0, outcome: rest });
    for (const rate of options.rates) {
      results.push(...(await sweepStep(rate, options.seconds, post, arrivals, classify)));
      // The next rate starts on an idle service, not on this one's tail.
      await sleep(2_000);
    }
    return results;
  } finally {
    await tap.stop().catch(() => undefined);
    await client.close();
    await identity.stop();
  }
}

async function sweepStep(rate: number, seconds: number, post: () => Promise<Answer>, arrivals: Map<string, number>, classify: Classifier): Promise<Result[]> {
  const total = rate * seconds;
  log(`identity: open loop, ${total} registrations at ${rate}/s`);
  const answered = new Map<string, number>();
  const cpuBefore = sampleCpu(classify);
  const run = await openLoop(total, rate, post, async (_, response, answeredAt) => {
    answered.set(((await response.json()) as { id: string }).id, answeredAt);
  });
  const elapsed = (performance.now() - run.begin) / 1000;
  await until(() => [...answered.keys()].every((id) => arrivals.has(id)), 120_000, `events of the ${rate}/s step on Kafka`, 20).catch(() => undefined);
  const cpuAfter = sampleCpu(classify);
  const cpu = describeCpuPer(cpuBetween(cpuBefore, cpuAfter), Math.max(answered.size, 1), (cpuAfter.at - cpuBefore.at) / 1000, 'accepted registration');
  const onKafka = [...answered].filter(([id]) => arrivals.has(id)).map(([id, at]) => (arrivals.get(id) as number) - at);
  const missing = answered.size - onKafka.length;
  const outcome = `accepted ${answered.size} of ${total}, errors: ${refusals(run)}; ${missing === 0 ? 'every accepted registration reached Kafka' : `${missing} accepted registrations NOT on Kafka within 120 s`}`;
  return [
    { scenario: `identity ${rate}/s: HTTP`, count: total, seconds: elapsed, perSecond: answered.size / elapsed, latencies: percentiles(run.httpLatencies), outcome },
    { scenario: `identity ${rate}/s: answer -> Kafka`, count: onKafka.length, seconds: elapsed, perSecond: onKafka.length / elapsed, latencies: percentiles(onKafka), outcome: cpu },
  ];
}

/**
 * The processes an accepted registration costs CPU in: identity (its HTTP answer and its relay),
 * PostgreSQL's sessions of identity's database and its WAL writer and checkpointer, the broker, the
 * registry, and this bench process (the client's requests and the separate consumer reading Kafka).
 */
function registrationProcesses(identityDatabase: string): Classifier {
  return ({ pid, title }, ofBench) => {
    if (pid === process.pid) return 'bench client';
    if (title.startsWith('postgres:')) {
      if (title.includes(` ${identityDatabase} `)) return 'PostgreSQL sessions';
      return /: (walwriter|checkpointer|background writer)/.test(title) ? 'PostgreSQL background' : undefined;
    }
    if (!ofBench) return undefined;
    if (title.includes('services/identity/src/main.ts')) return 'identity';
    if (title.includes('kafka.Kafka')) return 'Kafka broker';
    return title.includes('apicurio') ? 'schema registry' : undefined;
  };
}

/** The highest swept rate at which every request was accepted with HTTP p99 within the limit. */
export function highestRateWithin(results: Result[], limitMs: number): number | undefined {
  const steps = results.filter((r) => /^identity \d+\/s: HTTP$/.test(r.scenario));
  const within = steps.filter((r) => r.latencies && r.latencies.p99 <= limitMs && r.outcome?.startsWith(`accepted ${r.count} of ${r.count},`));
  return within.length ? Math.max(...within.map((r) => Number(r.scenario.match(/^identity (\d+)/)?.[1]))) : undefined;
}

// ---------------------------------------------------------------------------------------------
// 2. A clinical service applying identity events from a backlog

async function applyRate(options: WritePathBenchOptions): Promise<Result> {
  const name = options.applyService;
  // Registrations only: each one is applied (a known_patient row and an inbox row), none merely skipped.
  const messages = await identityBacklog({ registryUrl: options.registryUrl, patients: options.applyEvents, updatesPerPatient: 0, practices: ['B86001', 'B86002', 'B86003'] });
  // The group is placed before the backlog, which is all on Kafka before the service starts: a catch-up after an outage.
  const group = await groupAtTopicEnds([IDENTITY_TOPIC], `${name}-bench`, options.brokers.join(','));
  log(`${name}: putting ${messages.length} registrations on ${IDENTITY_TOPIC}, then starting ${name} to apply them`);
  await putOnTopic(options.brokers, messages);
  const t0 = performance.now();
  const service: ServiceProcess = await startServiceProcess(name, { LOG_LEVEL: 'error', CONSUMER_GROUP: group });
  const db = new Client({ connectionString: service.database.url });
  await db.connect();
  try {
    const samples = await applyProgress(db, messages.length, name);
    const first = samples.find(({ applied }) => applied > 0) ?? samples[0];
    const last = samples[samples.length - 1];
    const seconds = (last.at - first.at) / 1000;
    const patients = (await db.query('select count(*)::int as n from known_patient')).rows[0].n as number;
    return {
      scenario: `${name} applies identity backlog`,
      count: messages.length, seconds, perSecond: (last.applied - first.applied) / seconds,
      outcome: `${messages.length} registrations in its inbox, ${patients} patients in known_patient; ` +
        `rate from the first sample with an applied event to the last (the ${((first.at - t0) / 1000).toFixed(1)} s of process start before it not counted)`,
    };
  } finally {
    await db.end();
    await service.stop();
  }
}

/** How many events the service's inbox holds, sampled every 250 ms until it holds `total`. */
async function applyProgress(db: Client, total: number, name: string): Promise<Array<{ at: number; applied: number }>> {
  const samples: Array<{ at: number; applied: number }> = [];
  let lastReport = performance.now();
  await until(async () => {
    const applied = (await db.query('select count(*)::int as n from inbox_message')).rows[0].n as number;
    samples.push({ at: performance.now(), applied });
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      log(`${name}: ${applied} of ${total} applied`);
    }
    return applied >= total;
  }, 1_800_000, `${name} applying the backlog`, 250);
  return samples;
}
