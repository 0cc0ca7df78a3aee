import { DataSource } from 'typeorm';
import { InboxStore } from './inbox/inbox-store';
import { OutboxStore } from './outbox/outbox-store';

export interface HousekeepingOptions {
  /** How long published outbox rows stay, for diagnosis and replays. */
  outboxRetentionMs: number;
  /** How long handled event ids stay in the inbox: longer than any redelivery can arrive. */
  inboxRetentionMs: number;
  intervalMs: number;
}

/** Prunes published outbox rows and old inbox entries on a schedule, so neither table grows without end. */
export class MessagingHousekeeping {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxStore,
    private readonly options: HousekeepingOptions,
    private readonly inbox = new InboxStore(),
  ) {}

  start(onError: (error: Error) => void): void {
    this.timer = setInterval(() => this.runOnce().catch(onError), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async runOnce(now = new Date()): Promise<{ outboxPruned: number }> {
    const outboxPruned = await this.outbox.pruneSentBefore(new Date(now.getTime() - this.options.outboxRetentionMs));
    await this.inbox.pruneProcessedBefore(this.dataSource, new Date(now.getTime() - this.options.inboxRetentionMs));
    return { outboxPruned };
  }
}
