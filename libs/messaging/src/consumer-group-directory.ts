import { AssignerProtocol } from 'kafkajs';
import { TopicRanges } from './topic-ranges';

/** One member of a consumer group and the partitions it holds, per topic. */
export interface GroupMember {
  memberId: string;
  clientId: string;
  clientHost: string;
  partitions: Map<string, number[]>;
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's word for it: Stable, PreparingRebalance, CompletingRebalance, Empty or Dead. */
  state: string;
  members: GroupMember[];
}

/**
 * The cluster's consumer groups seen from outside, over one admin connection kept open: which exist,
 * who is in each and what each member holds, and which topics a group has committed offsets on (a
 * group that is empty still has those).
 */
export class ConsumerGroupDirectory extends TopicRanges {
  async groupIds(): Promise<string[]> {
    const { groups } = await (await this.ready()).listGroups();
    return groups.map(({ groupId }) => groupId).sort();
  }

  async describe(groupIds: string[]): Promise<GroupDescription[]> {
    if (groupIds.length === 0) return [];
    const { groups } = await (await this.ready()).describeGroups(groupIds);
    return groups.map(({ groupId, state, members }) => ({
      groupId,
      state,
      members: members.map(({ memberId, clientId, clientHost, memberAssignment }) => ({ memberId, clientId, clientHost, partitions: assignedPartitions(memberAssignment) })),
    }));
  }

  /** The topics on which the group committed an offset for at least one partition. */
  async committedTopics(groupId: string): Promise<string[]> {
    // Without topics, Kafka answers for every topic the group has offsets on.
    const offsets = await (await this.ready()).fetchOffsets({ groupId });
    return offsets.filter(({ partitions }) => partitions.some(({ offset }) => Number(offset) >= 0)).map(({ topic }) => topic).sort();
  }
}

/** A member's assignment is the consumer protocol's bytes; empty while the group rebalances. */
function assignedPartitions(memberAssignment: Buffer): Map<string, number[]> {
  if (memberAssignment.length === 0) return new Map();
  const decoded = AssignerProtocol.MemberAssignment.decode(memberAssignment);
  return new Map(Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => [topic, [...partitions].sort((a, b) => a - b)]));
}
