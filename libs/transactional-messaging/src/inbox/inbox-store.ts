import { DataSource, EntityManager } from 'typeorm';

/** Remembers which events a consumer group has handled, in the handler's own transaction. */
export class InboxStore {
  /**
   * Records the event as handled by the group. False when it already was: the caller skips it.
   * Runs in the handler's transaction, so a rollback forgets the claim too.
   */
  async claim(manager: EntityManager, consumerGroup: string, eventId: string, eventType: string): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `insert into inbox_message (consumer_group, event_id, event_type) values ($1, $2, $3)
       on conflict do nothing returning event_id`,
      [consumerGroup, eventId, eventType],
    );
    return inserted.length === 1;
  }

  async pruneProcessedBefore(dataSource: DataSource, cutoff: Date): Promise<void> {
    await dataSource.query('delete from inbox_message where processed_at < $1', [cutoff]);
  }
}
