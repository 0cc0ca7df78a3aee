/**
 * The outbox relay beside the peer a platform team would run instead, change data capture: Debezium's
 * PostgreSQL connector with its Outbox Event Router, under Kafka Connect standalone from the broker's Kafka
 * release. Both read the same outbox_message table on a PostgreSQL with wal_level=logical (embedded, beside
 * the platform's) and publish to the same broker; one separate consumer (not a producer's callback) times both:
 *   1. draining a pre-filled outbox: the same rows, each mechanism on a fresh database of its own;
 *   2. commit -> event on Kafka at fixed arrival rates (open loop), each commit a transaction of one outbox row.
 * Each runs with its defaults, in a process of its own: the relay as the services ship it (batch 1000,
 * LISTEN/NOTIFY with a 1 s fallback poll; relay-process.ts), Debezium as debezium-outbox.properties leaves it
 * (poll.interval.ms 500, max.batch.size 2048). The load and the reading consumer run in the bench's process.
 *
 * The rows are copies (raw_value, raw_headers): identity's events encoded before the clock starts, exactly
 * as the relay would encode them. The relay forwards a copy's bytes and headers as stored; the router takes
 * raw_value as the value and the headers from the row's columns. So both put the same bytes on Kafka and
 * neither pays for Avro encoding, which the relay does for the services' own rows (docs/benchmarks.md).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  debeziumPluginPath, debeziumVersion, ensureDatabase, freePort, kafkaVersion, RunningKafkaConnect, startKafkaConnect, startLogicalPostgres, workspaceRoot,
} from '@care-events/local-platform';
import { createKafka, ProducedMessage, TopicFollower } from '@care-events/messaging';
import { OutboxCopy, OutboxWriter, transactionalMessagingMigrations } from '@care-events/transactional-messaging';
import { log, percentiles, Result, sleep, until } from './common';
import { IDENTITY_TOPIC, identityBacklog } from './identity-backlog';

export interface DebeziumBenchOptions {
  brokers: string[];
  registryUrl: string;
  /** Rows in the pre-filled outbox each mechanism drains. */
  events: number;
  /** Commits per second of the open loops, each for `seconds`. */
  rates: number[];
  seconds: number;
}

type Mechanism = 'relay' | 'debezium';
const TOPICS: Record<Mechanism, string> = { relay: 'bench.outbox-relay.v1', debezium: 'bench.outbox-debezium.v1' };
const CE_SOURCE = '/services/identity';
const WARM_UP_ROWS = 20;
const DRAIN_TIMEOUT_MS = 120_000;

interface Received {
  at: number;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** The separate consumer: when each key first reached it, per topic, with what it carried. */
class OutboxReader {
  readonly received = new Map<string, Map<string, Received>>(Object.values(TOPICS).map((topic) => [topic, new Map()]));
  private readonly follower: TopicFollower;

  constructor(kafka: ReturnType<typeof createKafka>) {
    this.follower = new TopicFollower(kafka, { groupId: `bench-outbox-reader-${randomUUID()}`, topics: Object.values(TOPICS), fromBeginning: true });
  }

