import { Admin, ConfigResourceTypes, ConfigSource, Kafka } from 'kafkajs';

/** One entry of deploy/topics.json. */
export interface TopicDeclaration {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
  /** Also create `<name>.dlq` for messages its consumers could not process. */
  deadLetter?: { partitions: number; config: Record<string, string> };
}

export interface ProvisioningOptions {
  /**
   * Add partitions to existing topics that have fewer than declared. Off by default: every topic
   * is keyed by patientId, and more partitions send a patient's next events to another partition
   * than their unconsumed earlier ones, so consumers can read them out of order.
   */
  forcePartitions?: boolean;
}

export interface ProvisioningReport {
  created: string[];
  grown: string[];
  /** Existing topics whose declared config keys were changed (other keys kept as they were). */
  reconfigured: string[];
  unchanged: string[];
  /** Existing topics with more partitions than declared: Kafka cannot remove partitions, so they stay. */
  morePartitionsThanDeclared: string[];
}

/** Provisioning would add partitions to keyed topics and was not told to: nothing was changed. */
export class PartitionIncreaseRefusedError extends Error {
  override readonly name = 'PartitionIncreaseRefusedError';
  constructor(readonly topics: Array<{ name: string; current: number; declared: number }>) {
    super(
      `refusing to add partitions to ${topics.map((t) => `${t.name} (${t.current} → ${t.declared})`).join(', ')}: ` +
        'events are keyed by patientId, and more partitions move patients to other partitions, so their unconsumed ' +
        'events could be read out of order. Nothing was changed. Drain the consumers first, then run again with --force-partitions.',
    );
  }
}

/**
 * Creates declared topics that are missing and sets the declared config keys on existing ones,
 * leaving every other key as an operator set it. Never deletes, never shrinks, and adds partitions
 * only when forced. Checks come first: a refused run changes nothing.
 */
export async function provisionTopics(kafka: Kafka, declarations: TopicDeclaration[], options: ProvisioningOptions = {}): Promise<ProvisioningReport> {
  const wanted = declarations.flatMap(expandDeadLetter);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic.name));
    const present = wanted.filter((topic) => existing.has(topic.name));
    const counts = await partitionCounts(admin, present);
    const below = present.filter((t) => counts.get(t.name)! < t.partitions);
    if (below.length && !options.forcePartitions) {
      throw new PartitionIncreaseRefusedError(below.map((t) => ({ name: t.name, current: counts.get(t.name)!, declared: t.partitions })));
    }
    await createTopics(admin, missing);
    if (below.length) await admin.createPartitions({ topicPartitions: below.map((t) => ({ topic: t.name, count: t.partitions })) });
    const reconfigured = await applyDeclaredConfig(admin, present);
    const changed = new Set([...below, ...reconfigured].map((t) => t.name));
    return {
      created: missing.map((t) => t.name),
      grown: below.map((t) => t.name),
      reconfigured: reconfigured.map((t) => t.name),
      unchanged: present.map((t) => t.name).filter((name) => !changed.has(name)),
      morePartitionsThanDeclared: present.filter((t) => counts.get(t.name)! > t.partitions).map((t) => t.name),
    };
  } finally {
    await admin.disconnect();
  }
}

async function partitionCounts(admin: Admin, topics: TopicDeclaration[]): Promise<Map<string, number>> {
  if (!topics.length) return new Map();
  const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
  return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
}

async function createTopics(admin: Admin, topics: TopicDeclaration[]): Promise<void> {
  if (!topics.length) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, configEntries: entries(t.config) })),
  });
}

/**
 * Kafka's AlterConfigs (the only config call kafkajs has) replaces a topic's whole dynamic config,
 * resetting every key it does not name. So each topic whose declared keys differ gets its current
 * dynamic keys back alongside the declared ones, and a topic already as declared is not touched.
 */
async function applyDeclaredConfig(admin: Admin, topics: TopicDeclaration[]): Promise<TopicDeclaration[]> {
  if (!topics.length) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
  });
  const current = new Map(described.resources.map((r) => [r.resourceName, r.configEntries]));
  const drifted = topics.filter((t) => {
    const values = new Map((current.get(t.name) ?? []).map((e) => [e.configName, e.configValue]));
    return Object.entries(t.config).some(([name, value]) => values.get(name) !== value);
  });
  if (!drifted.length) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: drifted.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configEntries: entries(mergedConfig(t, current.get(t.name) ?? [])) })),
  });
  return drifted;
}

function mergedConfig(topic: TopicDeclaration, current: Awaited<ReturnType<Admin['describeConfigs']>>['resources'][number]['configEntries']) {
  const kept: Record<string, string> = {};
  for (const entry of current.filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && !(e.configName in topic.config))) {
    if (entry.isSensitive) {
      throw new Error(`cannot change ${topic.name}'s config without losing its sensitive key ${entry.configName}; set the declared keys by hand`);
    }
    kept[entry.configName] = entry.configValue;
  }
  return { ...kept, ...topic.config };
}

const entries = (config: Record<string, string>) => Object.entries(config).map(([name, value]) => ({ name, value }));

function expandDeadLetter(topic: TopicDeclaration): TopicDeclaration[] {
  if (!topic.deadLetter) return [topic];
  const dlq = { name: `${topic.name}.dlq`, replicationFactor: topic.replicationFactor, ...topic.deadLetter };
  return [topic, dlq];
}
