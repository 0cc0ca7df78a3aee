import { EachMessagePayload } from 'kafkajs';
import { headersAsStrings } from './cloud-event-headers';
import { EventProducer } from './event-producer';
import { redactPatientData } from './redact-patient-data';

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * Moves a message its consumer gave up on to `<topic>.dlq`: same key, same value, the original
 * headers, and `dlq_*` headers saying where it came from and why it failed. The value keeps the
 * patient data it carries (the topic's own access rules guard it); the headers are read by tools
 * and dashboards that are not, so the error message loses any value it quotes.
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
          dlq_error_message: redactPatientData(failure.message).slice(0, 2_000),
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
