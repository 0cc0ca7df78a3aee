import { DeliveryEndpointState } from './delivery-endpoint-metrics';
import { ServiceReadiness } from './service-readiness';

/** A consumer group as Kafka shows it: absent when Kafka has no group of that id. */
export type ConsumerGroupState =
  | { groupId: string; found: false }
  | { groupId: string; found: true; state: string; lag: TopicLag[]; members: GroupMemberState[] }
  | { groupId: string; error: string };

export interface TopicLag {
  topic: string;
  /** Messages the group has yet to read on the topic. */
  messages: bigint;
}

export interface GroupMemberState {
  clientId: string;
  clientHost: string;
  partitions: Map<string, number[]>;
}

export interface ServiceStatus {
  name: string;
  url: string;
  readiness: ServiceReadiness;
  group: ConsumerGroupState;
}

export interface DeadLetterTopicSize {
  topic: string;
  /** Messages kept: high minus low, over every partition. */
  messages: bigint;
}

/** Everything `platform status` shows, gathered before it is laid out. */
export interface PlatformStatus {
  takenAt: Date;
  brokers: string[];
  registryUrl: string;
  services: ServiceStatus[];
  /** Groups Kafka has that are no service's own (readers, taps, benchmarks). */
  otherGroups: string[] | { error: string };
  /** The `.dlq` topics that exist, and the declared ones that do not. */
  deadLetters: { sizes: DeadLetterTopicSize[]; absent: string[] } | { error: string };
  delivery: { url: string; endpoints: DeliveryEndpointState[] } | { url: string; error: string };
}
