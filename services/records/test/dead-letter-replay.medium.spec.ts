import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IdentityEventType } from '@care-events/contracts';
import { ClinicalServiceHarness, encodedEvent, eventually, workspaceRoot } from '@care-events/local-platform';
import { createKafka, DeadLetterPublisher, EventProducer, FollowedMessage, TopicFollower } from '@care-events/messaging';
import { RecordsModule } from '../src/records.module';
import { TOPIC } from './records-fixtures';

const IDENTITY_TOPIC = 'identity.patient.v1';

/** `npm run platform -- dlq replay`, as an operator runs it after fixing what made records give up on an identity event. */
describe('replaying a dead letter', () => {
  let records: ClinicalServiceHarness;
  let producer: EventProducer;
  let follower: TopicFollower;
  const onIdentityTopic: FollowedMessage[] = [];

  beforeAll(async () => {
    records = await ClinicalServiceHarness.start('records', RecordsModule, { topic: TOPIC });
    const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS as string).split(','), clientId: 'dead-letter-replay-test' });
    producer = new EventProducer(kafka);
    follower = new TopicFollower(kafka, { groupId: `dead-letter-replay-test-${Date.now()}`, topics: [IDENTITY_TOPIC], fromBeginning: false });
    await follower.start((message) => void onIdentityTopic.push(message));
  });

  afterAll(async () => {
    await follower?.stop();
    await producer?.disconnect();
    await records?.stop();
  });

  const runCli = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['-r', './tools/register.js', 'tools/platform/platform.ts', 'dlq', 'replay', IDENTITY_TOPIC, ...args], { cwd: workspaceRoot(), env: process.env, timeout: 60_000 });

  /** What records' consumer does when it gives up on an event: the event goes to identity.patient.v1.dlq instead. */
  const deadLetter = async (patientId: string) => {
    const { eventId, message } = await encodedEvent(IdentityEventType.PatientDeceased, patientId, { dateOfDeath: 20_400, correction: false });
    const failed = { topic: IDENTITY_TOPIC, partition: 2, message: { key: Buffer.from(message.key), value: message.value, headers: message.headers, offset: '812' } };
    await new DeadLetterPublisher(producer).publish(failed as unknown as Parameters<DeadLetterPublisher['publish']>[0], new TypeError('cannot read dateOfDeath'), 5, 'records');
    return eventId;
  };

  it('puts the chosen event back on its topic, with its key and headers, where the consumer that gave up on it applies it', async () => {
    const patientId = await records.newPatient();
    const eventId = await deadLetter(patientId);

    const { stdout } = await runCli('--id', eventId, '--group', 'records');

    expect(stdout).toMatch(new RegExp(`^identity\\.patient\\.v1\\.dlq: replayed 1 dead letter\\n {2}identity\\.patient\\.v1\\.dlq\\[0\\]@\\d+ -> identity\\.patient\\.v1 {2}event ${eventId} {2}\\(group records\\)\\n$`));
    await records.untilPatientIs(patientId, 'deceased');
    const replayed = onIdentityTopic.filter(({ headers }) => headers.ce_id === eventId);
    expect(replayed).toHaveLength(1);
    expect(replayed[0].key).toBe(patientId);
    expect(replayed[0].headers).toMatchObject({ ce_type: IdentityEventType.PatientDeceased, ce_subject: patientId, dlq_replayed_from: expect.stringMatching(/^identity\.patient\.v1\.dlq\[0\]@\d+$/) });
    expect(Object.keys(replayed[0].headers).filter((name) => name.startsWith('dlq_'))).toEqual(['dlq_replayed_from']);
  }, 180_000);

  it('sends nothing on a dry run, and nothing when one of the named events is not a dead letter', async () => {
    const patientId = await records.newPatient();
    const eventId = await deadLetter(patientId);

    const dryRun = await runCli('--id', eventId, '--dry-run');
    expect(dryRun.stdout).toContain('would replay 1 dead letter (--dry-run: nothing sent)');
    const refused = await runCli('--id', eventId, '--id', 'not-an-event').catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2, stderr: 'platform dlq replay: no dead letter has event id not-an-event; nothing was sent\n' });

    // identity's own record of the death has the same key, so it lands on the partition a replay would have used, after it.
    await records.identity.recordDeath(patientId, '2025-11-08');
    await eventually('identity publishes the death', async () => onIdentityTopic.some(({ headers }) => headers.ce_subject === patientId && headers.ce_type === IdentityEventType.PatientDeceased));
    expect(onIdentityTopic.filter(({ headers }) => headers.ce_id === eventId)).toEqual([]);
  }, 180_000);
});
