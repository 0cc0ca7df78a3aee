/**
 * Where PostgreSQL's time goes for one accepted identity registration (`--pg-profile`): one open-loop step
 * at a fixed rate after a warm-up, with pg_stat_statements counting every statement on identity's database,
 * its relay's included (the relay runs in the identity process, on the same database); then EXPLAIN
 * (ANALYZE, BUFFERS) of the statements that matter, in a transaction rolled back.
 *
 * A separate server: pg_stat_statements must be in shared_preload_libraries, which only takes effect when
 * a server starts, and the machine's own server (which others share) must not be restarted. So an embedded
 * PostgreSQL beside it, on a free port, in a temporary folder removed on stop, with that library and
 * otherwise the default settings.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withClient } from '@care-events/provisioning';
import {
  asStaff, ensureDatabase, freePort, nhsNumbers, PostgresServer, startEmbeddedPostgres, startServiceProcess, tapTopics,
} from '@care-events/local-platform';
import { registration } from '../../services/identity/test/identity-fixtures';
import { arrivalTimes, warmUp } from './arrivals';
import { log, percentiles, Result, sleep, until } from './common';
import { IDENTITY_TOPIC } from './identity-backlog';
import { openLoop, refusals } from './open-loop';

export interface PgProfileOptions {
  brokers: string[];
  /** Registrations per second of the profiled step, for `seconds`. */
  rate: number;
  seconds: number;
}

export interface StatementCost {
  /** Normalised text (constants as $n), whitespace collapsed. */
  query: string;
  /** false: run inside another statement (a trigger's function); its time is in that statement's too. */
  toplevel: boolean;
  calls: number;
  callsPerRegistration: number;
  meanMs: number;
  totalMsPerRegistration: number;
  /** How often it was planned, and for how long (a prepared statement is planned once per connection). */
  plansPerRegistration: number;
  planMsPerRegistration: number;
  rows: number;
}

export interface PgProfile {
  rate: number;
  seconds: number;
  /** Patients and outbox rows the step added: accepted registrations, and their events. */
  registrations: number;
  events: number;
  statements: StatementCost[];
}

const DATABASE = 'identity_profile';
const WARM_UP_REGISTRATIONS = 50;
/** Longer than the relay's idle fallback poll (1 s): its last mark is in, at the cost of an idle fetch or two. */
const RELAY_MARK_GRACE_MS = 1_500;
/** The relay's batch as the services ship it. */
const RELAY_BATCH = 1_000;
const SHOWN_QUERY_CHARS = 80;

export async function identityPgProfile(options: PgProfileOptions): Promise<{ results: Result[]; profile: PgProfile }> {
  const postgres = await startStatementsPostgres();
  try {
    await withClient(postgres.adminUrl, (client) => client.query('create extension if not exists pg_stat_statements'));
    // As the Debezium bench does on its server: the service's database created, then migrated by the service itself.
    const databaseUrl = await ensureDatabase(postgres.adminUrl, DATABASE);
    return await profiledStep(options, postgres.adminUrl, databaseUrl);
  } finally {
    await postgres.stop();
  }
}

