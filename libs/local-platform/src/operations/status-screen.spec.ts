import { partitionList } from './partition-list';
import { PlatformStatus } from './platform-status';
import { readinessFrom } from './service-readiness';
import { statusScreen } from './status-screen';

const READY = {
  status: 'degraded',
  checks: { database: 'up', kafka: 'up', schemaRegistry: 'down' },
  outboxRelay: { running: true, leader: true, publishedTotal: 42, lastPublishedAt: null, lastError: 'registry unreachable', stuck: [{ id: '1' }], unregisteredSubjects: ['identity.patient.v1-care.events.identity.PatientMerged'], backlog: { unsent: 17, oldestUnsentAgeSeconds: 95 } },
  consumer: { state: 'degraded', heldPartitions: [{ topic: 'identity.patient.v1', partition: 2, offset: '9', since: '2026-11-30T17:00:00Z', attempts: 3, reason: 'database down' }] },
};

function status(overrides: Partial<PlatformStatus> = {}): PlatformStatus {
  return {
    takenAt: new Date('2026-11-30T17:58:00.000Z'),
    brokers: ['127.0.0.1:9092'],
    registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
    services: [
      { name: 'identity', url: 'http://127.0.0.1:3001', readiness: readinessFrom(200, READY), group: { groupId: 'identity', found: false } },
      {
        name: 'care-router', url: 'http://127.0.0.1:3007', readiness: { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:3007' },
        group: {
          groupId: 'care-router', found: true, state: 'Stable',
          lag: [{ topic: 'identity.patient.v1', messages: 0n }, { topic: 'records.clinical.v1', messages: 12n }],
          members: [{ clientId: 'care-router', clientHost: '/127.0.0.1', partitions: new Map([['identity.patient.v1', [0, 1, 2, 4]], ['records.clinical.v1', []]]) }],
        },
      },
      { name: 'records', url: 'http://127.0.0.1:3002', readiness: { reachable: false, error: 'timeout' }, group: { groupId: 'records-blue', error: 'broker down' } },
    ],
    otherGroups: ['test-tap-1'],
    deadLetters: { sizes: [{ topic: 'identity.patient.v1.dlq', messages: 3n }], absent: ['audit.access.v1.dlq'] },
    delivery: { url: 'http://127.0.0.1:3008', endpoints: [{ endpoint: 'e-1', odsCode: 'A81001', status: 'paused', backlogMessages: 7, lagSeconds: null, consecutiveFailures: 4 }] },
    ...overrides,
  };
}

describe('status screen', () => {
  const screen = statusScreen(status());
  const lineWith = (text: string) => screen.find((line) => line.includes(text)) ?? '';

  it('shows each service\'s readiness, its checks and outbox relay, or that it is unreachable', () => {
    expect(lineWith('identity ')).toMatch(/^identity +degraded \(200\) +database up, kafka up, schemaRegistry down +leader, 42 published since start, 1 stuck, 17 unsent, the oldest 95 s old$/);
    expect(screen).toContain('  ! unregistered schema subjects: identity.patient.v1-care.events.identity.PatientMerged');
    expect(screen).toContain('  ! outbox relay\'s last error: registry unreachable');
    expect(screen).toContain('  ! holds identity.patient.v1[2] at offset 9 after 3 attempts: database down');
    expect(lineWith('care-router ')).toMatch(/^care-router +unreachable +http:\/\/127\.0\.0\.1:3007: connect ECONNREFUSED/);
  });

  it('shows lag per topic and which member holds which partitions', () => {
    expect(screen).toContainEqual(expect.stringMatching(/^care-router +Stable +identity\.patient\.v1 0, records\.clinical\.v1 12$/));
    expect(screen).toContainEqual(expect.stringMatching(/^ +care-router@127\.0\.0\.1 holds identity\.patient\.v1\[0-2,4\]$/));
    expect(screen).toContainEqual(expect.stringMatching(/^identity +no such group in Kafka/));
    expect(screen).toContainEqual(expect.stringMatching(/^records \(group records-blue\) not read: broker down$/));
    expect(screen).toContain('Other groups in Kafka (1): test-tap-1');
    const many = statusScreen(status({ otherGroups: Array.from({ length: 9 }, (_, i) => `g${i}`) }));
    expect(many).toContain('Other groups in Kafka (9): g0, g1, g2, g3, and 5 more');
  });

  it('shows dead-letter topic sizes and delivery endpoints', () => {
    expect(screen).toContainEqual(expect.stringMatching(/^identity\.patient\.v1\.dlq +3$/));
    expect(screen).toContain('Not in Kafka: audit.access.v1.dlq');
    expect(screen).toContainEqual(expect.stringMatching(/^A81001 +e-1 +paused +7 +- +4$/));
  });

  it('shows the registry without the credentials its URL may carry', () => {
    const shown = statusScreen(status({ registryUrl: 'https://key:secret@registry.example.com/apis/ccompat/v7' }));
    expect(shown[1]).toBe('Kafka 127.0.0.1:9092   schema registry https://registry.example.com/apis/ccompat/v7');
  });

  it('says where a part could not be read', () => {
    const partial = statusScreen(status({ deadLetters: { error: 'Kafka unreachable' }, delivery: { url: 'http://127.0.0.1:3008', error: 'HTTP 503' }, otherGroups: { error: 'Kafka unreachable' } }));
    expect(partial).toContain('not read: Kafka unreachable');
    expect(partial).toContain('not read: HTTP 503');
    expect(partial).toContain('Other groups: not listed (Kafka unreachable)');
  });

  it('wraps a long lag list and a member\'s many partitions under their group', () => {
    const topics = Array.from({ length: 8 }, (_, i) => ({ topic: `clinical-topic-number-${i}.v1`, messages: BigInt(i) }));
    const member = { clientId: 'care-record', clientHost: '/10.0.0.7', partitions: new Map(topics.map(({ topic }) => [topic, [0, 1, 2, 3, 4, 5]])) };
    const wide = statusScreen(status({ services: [{ ...status().services[1], group: { groupId: 'care-router', found: true, state: 'Stable', lag: topics, members: [member] } }] }));
    const groupLines = wide.slice(wide.findIndex((line) => line.startsWith('── CONSUMER GROUPS')), wide.findIndex((line) => line.startsWith('Other groups')));
    const lagLines = groupLines.filter((line) => /clinical-topic-number-\d\.v1 \d/.test(line));
    const memberLines = groupLines.filter((line) => line.includes('[0-5]'));
    expect(lagLines.length).toBeGreaterThan(1);
    expect(memberLines.length).toBeGreaterThan(1);
    expect(memberLines[0]).toMatch(/^ {36}care-record@10\.0\.0\.7 holds clinical-topic-number-0\.v1\[0-5\]/);
    expect(groupLines.every((line) => line.length <= 110)).toBe(true);
    expect(lagLines.join(' ')).toContain('clinical-topic-number-7.v1 7');
    expect(memberLines.join(' ')).toContain('clinical-topic-number-7.v1[0-5]');
  });
});

describe('partition list', () => {
  it('joins runs of partitions', () => {
    expect(partitionList([5, 0, 1, 2, 4])).toBe('0-2,4-5');
    expect(partitionList([3])).toBe('3');
    expect(partitionList([])).toBe('');
  });
});
