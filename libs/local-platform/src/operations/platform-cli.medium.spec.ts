import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  AvroCodec, ConsumerGroupAdmin, consumedTopics, createKafka, DeadLetterPublisher, deadLetterTopic, EventProducer, SchemaRegistryClient, toKafkaHeaders, TopicFollower,
} from '@care-events/messaging';
import { freePort } from '../free-port';
import { declaredServices } from '../provisioning';
import { workspaceRoot } from '../workspace';

/** A record of this test alone: the registry decodes it with the writer's schema, as for any event this checkout has no contract for. */
const PROBE = {
  type: 'record', name: 'PlatformCliProbe', namespace: 'care.events.test',
  fields: [{ name: 'metadata', type: { type: 'record', name: 'ProbeMetadata', fields: [{ name: 'eventId', type: 'string' }, { name: 'patientId', type: 'string' }] } }],
};
const PROBE_TYPE = 'care.events.test.PlatformCliProbe';

type DeadLetterPayload = Parameters<DeadLetterPublisher['publish']>[0];

/** `npm run platform` as a platform team runs it, against the test platform. */
describe('platform CLI on the real broker and registry', () => {
  const topic = `test.platform-cli.${randomUUID()}`;
  const group = `test-platform-cli-${randomUUID()}`;
  let kafka: ReturnType<typeof createKafka>;
  let producer: EventProducer;
  let codec: AvroCodec;
  let env: NodeJS.ProcessEnv;

  const event = async (eventId: string, patientId: string, key: string, withHeaders = true) => ({
    topic, key,
    value: await codec.encode(topic, PROBE_TYPE, PROBE, { metadata: { eventId, patientId } }),
    headers: withHeaders ? toKafkaHeaders({ eventId, source: '/services/test', type: PROBE_TYPE, time: new Date().toISOString(), subject: patientId }) : {},
  });

  beforeAll(async () => {
    kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'platform-cli-test' });
    producer = new EventProducer(kafka);
    const registry = new SchemaRegistryClient(process.env.SCHEMA_REGISTRY_URL as string);
    await registry.register(`${topic}-${PROBE_TYPE}`, PROBE);
    codec = new AvroCodec(registry, () => undefined);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: deadLetterTopic(topic), numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.send([await event('ev-1', 'p-1', 'a'), await event('ev-2', 'p-2', 'b', false)]);
    const publisher = new DeadLetterPublisher(producer);
    const failed = async (offset: string, error: Error) =>
      publisher.publish({ topic, partition: 1, message: { ...(await event(`dead-${offset}`, 'p-9', 'c')), offset } } as unknown as DeadLetterPayload, error, 5, group);
    await failed('4', new TypeError('cannot read patientId'));
    await failed('7', Object.assign(new Error('unknown NHS number'), { name: 'ValidationError' }));
    await failed('9', new TypeError('cannot read patientId'));
    const servicePorts = await Promise.all(declaredServices().map(async ({ name }) => [`${name.toUpperCase().replace(/-/g, '_')}_URL`, `http://127.0.0.1:${await freePort()}`]));
    env = { ...process.env, ...Object.fromEntries(servicePorts), CONSUMER_GROUP: group };
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  const runCli = (args: string[], extraEnv: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, ['-r', './tools/register.js', 'tools/platform/platform.ts', ...args], { cwd: workspaceRoot(), env: { ...env, ...extraEnv }, timeout: 60_000 });

  it('lists the dead letters of <topic>.dlq with their dlq headers, counted by error type', async () => {
    const { stdout } = await runCli(['dlq', 'list', topic]);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${deadLetterTopic(topic)}: 3 dead letters`);
    expect(lines).toContain('p0@1  test.PlatformCliProbe  event dead-7');
    expect(lines).toContain('  ValidationError: unknown NHS number');
    expect(lines[lines.indexOf('  ValidationError: unknown NHS number') + 1]).toMatch(new RegExp(`^  from ${escaped(topic)}\\[1\\]@7, group ${group}, 5 attempts, failed at \\d{4}-\\S+Z$`));
    expect(lines).toContain('       2  TypeError');
    expect(lines).toContain('       1  ValidationError');
  }, 120_000);

  it('shows unreachable services, consumer groups with their lag and members, dead letters and delivery on one screen', async () => {
    const groupAdmin = new ConsumerGroupAdmin(kafka, group);
    await groupAdmin.moveToEnd([topic]).finally(() => groupAdmin.close());
    await producer.send([await event('ev-3', 'p-1', 'a')]);
    // records' group has a member that reads and commits nothing: all three events are its lag.
    const liveGroup = `test-platform-cli-live-${randomUUID()}`;
    const member = new TopicFollower(kafka, { groupId: liveGroup, topics: [topic], fromBeginning: true });
    let received = 0;
    await member.start(() => void (received += 1));
    try {
      await until(() => received >= 3);
      const { stdout } = await runCli(['status'], { RECORDS_CONSUMER_GROUP: liveGroup });
      const lines = stdout.split('\n');
      expect(lines).toContainEqual(expect.stringMatching(/^identity +unreachable +http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^identity \\(group ${group}\\) +Empty +${escaped(topic)} 1$`)));
      const records = lines.findIndex((line) => line.startsWith(`records (group ${liveGroup})`));
      expect(lines[records]).toMatch(new RegExp(`^records \\(group ${liveGroup}\\) +Stable +${escaped(topic)} 3$`));
      expect(lines[records + 1]).toMatch(new RegExp(`^ +platform-cli-test@\\S+ holds ${escaped(topic)}\\[0-1\\]$`));
      expect(lines).toContainEqual(expect.stringMatching(/^identity\.patient\.v1\.dlq +\d+$/));
      expect(stdout).toMatch(/DELIVERY ENDPOINTS \(http:\/\/127\.0\.0\.1:\d+\/metrics\) ─+\nnot read: ECONNREFUSED/);
    } finally {
      await member.stop();
    }
  }, 120_000);

  it('tails decoded events of one patient, from the beginning and then as they come, until interrupted', async () => {
    const tail = spawn(process.execPath, ['-r', './tools/register.js', 'tools/platform/platform.ts', 'tail', topic, '--patient', 'p-1', '--from-beginning'], { cwd: workspaceRoot(), env });
    try {
      const lines = collectLines(tail);
      await until(() => lines.length >= 2);
      // Same key, same partition: once p-1's new event is shown, p-2's before it has been read and passed over.
      await producer.send([await event('ev-4', 'p-2', 'z'), await event('ev-5', 'p-1', 'z')]);
      await until(() => lines.length >= 3);
      expect(lines.map((line) => line.match(/event (\S+)/)?.[1]).sort()).toEqual(['ev-1', 'ev-3', 'ev-5']);
      expect(lines.every((line) => /^\d{4}-\d\d-\d\dT\S+Z {2}p[01]@\d+ +test\.PlatformCliProbe +patient p-1 {2}event ev-\d$/.test(line))).toBe(true);
      tail.kill('SIGINT');
      expect(await new Promise((resolve) => tail.once('exit', resolve))).toBe(0);
    } finally {
      tail.kill('SIGKILL');
    }
  }, 120_000);

  it('rewinds a stopped service\'s group to the first message kept on every topic it consumes, and refuses while a replica runs', async () => {
    const recordsGroup = `test-platform-cli-rewind-${randomUUID()}`;
    const consumed = consumedTopics('records');
    const groupAdmin = new ConsumerGroupAdmin(kafka, recordsGroup);
    try {
      await groupAdmin.moveToEnd(consumed);
      const { stdout } = await runCli(['rewind', 'records'], { RECORDS_CONSUMER_GROUP: recordsGroup });
      const [ranges, committed] = await Promise.all([groupAdmin.ranges(consumed), groupAdmin.committed(consumed)]);
      for (const topic of consumed) {
        for (const [partition, { low }] of ranges.get(topic) ?? []) expect(committed.get(topic)?.get(partition)).toBe(low);
      }
      expect(stdout.split('\n')[0]).toBe(`records (group ${recordsGroup}) will read again from the first message kept on:`);
      expect(stdout).toMatch(/^ {2}identity\.patient\.v1 +\d+ messages$/m);
    } finally {
      await groupAdmin.close();
    }

    const replica = new TopicFollower(kafka, { groupId: recordsGroup, topics: [consumed[0]], fromBeginning: true });
    await replica.start(() => undefined);
    try {
      const refused = await runCli(['rewind', 'records'], { RECORDS_CONSUMER_GROUP: recordsGroup }).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 1, stderr: `platform: consumer group "${recordsGroup}" has members: its offsets move only while it is empty\n` });
    } finally {
      await replica.stop();
    }
  }, 120_000);

  it('reads a headerless event\'s patient from its payload', async () => {
    const tail = spawn(process.execPath, ['-r', './tools/register.js', 'tools/platform/platform.ts', 'tail', topic, '--patient', 'p-2', '--from-beginning'], { cwd: workspaceRoot(), env });
    try {
      const lines = collectLines(tail);
      await until(() => lines.some((line) => line.includes('event ev-2')));
      expect(lines.find((line) => line.includes('event ev-2'))).toMatch(/test\.PlatformCliProbe +patient p-2 {2}event ev-2$/);
    } finally {
      tail.kill('SIGKILL');
    }
  }, 120_000);
});

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line !== ''));
  });
  return lines;
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