async function startStatementsPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'statements-postgres-'));
  // The server runs as the 'postgres' user, which must reach its data folder inside this one.
  chmodSync(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres({
      dir: join(dir, 'data'), port: await freePort(), persistent: false,
      // track_planning: a statement parsed and planned on every call pays for it on every call.
      postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on'],
    });
    log(`pg profile: PostgreSQL with pg_stat_statements at ${server.adminUrl.replace(/:[^:@/]+@/, ':***@')}`);
    return { ...server, stop: () => server.stop().finally(() => rmSync(dir, { recursive: true, force: true })) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function profiledStep(options: PgProfileOptions, adminUrl: string, databaseUrl: string): Promise<{ results: Result[]; profile: PgProfile }> {
  // The server is thrown away whole: nothing to drop.
  const identity = await startServiceProcess('identity', { LOG_LEVEL: 'error' }, { database: { url: databaseUrl, drop: async () => undefined } });
  const tap = await tapTopics([IDENTITY_TOPIC], options.brokers.join(','));
  const arrivals = arrivalTimes(tap);
  const nextNhsNumber = nhsNumbers();
  const headers = { 'content-type': 'application/json', ...(await asStaff()) };
  const post = () => fetch(`${identity.url}/patients`, { method: 'POST', headers, body: JSON.stringify(registration(nextNhsNumber())) });
  try {
    await warmUp(post, arrivals, WARM_UP_REGISTRATIONS, 'pg profile: warm-up events on Kafka');
    const before = await rowCounts(databaseUrl);
    await withClient(adminUrl, (client) => client.query('select pg_stat_statements_reset()'));
    const results = await profiledLoad(options, post, arrivals);
    // The relay marks a batch sent just after the send the tap saw. No query of the bench's runs on the database
    // until the statistics are read (pg_stat_statements would count it: it keeps no comment to tell it by).
    await sleep(RELAY_MARK_GRACE_MS);
    const statistics = await readStatements(adminUrl);
    const after = await rowCounts(databaseUrl);
    const profile = { rate: options.rate, seconds: options.seconds, registrations: after.patients - before.patients, events: after.events - before.events, statements: [] as StatementCost[] };
    profile.statements = statistics.map((row) => costOf(row, profile.registrations));
    await explainRegistration(databaseUrl, statistics);
    return { results, profile };
  } finally {
    await tap.stop().catch(() => undefined);
    await identity.stop();
  }
}

/** The open loop of the step, as the sweep's: HTTP from each request's scheduled time, and answer -> event on Kafka. */
async function profiledLoad(options: PgProfileOptions, post: () => Promise<Response>, arrivals: Map<string, number>): Promise<Result[]> {
  const total = options.rate * options.seconds;
  log(`pg profile: open loop, ${total} registrations at ${options.rate}/s, pg_stat_statements counting`);
  const answered = new Map<string, number>();
  const run = await openLoop(total, options.rate, post, async (_, response, answeredAt) => {
    answered.set(((await response.json()) as { id: string }).id, answeredAt);
  });
  const elapsed = (performance.now() - run.begin) / 1000;
  await until(() => [...answered.keys()].every((id) => arrivals.has(id)), 120_000, 'pg profile: events on Kafka', 20).catch(() => undefined);
  const onKafka = [...answered].filter(([id]) => arrivals.has(id)).map(([id, at]) => (arrivals.get(id) as number) - at);
  const scenario = `pg-profiled ${options.rate}/s`;
  return [
    { scenario: `${scenario}: HTTP`, count: total, seconds: elapsed, perSecond: answered.size / elapsed, latencies: percentiles(run.httpLatencies),
      outcome: `accepted ${answered.size} of ${total}, errors: ${refusals(run)}; ${answered.size - onKafka.length} accepted NOT on Kafka; on the embedded PostgreSQL with pg_stat_statements (track=all), not comparable with the sweep` },
    { scenario: `${scenario}: answer -> Kafka`, count: onKafka.length, seconds: elapsed, perSecond: onKafka.length / elapsed, latencies: percentiles(onKafka) },
  ];
}

async function rowCounts(databaseUrl: string): Promise<{ patients: number; events: number }> {
  const [row] = (await withClient(databaseUrl, (client) => client.query(`select (select count(*) from patient)::int as patients, (select count(*) from outbox_message)::int as events`))).rows;
  return row as { patients: number; events: number };
}

interface StatementRow {
  query: string;
  toplevel: boolean;
  calls: number;
  mean_ms: number;
  total_ms: number;
  plans: number;
  total_plan_ms: number;
  rows: number;
}

/** identity's database's statements since the reset, costliest first. */
async function readStatements(adminUrl: string): Promise<StatementRow[]> {
  const { rows } = await withClient(adminUrl, (client) => client.query(
    `select query, toplevel, calls::int as calls, mean_exec_time as mean_ms, total_exec_time as total_ms,
            plans::int as plans, total_plan_time as total_plan_ms, rows::int as rows
       from pg_stat_statements
      where dbid = (select oid from pg_database where datname = $1)
      order by total_exec_time desc`,
    [DATABASE],
  ));
  return rows as StatementRow[];
}

function costOf(row: StatementRow, registrations: number): StatementCost {
  const per = Math.max(registrations, 1);
  return {
    query: row.query.replace(/\s+/g, ' ').trim(),
    toplevel: row.toplevel,
    calls: row.calls,
    callsPerRegistration: row.calls / per,
    meanMs: row.mean_ms,
    totalMsPerRegistration: row.total_ms / per,
    plansPerRegistration: row.plans / per,
    planMsPerRegistration: row.total_plan_ms / per,
    rows: row.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// EXPLAIN (ANALYZE, BUFFERS) of one registration's statements, as they were run (text from pg_stat_statements)

interface Explained {
  what: string;
  /** Which statement of the statistics, by its text. */
  matches: RegExp;
  /** Parameters like the step's, from the rows it left. */
  parameters(client: Client, query: string): Promise<unknown[]>;
}

const EXPLAINED: Explained[] = [
  // One statement: the patient's insert ($1..$n), then the outbox's (numbered after it).
  {
    what: 'registration (patient and outbox insert)',
    matches: /^with command as \(\s*insert into "patient"/i,
    parameters: async (client, query) => [...(await patientInsertParameters(client, query)), ...(await outboxInsertParameters(client))],
  },
  // After the outbox insert in the same transaction: one unsent row waits, as when the relay is notified.
  { what: 'relay fetch of unsent rows', matches: /from outbox_message where sent_at is null and/i, parameters: async () => [RELAY_BATCH, []] },
];

async function explainRegistration(databaseUrl: string, statistics: StatementRow[]): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query('begin');
    try {
      for (const explained of EXPLAINED) await explainOne(client, explained, statistics);
    } finally {
      await client.query('rollback');
    }
  });
}

async function explainOne(client: Client, { what, matches, parameters }: Explained, statistics: StatementRow[]): Promise<void> {
  const statement = statistics.find((row) => matches.test(row.query.trim()));
  if (!statement) {
    log(`pg profile: EXPLAIN ${what}: not among the step's statements`);
    return;
  }
  await client.query('savepoint explained');
  try {
    const plan = await client.query(`explain (analyze, buffers) ${statement.query}`, await parameters(client, statement.query));
    // Released, not rolled back: the later statements see this one's row, as in the registration.
    await client.query('release savepoint explained');
    const lines = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']);
    log(`pg profile: EXPLAIN (ANALYZE, BUFFERS) ${what} (rolled back):\n${keyLines(lines).map((line) => `    ${line}`).join('\n')}`);
  } catch (error) {
    await client.query('rollback to savepoint explained');
    log(`pg profile: EXPLAIN ${what} failed: ${(error as Error).message}`);
  }
}

/** Node types with their actual times, indexes and their conditions, triggers, the top node's buffers, and the times. */
function keyLines(plan: string[]): string[] {
  const key = (line: string, index: number) => index === 0 || /->|Index Cond|Filter:|Trigger|Planning Time|Execution Time/.test(line) || (index === 1 && /Buffers:/.test(line));
  return plan.filter(key).map((line) => line.replace(/\s*\(cost=[^)]*\)/, ''));
}

/** A new patient like the step's latest: its columns as the insert names them, a new id and NHS number. */
async function patientInsertParameters(client: Client, query: string): Promise<unknown[]> {
  const [, columnList, valueList] = query.match(/"patient"\s*\(([^)]*)\)\s*values\s*\(([^)]*)\)/i) ?? [];
  if (!columnList || !valueList) throw new Error('patient insert: no column and value lists');
  const columns = columnList.split(',').map((column) => column.trim().replace(/"/g, ''));
  const [{ patient }] = (await client.query(`select to_jsonb(p) as patient from patient p order by created_at desc limit 1`)).rows;
  const fresh: Record<string, unknown> = { ...patient, id: randomUUID(), nhs_number: nhsNumbers()() };
  const parameters: unknown[] = [];
  valueList.split(',').forEach((value, index) => {
    const placeholder = value.trim().match(/^\$(\d+)$/);
    if (placeholder) parameters[Number(placeholder[1]) - 1] = asParameter(fresh[columns[index]]);
  });
  return parameters;
}

/** jsonb values as their text: node-postgres would send a JavaScript array as a PostgreSQL array. */
const asParameter = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

/** One event like the step's latest, with a new id; its schema already stored, as for every registration after the first. */
async function outboxInsertParameters(client: Client): Promise<unknown[]> {
  const [row] = (await client.query(
    `select event_type, topic, message_key, payload::text as payload, occurred_at, trace_context::text as trace_context, schema_fingerprint
       from outbox_message order by id desc limit 1`,
  )).rows;
  return [[], [], [], [randomUUID()], [row.event_type], [row.topic], [row.message_key], [row.payload], [row.occurred_at], [row.trace_context], [row.schema_fingerprint]];
}

// ---------------------------------------------------------------------------------------------

/** The statement table, printed after the summary. */
export function printPgProfile(profile: PgProfile): void {
  const fmt = (n: number, digits: number) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const shorten = (query: string) => (query.length > SHOWN_QUERY_CHARS ? `${query.slice(0, SHOWN_QUERY_CHARS - 1)}…` : query);
  const header = [
    'statement'.padEnd(SHOWN_QUERY_CHARS), 'level'.padEnd(6), 'calls'.padStart(7), 'calls/reg'.padStart(9), 'mean ms'.padStart(8), 'ms/reg'.padStart(7),
    'plans/reg'.padStart(9), 'plan ms/reg'.padStart(11), 'rows'.padStart(7),
  ].join(' ');
  const lines = [
    `PostgreSQL per accepted identity registration (pg_stat_statements, track=all, identity's database with its relay): ` +
      `${profile.rate}/s for ${profile.seconds} s after a warm-up, ${profile.registrations} registrations, ${profile.events} outbox events`,
    header,
    '-'.repeat(header.length),
  ];
  for (const s of profile.statements) {
    lines.push([
      shorten(s.query).padEnd(SHOWN_QUERY_CHARS), (s.toplevel ? 'top' : 'nested').padEnd(6), fmt(s.calls, 0).padStart(7), fmt(s.callsPerRegistration, 2).padStart(9),
      fmt(s.meanMs, 3).padStart(8), fmt(s.totalMsPerRegistration, 3).padStart(7), fmt(s.plansPerRegistration, 2).padStart(9),
      fmt(s.planMsPerRegistration, 3).padStart(11), fmt(s.rows, 0).padStart(7),
    ].join(' '));
  }
  const topLevel = profile.statements.filter((s) => s.toplevel).reduce((sum, s) => sum + s.totalMsPerRegistration, 0);
  const planning = profile.statements.reduce((sum, s) => sum + s.planMsPerRegistration, 0);
  lines.push('', `top-level statements' execution time per registration: ${fmt(topLevel, 3)} ms (nested statements' time is inside their callers'); planning: ${fmt(planning, 3)} ms`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
