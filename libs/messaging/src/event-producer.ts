import { Kafka } from 'kafkajs';
import { TransientMessagingError } from './messaging-errors';
import { ProducedMessage } from './produced-message';
import { ProducerConnection } from './producer-connection';

/**
 * Idempotent producer with acks=all and one request in flight: kafkajs can lose or reorder
 * messages when an idempotent producer has concurrent requests. A send succeeds only when every
 * topic-partition of the batch acknowledged it. After a failed send the connection is replaced,
 * so a fresh producer id and sequence start clean; the caller re-sends.
 */
export class EventProducer {
  private connection?: Promise<ProducerConnection>;

  constructor(private readonly kafka: Kafka) {}

  async send(messages: ProducedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const connection = this.connected();
    try {
      await (await connection).send(messages);
    } catch (error) {
      await this.reset(connection);
      if (error instanceof TransientMessagingError) throw error;
      throw new TransientMessagingError(`publishing ${messages.length} message(s) failed: ${(error as Error).message}`);
    }
  }

  async disconnect(): Promise<void> {
    if (this.connection) await this.reset(this.connection);
  }

  /** Concurrent callers share one connection attempt, so one producer id serves them all. */
  private connected(): Promise<ProducerConnection> {
    this.connection ??= ProducerConnection.open(this.kafka);
    return this.connection;
  }

  /** Replaces the failed connection only: a send that failed late must not close its successor. */
  private async reset(failed: Promise<ProducerConnection>): Promise<void> {
    if (this.connection === failed) this.connection = undefined;
    const connection = await failed.catch(() => undefined);
    await connection?.close();
  }
}
