import { EachMessagePayload } from 'kafkajs';
import { headersAsStrings } from './cloud-event-headers';
import { EventProducer } from './event-producer';

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * Moves a message its consumer gave up on to `<topic>.dlq`: same key, same value, the original
 * headers, and `dlq_*` headers saying where it came from and why it failed.
 */
export class DeadLetterPublisher {
  constructor(private readonly producer: EventProducer) {}

  async publish({ topic, partition, message }: EachMessagePayload, error: unknown, attempts: number, groupId: string): Promise<void> {
    const failure = error instanceof Error ? error : new Error(String(error));
    await this.producer.send([
      {
        topic: deadLetterTopic(topic),
        key: message.key?.toString() ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...headersAsStrings(message.headers),
          dlq_error_type: failure.name,
          dlq_error_message: failure.message.slice(0, 2_000),
          dlq_original_topic: topic,
          dlq_original_partition: String(partition),
          dlq_original_offset: message.offset,
          dlq_consumer_group: groupId,
          dlq_attempts: String(attempts),
          dlq_failed_at: new Date().toISOString(),
        },
      },
    ]);
  }
}
