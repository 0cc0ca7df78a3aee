import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { AnalyticsAllergy, AnalyticsWithdrawal, feedContracts } from '@care-events/contracts';
import { avroType, createKafka, SchemaRegistryClient } from '@care-events/messaging';
import { freePort } from './free-port';
import { RunningKafkaConnect, startKafkaConnect } from './kafka-connect';
import { eventually } from './testing/eventually';
import { workspaceRoot } from './workspace';

const brokers = () => (process.env.KAFKA_BROKERS as string).split(',');
const registryUrl = () => process.env.SCHEMA_REGISTRY_URL as string;

// A recipient of its own, so the topic, its subject, the sink's control topic and tables are this run's only.
const recipient = `test-${randomUUID()}`;
const topic = `analytics.${recipient}.allergy.v1`;
const withdrawals = `analytics.${recipient}.withdrawal.v1`;
const controlTopic = `analytics-files.${recipient}.control`;
const practices = ['A81001', 'B86042', 'C82009'];
const substances = ['764146007', '91936005'];
const EVENTS = 60;
/** A patient who opted out after their records were sent: the first query leaves them out. */
const withdrawal: AnalyticsWithdrawal = { eventId: 'withdrawal-1', pseudonym: 'pseudonym-3', keyVersion: 1, withdrawnOn: 20_410 };

/** What the analytics service publishes for an allergy, pseudonymised: here made up, deterministic per index. */
function allergy(index: number): AnalyticsAllergy {
  return {
    eventId: `event-${index}`,
    eventType: index % 10 === 9 ? 'AllergyEnteredInError' : 'AllergyRecorded',
    occurredOn: 20_400 + (index % 7),
    patient: {
      pseudonym: `pseudonym-${index % 25}`,
      keyVersion: 1,
      yearOfBirth: index % 4 === 0 ? null : 1950 + (index % 40),
      postcodeDistrict: 'LS1',
      gender: null,
      practiceOdsCode: practices[index % practices.length],
    },
    allergyRef: `allergy-${index}`,
    substance: { conceptId: substances[index % substances.length], term: index % 2 ? 'Penicillin' : 'Latex' },
    severity: 'SEVERE',
    criticality: null,
  };
}

/**
 * Registers the record's schema under `<topic>-value` and publishes the values as the analytics service does:
 * keyed by pseudonym, in the Confluent wire format (magic byte 0, the 4-byte big-endian schema id, the datum).
 */
async function publish(to: string, fullName: keyof typeof feedContracts, values: Array<{ pseudonym: string; value: object }>) {
  const { schema } = feedContracts[fullName];
  const header = Buffer.alloc(5);
  header.writeUInt32BE(await new SchemaRegistryClient(registryUrl()).register(`${to}-value`, schema), 1);
  const producer = createKafka({ brokers: brokers(), clientId: 'analytics-files-spec' }).producer();
  await producer.connect();
  await producer.send({ topic: to, messages: values.map(({ pseudonym, value }) => ({ key: pseudonym, value: Buffer.concat([header, avroType(schema).toBuffer(value)]) })) });
  await producer.disconnect();
}

/** The analysts' first query (docs/analytics.md, "Files for analysts"), over the tables' Parquet data files. */
function firstQuery(feed: string): string {
  return `SELECT patient.practiceOdsCode AS practice, substance.conceptId AS substance,
       count(*) AS events, count(DISTINCT patient.pseudonym) AS patients
FROM read_parquet('${feed}/allergy/v1/data/**/*.parquet')
WHERE eventType = 'AllergyRecorded'
  AND patient.pseudonym NOT IN (SELECT pseudonym FROM read_parquet('${feed}/withdrawal/v1/data/**/*.parquet'))
GROUP BY ALL
ORDER BY ALL`;
}

