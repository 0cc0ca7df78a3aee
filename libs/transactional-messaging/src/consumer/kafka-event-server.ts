import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { ConsumedEvent, EventConsumer } from '@care-events/messaging';
import { InboxStore } from '../inbox/inbox-store';
import { EventBatchContext, EventContext } from './event-context';
import { cutIntoRuns, eventRun } from './event-runs';

/**
 * The pattern of a handler that takes a partition's events in batches (an EventBatchContext), for
 * set-based writes. A service adds one beside its per-event handlers: it must have the effect of
 * those applied one by one in order, which stay the path of a batch that fails (see EventConsumer).
 * Without one, a batch still runs in one transaction: its per-event handlers, one after another.
 */
export const EVENT_BATCH = 'care-events.event-batch';

/** What a batch's claimed events go through, inside the batch's transaction. */
type BatchApplier = (claimed: ConsumedEvent[], manager: EntityManager) => Promise<unknown>;

/**
 * A Nest transport over the Kafka consumer: `@EventPattern('<record full name>')` methods get the
 * decoded event (`@Payload()`) and an EventContext (`@Ctx()`). Each event runs in one database transaction with its inbox
 * claim, so a redelivered event has no second effect; the offset moves only after that commit.
 * A batch of events (CONSUMER_BATCH_SIZE) runs in one transaction instead, their claims in one
 * statement: through the EVENT_BATCH handler when there is one, else through each event's own handler
 * in order. One commit per batch instead of one per event is what lets a service catch up on a backlog.
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
      const batchHandler = this.getHandlerByPattern(EVENT_BATCH);
      const apply: BatchApplier = batchHandler
        ? (claimed, manager) => batchHandler(claimed, new EventBatchContext(claimed, manager))
        : (claimed, manager) => this.dispatchInOrder(claimed, manager);
      await this.consumer.start((event) => this.dispatch(event), (events) => this.dispatchBatch(events, apply));
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
      await this.complete(handler(event.value, new EventContext(event, manager)));
    });
  }

  /** The events a per-event handler would take, in one transaction: those without one are skipped, as dispatch skips them. */
  private async dispatchBatch(events: ConsumedEvent[], apply: BatchApplier): Promise<void> {
    const types = new Map([...new Set(events.map((event) => event.eventType))].map((type) => [type, this.getHandlerByPattern(type) !== null]));
    const handled = events.filter((event) => types.get(event.eventType));
    if (handled.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      await boundTransactionTime(manager, this.consumer.handlerTimeoutMs);
      const claimed = await this.inbox.claimAll(manager, this.consumerGroup, handled);
      if (claimed.length === 0) return;
      await this.complete(apply(claimed, manager));
    });
  }

  /**
   * The claimed events in partition order, in the batch's transaction: each run of one type with a
   * run handler (eventRun) in one call, every other event through its own handler.
   */
  private async dispatchInOrder(claimed: ConsumedEvent[], manager: EntityManager): Promise<void> {
    for (const run of cutIntoRuns(claimed, (type) => this.getHandlerByPattern(eventRun(type)) !== null)) {
      const runHandler = this.getHandlerByPattern(eventRun(run[0].eventType));
      if (runHandler) {
        await this.complete(runHandler(run, new EventBatchContext(run, manager)));
        continue;
      }
      const handler = this.getHandlerByPattern(run[0].eventType) as MessageHandler;
      await this.complete(handler(run[0].value, new EventContext(run[0], manager)));
    }
  }

  private async complete(result: Promise<unknown>): Promise<void> {
    await lastValueFrom(this.transformToObservable(await result), { defaultValue: undefined });
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
