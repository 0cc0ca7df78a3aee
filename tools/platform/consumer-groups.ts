import { ConsumerGroupState, PlatformStatus } from '@care-events/local-platform';
import { ConsumerGroupAdmin, ConsumerGroupDirectory, GroupDescription } from '@care-events/messaging';
import { cliKafka } from './cli-settings';

type Kafka = ReturnType<typeof cliKafka>;

/** Each service's consumer group as Kafka has it, and the groups that belong to no service. */
export async function consumerGroups(kafka: Kafka, groupIds: string[]): Promise<{ groups: ConsumerGroupState[]; otherGroups: PlatformStatus['otherGroups'] }> {
  const directory = new ConsumerGroupDirectory(kafka);
  try {
    const existing = new Set(await directory.groupIds());
    const descriptions = new Map((await directory.describe([...new Set(groupIds)].filter((id) => existing.has(id)))).map((group) => [group.groupId, group]));
    const groups = await Promise.all(groupIds.map((groupId) => {
      const description = descriptions.get(groupId);
      return description ? groupState(kafka, directory, description) : { groupId, found: false as const };
    }));
    return { groups, otherGroups: [...existing].filter((id) => !groupIds.includes(id)) };
  } catch (error) {
    const reason = (error as Error).message;
    return { groups: groupIds.map((groupId) => ({ groupId, error: reason })), otherGroups: { error: reason } };
  } finally {
    await directory.close();
  }
}

/** Lag on every topic the group committed on or is assigned, and what each member holds. */
async function groupState(kafka: Kafka, directory: ConsumerGroupDirectory, { groupId, state, members }: GroupDescription): Promise<ConsumerGroupState> {
  const assigned = members.flatMap((member) => [...member.partitions.keys()]);
  const topics = [...new Set([...(await directory.committedTopics(groupId)), ...assigned])].sort();
  const admin = new ConsumerGroupAdmin(kafka, groupId);
  try {
    const lag = topics.length ? await admin.lag(topics) : new Map<string, bigint>();
    return {
      groupId, found: true, state,
      lag: topics.map((topic) => ({ topic, messages: lag.get(topic) ?? 0n })),
      members: members.map(({ clientId, clientHost, partitions }) => ({ clientId, clientHost, partitions })),
    };
  } finally {
    await admin.close();
  }
}
