import { DataSource, EntityManager } from 'typeorm';

/** Remembers which events a consumer group has handled, in the handler's own transaction. */
export class InboxStore {
  /**
   * Records the event as handled by the group. False when it already was: the caller skips it.
   * Runs in the handler's transaction, so a rollback forgets the claim too.
   */
  async claim(manager: EntityManager, consumerGroup: string, eventId: string, eventType: string): Promise<boolean> {
    return (await this.claimAll(manager, consumerGroup, [{ eventId, eventType }])).length === 1;
  }

  /**
   * Claims the events in one statement; gives those not handled before, in the given order, each
   * once (a message delivered twice in one batch is claimed by its first delivery).
   */
  async claimAll<E extends { eventId: string; eventType: string }>(manager: EntityManager, consumerGroup: string, events: E[]): Promise<E[]> {
    if (events.length === 0) return [];
    const inserted: Array<{ event_id: string }> = await manager.query(
      `insert into inbox_message (consumer_group, event_id, event_type)
       select $1, event_id, event_type from unnest($2::uuid[], $3::text[]) as claim (event_id, event_type)
       on conflict do nothing returning event_id`,
      [consumerGroup, events.map((e) => e.eventId), events.map((e) => e.eventType)],
    );
    const claimed = new Set(inserted.map((row) => row.event_id));
    return events.filter((event) => claimed.delete(event.eventId.toLowerCase()));
  }

  async pruneProcessedBefore(dataSource: DataSource, cutoff: Date): Promise<void> {
    await dataSource.query('delete from inbox_message where processed_at < $1', [cutoff]);
  }
}
