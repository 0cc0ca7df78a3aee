/**
 * End-to-end benchmark on the real platform (Kafka broker, schema registry, PostgreSQL):
 *   1. identity write path: POST /patients -> outbox -> relay -> Kafka, HTTP and end-to-end latency;
 *   2. outbox relay throughput on a pre-filled outbox;
 *   3. a naive one-row-at-a-time relay, for comparison;
 *   4. a raw kafkajs idempotent producer sending the same encoded messages, as a ceiling;
 *   5. appointments booking under contention, and 6. medications prescribing with the allergy check
 *      (care-scenarios.ts), each verified against the service's database or answers;
 *   7. the care-router's sustained routing rate from a backlog, and 8. API answer -> copy on the
 *      care-setting topic at a fixed arrival rate, open loop (care-router-bench.ts);
 *   9. API answer -> change visible in the care record, and 10. care-record reads with authentication
 *      and audit, both open loop at fixed arrival rates, then 11. the care-record rebuild over
 *      everything the bench left on the topics (care-record-bench.ts);
 *  12. delivery's sustained deliveries/s from a backlog to 50 webhook endpoints, and 13. API answer ->
 *      webhook received at a fixed arrival rate, open loop (delivery-bench.ts).
 *  14. identity's register endpoint at fixed arrival rates with the shipped defaults (HTTP, and answer ->
 *      event on Kafka), and a clinical service applying a backlog of identity events (write-path-bench.ts).
 *  15. the outbox relay beside Debezium's outbox router (change data capture): draining a pre-filled outbox, and
 *      commit -> event on Kafka at fixed arrival rates (debezium-bench.ts).
 *  16. the analytics feed: a recipient's pseudonymised records/s from a backlog of clinical events, and 17. clinical
 *      event acknowledged -> analytics record read at a fixed arrival rate, open loop (analytics-bench.ts).
 *  With --pg-profile, write-path also runs one registration step at --pg-profile-rate on a PostgreSQL of its own with
 *  pg_stat_statements, and prints where the database's time goes per accepted registration (pg-profile.ts).
 * Every HTTP call carries a bearer token from a development issuer the bench starts.
 *
 * Usage: npm run bench -- [--registrations=2000] [--events=20000] [--naive=2000] [--concurrency=32]
 *   [--patients=400] [--slots=100] [--capacity=3] [--bookings=1000] [--prescriptions=1000]
 *   [--router-patients=2000] [--router-updates=9] [--rate=200] [--rate-seconds=15]
 *   [--care-record-patients=200] [--read-rate=200] [--delivery-settings=50] [--delivery-backlog=20000]
 *   [--delivery-rate=200] [--delivery-seconds=15] [--sweep-rates=50,200,500,1000] [--sweep-seconds=10]
 *   [--apply-events=100000] [--apply-service=medications] [--pg-profile] [--pg-profile-rate=200]
 *   [--debezium-events=20000] [--debezium-rates=100,500] [--debezium-seconds=10]
 *   [--analytics-events=20000] [--analytics-patients=1000] [--analytics-rate=200] [--analytics-seconds=10]
 *   [--only=identity,relay,care,care-router,care-record,delivery,write-path,debezium,analytics]
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { contractFor, eventContracts, IdentityEventType, PatientRegistered } from '@care-events/contracts';
import { DEFAULT_AUDIENCE, DevIssuer, startDevIssuer } from '@care-events/auth';
import {
  asStaff, createThrowawayDatabase, Platform, provisionMessaging, startPlatform, startServiceUnderTest, tapTopics,
} from '@care-events/local-platform';
import { AvroCodec, createKafka, EventProducer, ProducedMessage, SchemaRegistryClient, toKafkaHeaders } from '@care-events/messaging';
import {
  DomainEvent, OutboxRelay, OutboxRow, OutboxWriter, PgRelayLeadership, SqlOutboxStore, transactionalMessagingMigrations,
} from '@care-events/transactional-messaging';
import { IdentityModule } from '../../services/identity/src/identity.module';
import { nhsNumbers, registration } from '../../services/identity/test/identity-fixtures';
import {
  careRecordScenarios, TARGET_READ_P99_MS, TARGET_REBUILD_EVENTS_PER_SECOND, TARGET_VISIBLE_P99_MS,
} from './care-record-bench';
import { careRouterScenarios, TARGET_ROUTED_P99_MS, TARGET_ROUTER_EVENTS_PER_SECOND } from './care-router-bench';
import { careScenarios } from './care-scenarios';
import { clinicalWriteScenarios } from './clinical-write-bench';
import { debeziumScenarios, relayVersusDebezium } from './debezium-bench';
import { deliveryScenarios, TARGET_DELIVERED_P99_MS, TARGET_DELIVERIES_PER_SECOND } from './delivery-bench';
import { analyticsScenarios, TARGET_FEED_EVENTS_PER_SECOND } from './analytics-bench';
import { arrivalTimes } from './arrivals';
import { identityPgProfile, PgProfile, printPgProfile } from './pg-profile';
import { intArg, intListArg, listArg, log, percentiles, Result, until } from './common';
import { highestRateWithin, SWEEP_P99_LIMIT_MS, TARGET_APPLY_EVENTS_PER_SECOND, TARGET_REGISTRATIONS_PER_SECOND, writePathScenarios } from './write-path-bench';

const TOPIC = 'identity.patient.v1';
const SOURCE = '/services/bench';
const TARGET_RELAY_EVENTS_PER_SECOND = 5_000;
const TARGET_RELAY_OVER_NAIVE = 20;

function patientRegistered(patientId: string, nhsNumber: string): PatientRegistered {
  const now = Date.now();
  return {
    metadata: {
      eventId: randomUUID(),
      occurredAt: now,
      recordedAt: now,
      patientId,
      actor: { type: 'SYSTEM', id: 'bench', odsCode: null },
      correlationId: randomUUID(),
      causationId: null,
    },
    nhsNumber,
    name: { prefix: null, given: ['Jane'], family: 'Smith' },
    birthDate: 0,
    gender: 'FEMALE',
    address: null,
    contact: null,
    registeredGpOdsCode: 'A81001',
    nominatedPharmacyOdsCode: null,
    sensitive: false,
  };
}

function registrationEvents(count: number): DomainEvent[] {
  const nextNhsNumber = nhsNumbers();
  return Array.from({ length: count }, () => ({
    type: IdentityEventType.PatientRegistered,
    value: patientRegistered(randomUUID(), nextNhsNumber()),
  }));
}

async function toMessage(codec: AvroCodec, row: OutboxRow): Promise<ProducedMessage> {
  const { schema } = contractFor(row.eventType);
  return {
    topic: row.topic,
    key: row.messageKey,
    value: await codec.encode(row.topic, row.eventType, schema, row.payload),
    headers: toKafkaHeaders({
      eventId: row.eventId,
      source: SOURCE,
      type: row.eventType,
      time: row.occurredAt.toISOString(),
      subject: row.messageKey,
      traceparent: row.traceContext.traceparent,
      tracestate: row.traceContext.tracestate,
    }),
  };
}

async function fillOutbox(dataSource: DataSource, events: DomainEvent[], transactionSize = 500): Promise<void> {
  const writer = new OutboxWriter();
  for (let i = 0; i < events.length; i += transactionSize) {
    await dataSource.transaction((manager) => writer.append(manager, events.slice(i, i + transactionSize)));
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Identity write path

async function identityWritePath(total: number, concurrency: number): Promise<Result[]> {
  const service = await startServiceUnderTest('identity', IdentityModule, { OUTBOX_POLL_INTERVAL_MS: '100' });
  const tap = await tapTopics([TOPIC]);
  const arrivals = arrivalTimes(tap);
  const nextNhsNumber = nhsNumbers();
  // A GP registers the patients; each request carries the token, verified by the service as always.
  const headers = { 'content-type': 'application/json', ...(await asStaff()) };
  const post = (body: unknown) => fetch(`${service.url}/patients`, { method: 'POST', headers, body: JSON.stringify(body) });

  try {
    // Warm-up: the service's relay, the registry lookups, and the tap's group membership.
    const warmIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await post(registration(nextNhsNumber()));
      if (response.status !== 201) throw new Error(`warm-up registration answered ${response.status}: ${await response.text()}`);
      warmIds.push(((await response.json()) as { id: string }).id);
    }
    await until(() => warmIds.every((id) => arrivals.has(id)), 60_000, 'warm-up events on Kafka', 50);
    log(`identity: warmed up, posting ${total} registrations with concurrency ${concurrency}`);

    const started = new Map<string, number>();
    const httpLatencies: number[] = [];
    const bodies = Array.from({ length: total }, () => registration(nextNhsNumber()));
    let next = 0;
    const begin = performance.now();
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const response = await post(body);
        const text = await response.text();
        httpLatencies.push(performance.now() - t0);
        if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${text}`);
        started.set((JSON.parse(text) as { id: string }).id, t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const httpSeconds = (performance.now() - begin) / 1000;
    log(`identity: ${total} registrations accepted in ${httpSeconds.toFixed(2)} s, waiting for the events`);

    await until(() => [...started.keys()].every((id) => arrivals.has(id)), 120_000, 'registration events on Kafka', 10);
    const endToEnd = [...started].map(([id, t0]) => (arrivals.get(id) as number) - t0);
    const lastArrival = Math.max(...[...started.keys()].map((id) => arrivals.get(id) as number));
    const e2eSeconds = (lastArrival - begin) / 1000;
    return [
      { scenario: 'identity POST /patients (HTTP)', count: total, seconds: httpSeconds, perSecond: total / httpSeconds, latencies: percentiles(httpLatencies) },
      { scenario: 'identity POST -> event on Kafka', count: total, seconds: e2eSeconds, perSecond: total / e2eSeconds, latencies: percentiles(endToEnd) },
    ];
  } finally {
    await tap.stop().catch(() => undefined);
    await service.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 2-4. Relay, naive relay and raw kafkajs on one throwaway database and the same broker

async function relayScenarios(brokers: string[], registryUrl: string, events: number, naiveCount: number): Promise<Result[]> {
  const database = await createThrowawayDatabase('bench');
  const dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: transactionalMessagingMigrations, migrationsRun: true });
  await dataSource.initialize();
  const kafka = createKafka({ brokers, clientId: 'care-events-bench' });
  const codec = new AvroCodec(new SchemaRegistryClient(registryUrl), (fullName) =>
    Object.hasOwn(eventContracts, fullName) ? contractFor(fullName).schema : undefined,
  );
  const store = new SqlOutboxStore(dataSource);
  const relayProducer = new EventProducer(kafka);
  const naiveProducer = new EventProducer(kafka);
  const rawProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const results: Result[] = [];
  try {
    // Outbox relay, warmed as the raw producer below is (connected, schema ids known) by a relay run over a few rows first.
    const relay = new OutboxRelay(store, codec, relayProducer, new PgRelayLeadership(database.url), {
      source: SOURCE,
      batchSize: 1_000,
      pollIntervalMs: 100,
      log: (level, message, details) => log(`relay ${level}: ${message} ${JSON.stringify(details ?? {})}`),
    });
    await fillOutbox(dataSource, registrationEvents(10));
    relay.start();
    await until(async () => (await store.backlog()).unsent === 0, 60_000, 'relay warm-up');
    await relay.stop();
    const relayEvents = registrationEvents(events);
    let t0 = performance.now();
    await fillOutbox(dataSource, relayEvents);
    log(`relay: ${events} outbox rows written in ${((performance.now() - t0) / 1000).toFixed(2)} s (transactions of 500)`);
    // Pre-encoded copies of the same events for the raw baseline (same values, keys and headers).
    const rawMessages = await Promise.all((await store.fetchUnsent(events)).map((row) => toMessage(codec, row)));

    t0 = performance.now();
    relay.start();
    await until(async () => (await store.backlog()).unsent === 0, 300_000, 'outbox relay');
    const relaySeconds = (performance.now() - t0) / 1000;
    await relay.stop();
    results.push({ scenario: 'outbox relay (batch 1000)', count: events, seconds: relaySeconds, perSecond: events / relaySeconds });
    log(`relay: ${events} events in ${relaySeconds.toFixed(2)} s`);

    // Naive relay: one row at a time
    await fillOutbox(dataSource, registrationEvents(naiveCount));
    let sent = 0;
    // No other relay runs now: the naive one marks under the current leadership epoch.
    const [{ epoch }] = await dataSource.query('select epoch::text as epoch from relay_leadership');
    t0 = performance.now();
    for (;;) {
      const [row] = await store.fetchUnsent(1);
      if (!row) break;
      await naiveProducer.send([await toMessage(codec, row)]);
      await store.markSent([row.id], epoch);
      sent++;
    }
    const naiveSeconds = (performance.now() - t0) / 1000;
    results.push({ scenario: 'naive relay (1 row at a time)', count: sent, seconds: naiveSeconds, perSecond: sent / naiveSeconds });
    log(`naive relay: ${sent} events in ${naiveSeconds.toFixed(2)} s`);

    // Raw kafkajs idempotent producer
    await rawProducer.connect();
    t0 = performance.now();
    for (let i = 0; i < rawMessages.length; i += 1_000) {
      const batch = rawMessages.slice(i, i + 1_000).map(({ key, value, headers }) => ({ key, value, headers }));
      await rawProducer.send({ topic: TOPIC, acks: -1, messages: batch });
    }
    const rawSeconds = (performance.now() - t0) / 1000;
    results.push({ scenario: 'raw kafkajs (idempotent, 1000/send)', count: rawMessages.length, seconds: rawSeconds, perSecond: rawMessages.length / rawSeconds });
    log(`raw kafkajs: ${rawMessages.length} messages in ${rawSeconds.toFixed(2)} s`);
    return results;
  } finally {
    await rawProducer.disconnect().catch(() => undefined);
    await relayProducer.disconnect();
    await naiveProducer.disconnect();
    await dataSource.destroy();
    await database.drop();
  }
}

// ---------------------------------------------------------------------------------------------

function printSummary(results: Result[]) {
  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
  const ms = (n?: number) => (n === undefined ? '-' : fmt(n, 1));
  const header = ['scenario'.padEnd(38), 'count'.padStart(8), 'seconds'.padStart(9), 'events/s'.padStart(10), 'p50 ms'.padStart(9), 'p95 ms'.padStart(9), 'p99 ms'.padStart(9)].join(' ');
  const lines = [header, '-'.repeat(header.length)];
  for (const r of results) {
    lines.push(
      [
        r.scenario.padEnd(38),
        fmt(r.count).padStart(8),
        fmt(r.seconds, 2).padStart(9),
        fmt(r.perSecond).padStart(10),
        ms(r.latencies?.p50).padStart(9),
        ms(r.latencies?.p95).padStart(9),
        ms(r.latencies?.p99).padStart(9),
      ].join(' '),
    );
  }
  const relay = results.find((r) => r.scenario.startsWith('outbox relay'));
  const naive = results.find((r) => r.scenario.startsWith('naive relay'));
  const raw = results.find((r) => r.scenario.startsWith('raw kafkajs'));
  lines.push('');
  const goal = (what: string, figure: string, met: boolean) => lines.push(`goal ${what}`.padEnd(46) + figure.padStart(18) + `  ${met ? 'met' : 'NOT met'}`);
  if (relay) goal(`relay >= ${fmt(TARGET_RELAY_EVENTS_PER_SECOND)} events/s`, `${fmt(relay.perSecond)} events/s`, relay.perSecond >= TARGET_RELAY_EVENTS_PER_SECOND);
  if (relay && naive) {
    const ratio = relay.perSecond / naive.perSecond;
    goal(`relay >= ${TARGET_RELAY_OVER_NAIVE}x naive relay`, `${fmt(ratio, 1)}x`, ratio >= TARGET_RELAY_OVER_NAIVE);
  }
  if (relay && raw) {
    lines.push(`(relay / raw kafkajs)`.padEnd(46) + `${fmt((100 * relay.perSecond) / raw.perSecond, 0)}%`.padStart(18));
  }
  const router = results.find((r) => r.scenario.startsWith('care-router routing'));
  if (router) goal(`care-router >= ${fmt(TARGET_ROUTER_EVENTS_PER_SECOND)} events/s`, `${fmt(router.perSecond)} events/s`, router.perSecond >= TARGET_ROUTER_EVENTS_PER_SECOND);
  const latencyGoal = (suffix: string, what: string, target: number) => {
    const measured = results.find((r) => r.scenario.endsWith(suffix))?.latencies;
    if (measured) goal(`${what} p99 <= ${target} ms`, `${ms(measured.p99)} ms`, measured.p99 <= target);
  };
  latencyGoal('answer -> copy', 'answer -> copy', TARGET_ROUTED_P99_MS);
  latencyGoal('answer -> care record', 'answer -> care record', TARGET_VISIBLE_P99_MS);
  latencyGoal('care-record read', 'care-record read', TARGET_READ_P99_MS);
  const rebuild = results.find((r) => r.scenario === 'care-record rebuild');
  if (rebuild) goal(`care-record rebuild >= ${fmt(TARGET_REBUILD_EVENTS_PER_SECOND)} events/s`, `${fmt(rebuild.perSecond)} events/s`, rebuild.perSecond >= TARGET_REBUILD_EVENTS_PER_SECOND);
  const deliveries = results.find((r) => r.scenario.startsWith('delivery backlog'));
  if (deliveries) goal(`delivery >= ${fmt(TARGET_DELIVERIES_PER_SECOND)} deliveries/s`, `${fmt(deliveries.perSecond)} events/s`, deliveries.perSecond >= TARGET_DELIVERIES_PER_SECOND);
  latencyGoal('answer -> webhook', 'answer -> webhook', TARGET_DELIVERED_P99_MS);
  if (results.some((r) => /^identity \d+\/s: HTTP$/.test(r.scenario))) {
    const highest = highestRateWithin(results, SWEEP_P99_LIMIT_MS);
    goal(`identity >= ${fmt(TARGET_REGISTRATIONS_PER_SECOND)}/s with HTTP p99 <= ${SWEEP_P99_LIMIT_MS} ms`, highest === undefined ? 'no swept rate' : `${fmt(highest)}/s`, (highest ?? 0) >= TARGET_REGISTRATIONS_PER_SECOND);
  }
  latencyGoal('identity 200/s: HTTP', 'identity 200/s HTTP', 25);
  latencyGoal('identity 200/s: answer -> Kafka', 'identity 200/s answer -> Kafka', 50);
  const apply = results.find((r) => r.scenario.endsWith('applies identity backlog'));
  if (apply) goal(`apply >= ${fmt(TARGET_APPLY_EVENTS_PER_SECOND)} events/s`, `${fmt(apply.perSecond)} events/s`, apply.perSecond >= TARGET_APPLY_EVENTS_PER_SECOND);
  for (const { what, figure, met } of relayVersusDebezium(results)) goal(what, figure, met);
  const feed = results.find((r) => r.scenario === 'analytics feed (backlog)');
  if (feed) goal(`analytics feed >= ${fmt(TARGET_FEED_EVENTS_PER_SECOND)} events/s`, `${fmt(feed.perSecond)} events/s`, feed.perSecond >= TARGET_FEED_EVENTS_PER_SECOND);
  lines.push('');
  for (const r of results.filter((result) => result.outcome)) lines.push(`${r.scenario}: ${r.outcome}`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const registrations = intArg('registrations', 2_000);
  const events = intArg('events', 20_000);
  const naiveCount = intArg('naive', Math.max(1, Math.round(events / 10)));
  const concurrency = intArg('concurrency', 32);
  const care = {
    patients: intArg('patients', 400),
    slots: intArg('slots', 100),
    capacity: intArg('capacity', 3),
    bookings: intArg('bookings', 1_000),
    prescriptions: intArg('prescriptions', 1_000),
    concurrency,
  };
  const routing = {
    patients: intArg('router-patients', 2_000),
    updatesPerPatient: intArg('router-updates', 9),
    rate: intArg('rate', 200),
    seconds: intArg('rate-seconds', 15),
  };
  const careRecord = {
    patients: intArg('care-record-patients', 200),
    rate: routing.rate,
    readRate: intArg('read-rate', 200),
    seconds: routing.seconds,
    concurrency,
  };
  const delivery = {
    settings: intArg('delivery-settings', 50),
    backlog: intArg('delivery-backlog', 20_000),
    rate: intArg('delivery-rate', 200),
    seconds: intArg('delivery-seconds', 15),
  };
  const writePath = {
    rates: intListArg('sweep-rates', [50, 200, 500, 1_000]),
    seconds: intArg('sweep-seconds', 10),
    applyEvents: intArg('apply-events', 100_000),
    applyService: listArg('apply-service', ['medications', 'records', 'appointments', 'results'])[0],
  };
  // Off by default: default runs stay as they were.
  const pgProfileRate = process.argv.slice(2).includes('--pg-profile') ? intArg('pg-profile-rate', 200) : undefined;
  const debezium = {
    events: intArg('debezium-events', 20_000),
    rates: intListArg('debezium-rates', [100, 500]),
    seconds: intArg('debezium-seconds', 10),
  };
  const analytics = {
    events: intArg('analytics-events', 20_000),
    patients: intArg('analytics-patients', 1_000),
    rate: intArg('analytics-rate', 200),
    seconds: intArg('analytics-seconds', 10),
  };
  const clinicalWrites = { rates: intListArg('clinical-rates', [50, 200]), seconds: writePath.seconds };
  const only = new Set(listArg('only', ['identity', 'relay', 'care', 'care-router', 'care-record', 'delivery', 'write-path', 'clinical-writes', 'debezium', 'analytics']));

  log('starting the platform (ephemeral)');
  const platform: Platform = await startPlatform({ mode: 'ephemeral', log });
  // Interrupted, the bench still stops the broker and registry it started, which would otherwise outlive it.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the platform`);
    void platform.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let issuer: DevIssuer | undefined;
  const results: Result[] = [];
  let pgProfile: PgProfile | undefined;
  try {
    process.env.KAFKA_BROKERS = platform.kafkaBrokers.join(',');
    process.env.SCHEMA_REGISTRY_URL = platform.registryUrl;
    process.env.DATABASE_URL = platform.postgres.adminUrl;
    // The services verify every call's token against this issuer, as against NHS CIS2 in life.
    issuer = await startDevIssuer({ port: 0 });
    process.env.AUTH_ISSUER = issuer.url;
    process.env.AUTH_AUDIENCE = DEFAULT_AUDIENCE;
    const { schemas } = await provisionMessaging(platform);
    log(`topics provisioned, ${schemas} schemas registered; token issuer ${issuer.url}`);

    if (only.has('identity')) results.push(...(await identityWritePath(registrations, concurrency)));
    if (only.has('relay')) results.push(...(await relayScenarios(platform.kafkaBrokers, platform.registryUrl, events, naiveCount)));
    if (only.has('care')) results.push(...(await careScenarios(platform.kafkaBrokers, care)));
    if (only.has('care-router')) results.push(...(await careRouterScenarios({ brokers: platform.kafkaBrokers, registryUrl: platform.registryUrl, ...routing })));
    if (only.has('care-record')) results.push(...(await careRecordScenarios({ brokers: platform.kafkaBrokers, ...careRecord })));
    if (only.has('write-path')) results.push(...(await writePathScenarios({ brokers: platform.kafkaBrokers, registryUrl: platform.registryUrl, ...writePath })));
    if (only.has('write-path') && pgProfileRate) {
      const profiled = await identityPgProfile({ brokers: platform.kafkaBrokers, rate: pgProfileRate, seconds: writePath.seconds });
      results.push(...profiled.results);
      pgProfile = profiled.profile;
    }
    if (only.has('clinical-writes')) results.push(...(await clinicalWriteScenarios({ brokers: platform.kafkaBrokers, ...clinicalWrites })));
    if (only.has('delivery')) results.push(...(await deliveryScenarios({ brokers: platform.kafkaBrokers, registryUrl: platform.registryUrl, ...delivery })));
    if (only.has('debezium')) results.push(...(await debeziumScenarios({ brokers: platform.kafkaBrokers, registryUrl: platform.registryUrl, ...debezium })));
    if (only.has('analytics')) results.push(...(await analyticsScenarios({ brokers: platform.kafkaBrokers, registryUrl: platform.registryUrl, ...analytics })));
  } finally {
    log('stopping the platform');
    await issuer?.close();
    await platform.stop();
  }
  printSummary(results);
  if (pgProfile) printPgProfile(pgProfile);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