  start(): Promise<void> {
    return this.follower.start(({ topic, key, value, headers }) => {
      const byKey = this.received.get(topic);
      if (key && byKey && !byKey.has(key)) byKey.set(key, { at: performance.now(), value, headers });
    });
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  of(mechanism: Mechanism): Map<string, Received> {
    return this.received.get(TOPICS[mechanism]) as Map<string, Received>;
  }

  /** Waits until every key arrived; gives how many did not within the timeout. */
  async awaitAll(mechanism: Mechanism, keys: string[], timeoutMs: number): Promise<number> {
    const received = this.of(mechanism);
    await until(() => keys.every((key) => received.has(key)), timeoutMs, `${mechanism}: events at the reader`, 5).catch(() => undefined);
    return keys.filter((key) => !received.has(key)).length;
  }
}

/** One outbox database on the logical server, migrated as every service database is. */
interface OutboxDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
}

async function outboxDatabase(adminUrl: string, name: string): Promise<OutboxDatabase> {
  const url = await ensureDatabase(adminUrl, name);
  const dataSource = new DataSource({ type: 'postgres', url, migrations: transactionalMessagingMigrations, migrationsRun: true });
  await dataSource.initialize();
  return { name, url, dataSource };
}

/** The same events as rows of one mechanism's outbox: copies addressed to its topic. */
function rowsFor(mechanism: Mechanism, messages: ProducedMessage[]): OutboxCopy[] {
  return messages.map((message) => ({
    outboxEventId: message.headers.ce_id,
    eventType: message.headers.ce_type,
    topic: TOPICS[mechanism],
    key: message.key,
    value: message.value,
    headers: message.headers,
    occurredAt: new Date(message.headers.ce_time),
  }));
}

/** Inserts the rows in one transaction; gives the time its last statement returned, just before the commit. */
async function fillInOneTransaction(database: OutboxDatabase, rows: OutboxCopy[]): Promise<number> {
  const writer = new OutboxWriter();
  let beforeCommit = 0;
  await database.dataSource.transaction(async (manager) => {
    for (let i = 0; i < rows.length; i += 1_000) await writer.appendCopies(manager, rows.slice(i, i + 1_000));
    beforeCommit = performance.now();
  });
  return beforeCommit;
}

async function warmUp(mechanism: Mechanism, database: OutboxDatabase, reader: OutboxReader, messages: ProducedMessage[]): Promise<void> {
  const rows = rowsFor(mechanism, messages);
  await fillInOneTransaction(database, rows);
  if ((await reader.awaitAll(mechanism, rows.map((row) => row.key), 60_000)) > 0) throw new Error(`${mechanism}: warm-up events did not reach the reader`);
}

async function drain(mechanism: Mechanism, reader: OutboxReader, rows: OutboxCopy[], begin: number): Promise<Result> {
  const missing = await reader.awaitAll(mechanism, rows.map((row) => row.key), DRAIN_TIMEOUT_MS);
  const received = reader.of(mechanism);
  const last = Math.max(...rows.map((row) => received.get(row.key)?.at ?? begin));
  const count = rows.length - missing;
  const seconds = (last - begin) / 1000;
  log(`${mechanism}: ${count} of ${rows.length} outbox rows on Kafka in ${seconds.toFixed(2)} s`);
  return {
    scenario: `${mechanism} drain (${rows.length / 1000}k rows)`, count, seconds, perSecond: count / seconds,
    outcome: missing === 0 ? `all ${rows.length} read by the separate consumer` : `${missing} of ${rows.length} NOT read within ${DRAIN_TIMEOUT_MS / 1000} s`,
  };
}

/** Commits one row per transaction at a fixed rate (open loop); commit -> first read by the separate consumer. */
async function commitLoop(mechanism: Mechanism, database: OutboxDatabase, reader: OutboxReader, rate: number, messages: ProducedMessage[]): Promise<Result> {
  const rows = rowsFor(mechanism, messages);
  const writer = new OutboxWriter();
  const committed = new Map<string, number>();
  const failures: string[] = [];
  log(`${mechanism}: open loop, ${rows.length} commits at ${rate}/s`);
  const begin = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < rows.length; i++) {
    const wait = begin + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      database.dataSource.transaction((manager) => writer.appendCopies(manager, [rows[i]])).then(
        () => void committed.set(rows[i].key, performance.now()),
        (error: Error) => void failures.push(error.message),
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - begin) / 1000;
  const missing = await reader.awaitAll(mechanism, [...committed.keys()], 60_000);
  const received = reader.of(mechanism);
  const latencies = [...committed].filter(([key]) => received.has(key)).map(([key, at]) => (received.get(key) as Received).at - at);
  return {
    scenario: `${mechanism} ${rate}/s: commit -> Kafka`, count: latencies.length, seconds: elapsed, perSecond: committed.size / elapsed, latencies: percentiles(latencies),
    outcome: `${committed.size} of ${rows.length} committed${failures.length ? ` (${failures.length} failed: ${failures[0]})` : ''}; ` +
      (missing === 0 ? 'every committed row read by the separate consumer' : `${missing} committed rows NOT read within 60 s`),
  };
}

/** Whether Debezium put on Kafka what the relay did for the same rows: value bytes and headers, key by key. */
function compareOutputs(reader: OutboxReader, keys: string[]): string {
  const relay = reader.of('relay');
  const debezium = reader.of('debezium');
  let sameValue = 0;
  let sameHeaders = 0;
  const differing = new Map<string, string>();
  for (const key of keys) {
    const [r, d] = [relay.get(key), debezium.get(key)];
    if (!r || !d) continue;
    if (r.value && d.value && r.value.equals(d.value)) sameValue++;
    const names = new Set([...Object.keys(r.headers), ...Object.keys(d.headers)]);
    const unequal = [...names].filter((name) => r.headers[name] !== d.headers[name]);
    if (unequal.length === 0) sameHeaders++;
    for (const name of unequal) if (!differing.has(name)) differing.set(name, `relay ${JSON.stringify(r.headers[name])}, Debezium ${JSON.stringify(d.headers[name])}`);
  }
  const diff = [...differing].map(([name, example]) => `${name} (e.g. ${example})`).join('; ');
  return `of ${keys.length} drained events (matched by key), same value bytes: ${sameValue}, same headers: ${sameHeaders}${diff ? `; headers differing: ${diff}` : ''}`;
}

export async function debeziumScenarios(options: DebeziumBenchOptions): Promise<Result[]> {
  const kafka = createKafka({ brokers: options.brokers, clientId: 'care-events-bench-debezium' });
  const admin = kafka.admin();
  await admin.connect();
  const [identity] = (await admin.fetchTopicMetadata({ topics: [IDENTITY_TOPIC] })).topics;
  await admin.createTopics({ topics: Object.values(TOPICS).map((topic) => ({ topic, numPartitions: identity.partitions.length })), waitForLeaders: true });
  const postgres = await startLogicalPostgres();
  const reader = new OutboxReader(kafka);
  const connectDir = mkdtempSync(join(tmpdir(), 'debezium-connect-'));
  let connect: RunningKafkaConnect | undefined;
  const events = (count: number) => identityBacklog({ registryUrl: options.registryUrl, patients: count, updatesPerPatient: 0, practices: ['A81001'] });
  const results: Result[] = [];
  try {
    await reader.start();
    const drained = await events(options.events);
    const openLoops = await Promise.all(options.rates.map((rate) => events(rate * options.seconds)));
    log(`debezium: ${options.events} events encoded for the drains, ${openLoops.flat().length} for the open loops; PostgreSQL (wal_level=logical) at ${postgres.adminUrl.replace(/:[^:@/]+@/, ':***@')}`);

    // The relay, as the services ship it, in a process of its own on a database of its own.
    const relayDb = await outboxDatabase(postgres.adminUrl, 'outbox_relay');
    const relay = await startRelayProcess({ RELAY_DATABASE_URL: relayDb.url, KAFKA_BROKERS: options.brokers.join(','), SCHEMA_REGISTRY_URL: options.registryUrl });
    try {
      await warmUp('relay', relayDb, reader, await events(WARM_UP_ROWS));
      const rows = rowsFor('relay', drained);
      // As for Debezium: the relay waits idle, and the whole outbox becomes visible (and notifies it) at the commit.
      const begin = await fillInOneTransaction(relayDb, rows);
      results.push(await drain('relay', reader, rows, begin));
      for (const [index, rate] of options.rates.entries()) {
        await sleep(1_000);
        results.push(await commitLoop('relay', relayDb, reader, rate, openLoops[index]));
      }
    } finally {
      await relay.stop();
      await relayDb.dataSource.destroy();
    }

    // Debezium on a database of its own; the worker's start is not counted.
    const debeziumDb = await outboxDatabase(postgres.adminUrl, 'outbox_debezium');
    try {
      const started = performance.now();
      const slot = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      connect = await startKafkaConnect({
        dir: connectDir,
        brokers: options.brokers,
        port: await freePort(),
        pluginPath: await debeziumPluginPath(),
        connectorFiles: [join(__dirname, 'debezium-outbox.properties')],
        env: { DEBEZIUM_DATABASE_PORT: new URL(postgres.adminUrl).port, DEBEZIUM_DATABASE: debeziumDb.name, DEBEZIUM_SLOT: slot, DEBEZIUM_CE_SOURCE: CE_SOURCE },
      });
      await slotActive(postgres.adminUrl, slot);
      await warmUp('debezium', debeziumDb, reader, await events(WARM_UP_ROWS));
      log(`debezium: Kafka Connect ${kafkaVersion()} with Debezium ${debeziumVersion()} streaming after ${((performance.now() - started) / 1000).toFixed(1)} s (not counted)`);
      const rows = rowsFor('debezium', drained);
      // Nothing of a transaction reaches the slot before its commit: the outbox is full when the clock starts.
      const begin = await fillInOneTransaction(debeziumDb, rows);
      const result = await drain('debezium', reader, rows, begin);
      result.outcome += `; ${compareOutputs(reader, drained.map((message) => message.key))}`;
      results.push(result);
      for (const [index, rate] of options.rates.entries()) {
        await sleep(1_000);
        results.push(await commitLoop('debezium', debeziumDb, reader, rate, openLoops[index]));
      }
    } finally {
      await debeziumDb.dataSource.destroy();
    }
    return results;
  } finally {
    await connect?.stop();
    await reader.stop().catch(() => undefined);
    await postgres.stop();
    await admin.deleteTopics({ topics: Object.values(TOPICS) }).catch(() => undefined);
    await admin.disconnect();
    rmSync(connectDir, { recursive: true, force: true });
  }
}

/** tools/bench/relay-process.ts as a child process; resolves once its relay has started. */
async function startRelayProcess(env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-r', './tools/register.js', join(__dirname, 'relay-process.ts')], {
    cwd: workspaceRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('relay started\n')) resolve();
    });
    void exited.then(() => reject(new Error('the relay process exited during start-up')));
  });
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The connector's task runs once its slot exists; changes are streamed once the slot is active. */
async function slotActive(adminUrl: string, slot: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await until(async () => (await client.query('select 1 from pg_replication_slots where slot_name = $1 and active', [slot])).rowCount === 1, 60_000, `replication slot ${slot} active`, 100);
  } finally {
    await client.end();
  }
}

