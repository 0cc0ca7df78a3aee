/** What became of a copy the subscriber took. */
export type EventOutcome = 'handled' | 'no-handler' | 'dead-lettered';

export interface SeenEvent {
  /** The eventId was taken before (by this consumer group). */
  eventId: boolean;
  /** The subscription's copy with this number was taken before. */
  eventNumber: boolean;
}

/** One unit of work on one subscription's copies, its position locked until it ends. */
export interface StoreTransaction<Tx> {
  /** Highest event number taken for the subscription so far; null before the first. */
  readonly lastEventNumber: number | null;
  /** Client of the store's own transaction, handed to handlers (PostgresEventStore); undefined for stores without one. */
  readonly client: Tx;
  seen(eventId: string, eventNumber: number): Promise<SeenEvent>;
  /** Records the copy as taken and sets the subscription's position, in this unit of work. */
  record(eventId: string, eventNumber: number, outcome: EventOutcome, position: number): Promise<void>;
}

/**
 * Where a subscriber keeps the eventIds it has taken and each subscription's position, per consumer
 * group. `transaction` runs `work` with the subscription's position locked (so two subscriber
 * processes of one group never take the same copy twice), keeps everything `work` recorded when it
 * resolves, and nothing when it throws.
 */
export interface EventStore<Tx = undefined> {
  transaction<T>(groupId: string, subscriptionId: string, work: (tx: StoreTransaction<Tx>) => Promise<T>): Promise<T>;
  /** Highest event number the group has taken for the subscription; null before the first. */
  lastEventNumber(groupId: string, subscriptionId: string): Promise<number | null>;
}
