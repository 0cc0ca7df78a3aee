import { Kafka } from 'kafkajs';

/** One entry of deploy/topics.json. */
export interface TopicDeclaration {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
  /** Also create `<name>.dlq` for messages its consumers could not process. */
  deadLetter?: { partitions: number; config: Record<string, string> };
}

export interface ProvisioningReport {
  created: string[];
  grown: string[];
  unchanged: string[];
}

/**
 * Creates declared topics that are missing, grows partition counts that are lower than
 * declared, and applies the declared configs. Never deletes and never shrinks.
 */
export async function provisionTopics(kafka: Kafka, declarations: TopicDeclaration[]): Promise<ProvisioningReport> {
  const wanted = declarations.flatMap(expandDeadLetter);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic.name));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const present = wanted.filter((topic) => existing.has(topic.name));
    const grown = await growPartitions(admin, present);
    if (present.length) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: present.map((t) => ({ type: 2 /* TOPIC */, name: t.name, configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })) })),
      });
    }
    return {
      created: missing.map((t) => t.name),
      grown,
      unchanged: present.map((t) => t.name).filter((name) => !grown.includes(name)),
    };
  } finally {
    await admin.disconnect();
  }
}

async function growPartitions(admin: ReturnType<Kafka['admin']>, topics: TopicDeclaration[]): Promise<string[]> {
  if (!topics.length) return [];
  const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
  const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const toGrow = topics.filter((t) => (counts.get(t.name) ?? 0) < t.partitions);
  if (toGrow.length) await admin.createPartitions({ topicPartitions: toGrow.map((t) => ({ topic: t.name, count: t.partitions })) });
  return toGrow.map((t) => t.name);
}

function expandDeadLetter(topic: TopicDeclaration): TopicDeclaration[] {
  if (!topic.deadLetter) return [topic];
  const dlq = { name: `${topic.name}.dlq`, replicationFactor: topic.replicationFactor, ...topic.deadLetter };
  return [topic, dlq];
}