/** Rows in the table's current snapshot, from its newest metadata file: what the sink has committed. */
function committedRows(table: string): number {
  const hint = join(table, 'metadata', 'version-hint.text');
  if (!existsSync(hint)) return 0;
  const metadata = JSON.parse(readFileSync(join(table, 'metadata', `v${readFileSync(hint, 'utf8').trim()}.metadata.json`), 'utf8'));
  const current = metadata.snapshots?.find((snapshot: { 'snapshot-id': number }) => snapshot['snapshot-id'] === metadata['current-snapshot-id']);
  return Number(current?.summary?.['total-records'] ?? 0);
}

describe('files for analysts: the Iceberg sink writes an analytics topic to Parquet that DuckDB reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'analytics-files-'));
  const warehouse = join(dir, 'warehouse');
  const feed = join(warehouse, 'analytics', recipient);
  const admin = createKafka({ brokers: brokers(), clientId: 'analytics-files-spec' }).admin();
  let connect: RunningKafkaConnect | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3 }, { topic: withdrawals, numPartitions: 1 }, { topic: controlTopic, numPartitions: 1 }],
      waitForLeaders: true,
    });
    const allergies = Array.from({ length: EVENTS }, (_, index) => allergy(index));
    await publish(topic, 'care.events.analytics.AnalyticsAllergy', allergies.map((value) => ({ pseudonym: value.patient.pseudonym, value })));
    await publish(withdrawals, 'care.events.analytics.AnalyticsWithdrawal', [{ pseudonym: withdrawal.pseudonym, value: withdrawal }]);

    connect = await startKafkaConnect({
      dir: join(dir, 'connect'),
      brokers: brokers(),
      port: await freePort(),
      connectorFiles: [join(workspaceRoot(), 'deploy/analytics/connect/iceberg-sink.properties')],
      env: {
        ANALYTICS_RECIPIENT: recipient,
        ANALYTICS_REGISTRY_URL: registryUrl().replace(/\/apis\/ccompat\/v7\/?$/, '/apis/registry/v2'),
        ANALYTICS_WAREHOUSE: `file://${warehouse}`,
        // Not shorter: the sink's coordinator reads its control topic from the end, once its group has
        // joined; a worker's files sent before then wait for a rebalance (seen with 2 s on a busy machine).
        ANALYTICS_COMMIT_INTERVAL_MS: '10000',
      },
    });
  }, 300_000);

  afterAll(async () => {
    await connect?.stop();
    await admin.deleteTopics({ topics: [topic, withdrawals, controlTopic] }).catch(() => undefined);
    // The coordinator's group keeps its member until the session times out, so it may stay behind.
    await admin.deleteGroups([`analytics-files-${recipient}`, `analytics-files-${recipient}-coord`]).catch(() => undefined);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits every record to its topic\'s table, and the first query counts them by practice and substance, less the withdrawn', async () => {
    const table = join(feed, 'allergy', 'v1');
    await eventually(`the sink to commit ${EVENTS} allergies and 1 withdrawal (log: ${connect?.logFile})`, async () =>
      committedRows(table) === EVENTS && committedRows(join(feed, 'withdrawal', 'v1')) === 1, 120_000);

    const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duckdb.runAndReadAll(firstQuery(feed))).getRowObjectsJson();
    const total = (await duckdb.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${table}/data/**/*.parquet')`)).getRowObjectsJson();
    duckdb.closeSync();

    const recorded = Array.from({ length: EVENTS }, (_, index) => allergy(index))
      .filter((value) => value.eventType === 'AllergyRecorded' && value.patient.pseudonym !== withdrawal.pseudonym);
    const expected = new Map<string, { events: number; patients: Set<string> }>();
    for (const value of recorded) {
      const key = `${value.patient.practiceOdsCode} ${value.substance.conceptId}`;
      const group = expected.get(key) ?? { events: 0, patients: new Set<string>() };
      group.events += 1;
      group.patients.add(value.patient.pseudonym);
      expected.set(key, group);
    }
    expect(total).toEqual([{ n: String(EVENTS) }]);
    expect(rows).toEqual([...expected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => ({
      practice: key.split(' ')[0], substance: key.split(' ')[1], events: String(group.events), patients: String(group.patients.size),
    })));
  }, 180_000);
});
