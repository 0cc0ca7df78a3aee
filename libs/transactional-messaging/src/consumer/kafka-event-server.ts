import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { ConsumedEvent, EventConsumer } from '@care-events/messaging';
import { InboxStore } from '../inbox/inbox-store';
import { EventContext } from './event-context';

/**
 * A Nest transport over the Kafka consumer: `@EventPattern('<record full name>')` methods get the
 * decoded event (`@Payload()`) and an EventContext (`@Ctx()`). Each event runs in one database transaction with its inbox
 * claim, so a redelivered event has no second effect; the offset moves only after that commit.
 * The transaction lives no longer than the consumer's handler timeout: a handler stuck on a lock
 * is cancelled by PostgreSQL itself, the transaction rolls back, and the consumer tries again.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly dataSource: DataSource,
    private readonly consumerGroup: string,
    private readonly inbox = new InboxStore(),
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.consumer.start((event) => this.dispatch(event));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer.stop();
  }

  on(): never {
    throw new Error('KafkaEventServer has no transport-level events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async dispatch(event: ConsumedEvent): Promise<void> {
    const handler = this.getHandlerByPattern(event.eventType);
    if (!handler) return;
    await this.dataSource.transaction(async (manager) => {
      await boundTransactionTime(manager, this.consumer.handlerTimeoutMs);
      if (!(await this.inbox.claim(manager, this.consumerGroup, event.eventId, event.eventType))) return;
      const result = await handler(event.value, new EventContext(event, manager));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    });
  }
}

/** PostgreSQL ends the handler's statements, lock waits and idle gaps past the time budget; `true` scopes each to this transaction. */
async function boundTransactionTime(manager: EntityManager, timeoutMs: number): Promise<void> {
  const budget = String(timeoutMs);
  await manager.query(
    `select set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true),
            set_config('idle_in_transaction_session_timeout', $1, true)`,
    [budget],
  );
}
