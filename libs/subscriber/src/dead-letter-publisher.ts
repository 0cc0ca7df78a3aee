import { KafkaMessage, Producer } from 'kafkajs';
import { headersAsStrings } from './care-setting-copy';

/** Default dead-letter topic of a consumer group: its own, so one group's failures never reach another's. */
export const defaultDeadLetterTopic = (topic: string, groupId: string): string => `${topic}.${groupId}.dlq`;

/**
 * Moves a copy the subscriber gave up on to its dead-letter topic: same key, value and headers,
 * plus `dlq_*` headers saying where it came from and why it failed.
 */
export class DeadLetterPublisher {
  constructor(private readonly producer: Producer, readonly topic: string, private readonly groupId: string) {}

  async publish(source: { topic: string; partition: number; message: KafkaMessage }, error: unknown, attempts: number): Promise<void> {
    const failure = error instanceof Error ? error : new Error(String(error));
    const { topic, partition, message } = source;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...headersAsStrings(message.headers),
            dlq_error_type: failure.name,
            dlq_error_message: failure.message.slice(0, 2_000),
            dlq_original_topic: topic,
            dlq_original_partition: String(partition),
            dlq_original_offset: message.offset,
            dlq_consumer_group: this.groupId,
            dlq_attempts: String(attempts),
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    });
  }
}
