import { PartitionMetadata, Partitioners, RecordMetadata } from 'kafkajs';
import { ProducedMessage } from './produced-message';

export interface PlacedMessage extends ProducedMessage {
  partition: number;
}

/** Java-compatible murmur2 of the key: every other client places a patient's key on the same partition. */
const keyPartitioner = Partitioners.DefaultPartitioner();

/**
 * Decides each message's partition before sending, as the producer would, so that the sender
 * knows which topic-partitions must acknowledge the batch.
 */
export function placeOnPartitions(messages: ProducedMessage[], partitionsOf: (topic: string) => PartitionMetadata[]): PlacedMessage[] {
  return messages.map((message) => {
    const partitionMetadata = partitionsOf(message.topic);
    if (partitionMetadata.length === 0) throw new Error(`no partitions known for topic ${message.topic}`);
    // A one-partition topic (a care setting's) needs no hash of the key.
    if (partitionMetadata.length === 1) return { ...message, partition: partitionMetadata[0].partitionId };
    return { ...message, partition: keyPartitioner({ topic: message.topic, partitionMetadata, message: { key: message.key, value: message.value } }) };
  });
}

/**
 * The topic-partitions of a batch with no successful acknowledgement. kafkajs 2.2.4 can resolve a
 * batch whose retry skipped a partition (a broker that already answered is not asked again after
 * that partition's leadership moved to it), so success is judged by the record metadata itself.
 */
export function unacknowledgedPartitions(placed: PlacedMessage[], acknowledged: RecordMetadata[]): string[] {
  const ok = new Set(acknowledged.filter((record) => record.errorCode === 0).map((record) => `${record.topicName}/${record.partition}`));
  const expected = new Set(placed.map((message) => `${message.topic}/${message.partition}`));
  return [...expected].filter((topicPartition) => !ok.has(topicPartition));
}