/** The goals: the relay ahead of Debezium draining, and at every rate on commit -> Kafka (p50 and p99). */
export function relayVersusDebezium(results: Result[]): Array<{ what: string; figure: string; met: boolean }> {
  const find = (prefix: string) => results.find((r) => r.scenario.startsWith(prefix));
  const goals: Array<{ what: string; figure: string; met: boolean }> = [];
  const [relayDrain, debeziumDrain] = [find('relay drain'), find('debezium drain')];
  if (relayDrain && debeziumDrain) {
    goals.push({
      what: 'relay drains faster than Debezium',
      figure: `${Math.round(relayDrain.perSecond).toLocaleString('en-GB')} vs ${Math.round(debeziumDrain.perSecond).toLocaleString('en-GB')} events/s`,
      met: relayDrain.perSecond > debeziumDrain.perSecond && relayDrain.count >= debeziumDrain.count,
    });
  }
  for (const relay of results.filter((r) => /^relay \d+\/s: commit -> Kafka$/.test(r.scenario))) {
    const rate = relay.scenario.split(' ')[1].replace(':', '');
    const debezium = find(`debezium ${rate}: commit -> Kafka`);
    if (!relay.latencies || !debezium?.latencies) continue;
    const [r, d] = [relay.latencies, debezium.latencies];
    goals.push({
      what: `relay below Debezium at ${rate}`,
      figure: `p50 ${r.p50.toFixed(0)} vs ${d.p50.toFixed(0)}, p99 ${r.p99.toFixed(0)} vs ${d.p99.toFixed(0)} ms`,
      met: r.p50 < d.p50 && r.p99 < d.p99 && relay.count >= debezium.count,
    });
  }
  return goals;
}
