import { EventStore, StoreTransaction } from './event-store';

/**
 * Keeps taken eventIds and positions in this process's memory: for demos and tests. A restart
 * forgets them, so copies after the last committed offset may be handled again, and the first
 * copy read after a restart sets a new baseline for gap detection.
 */
export class MemoryEventStore implements EventStore<undefined> {
  private readonly eventIds = new Map<string, Set<string>>();
  private readonly numbers = new Map<string, Set<number>>();
  private readonly positions = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async transaction<T>(groupId: string, subscriptionId: string, work: (tx: StoreTransaction<undefined>) => Promise<T>): Promise<T> {
    const key = `${groupId}\u0000${subscriptionId}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.run(groupId, key, work));
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return run;
  }

  async lastEventNumber(groupId: string, subscriptionId: string): Promise<number | null> {
    return this.positions.get(`${groupId}\u0000${subscriptionId}`) ?? null;
  }

  private async run<T>(groupId: string, key: string, work: (tx: StoreTransaction<undefined>) => Promise<T>): Promise<T> {
    const taken: Array<{ eventId: string; eventNumber: number }> = [];
    let position: number | undefined;
    const result = await work({
      lastEventNumber: this.positions.get(key) ?? null,
      client: undefined,
      seen: async (eventId, eventNumber) => ({
        eventId: this.eventIds.get(groupId)?.has(eventId) ?? false,
        eventNumber: this.numbers.get(key)?.has(eventNumber) ?? false,
      }),
      record: async (eventId, eventNumber, _outcome, newPosition) => {
        taken.push({ eventId, eventNumber });
        position = newPosition;
      },
    });
    // Applied only once the work succeeded: a failed handler leaves no trace.
    for (const event of taken) {
      setOf(this.eventIds, groupId).add(event.eventId);
      setOf(this.numbers, key).add(event.eventNumber);
    }
    if (position !== undefined) this.positions.set(key, position);
    return result;
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
