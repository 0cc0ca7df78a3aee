import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, PeriodicSweep, ReadinessReports } from '@care-events/service-kit';
import { publishableCount } from '../domain/aggregate-count';
import { isStale, OptOutListKind } from '../domain/opt-out-gate';
import { FeedCountsRepository } from '../persistence/feed-counts.repository';
import { HeldRecordsRepository } from '../persistence/held-records.repository';
import { OptOutListsRepository } from '../persistence/opt-out-lists.repository';
import { AnalyticsSettings } from './analytics-settings';
import { FeedMetrics } from './feed-metrics';

const MINUTE = 60_000;

/**
 * Whether the feed runs, and why not: a list missing or older than its limit stops every recipient the
 * opt-out applies to (records are held). Said in /health/ready (status degraded, analyticsFeed.reasons), in
 * an error log every minute while it lasts, and in the care_events_analytics_feed_stopped gauge.
 */
@Injectable()
export class FeedStatus extends PeriodicSweep implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AnalyticsSettings,
    private readonly lists: OptOutListsRepository,
    private readonly held: HeldRecordsRepository,
    private readonly counts: FeedCountsRepository,
    private readonly metrics: FeedMetrics,
    private readonly clock: Clock,
    private readonly readiness: ReadinessReports,
  ) {
    super(new Logger('AnalyticsFeed'), () => MINUTE);
  }

  onModuleInit(): void {
    this.readiness.add('analyticsFeed', async () => {
      const state = await this.state();
      return { ok: state.running, state: state.running ? 'running' : 'stopped', reasons: state.reasons, lists: state.lists };
    });
  }

  async sweepOnce(): Promise<void> {
    const state = await this.state();
    if (!state.running) this.logger.error(`analytics feed stopped: ${state.reasons.join('; ')}`);
  }

  async state() {
    const lists = await this.lists.lists(this.dataSource.manager);
    const now = this.clock.now();
    const reasons: string[] = [];
    const ages: Record<string, number> = {};
    const described: Record<string, { checkedAt: string; loadedAt: string; entries: number; ageDays: number; stale: boolean } | null> = {};
    const needed = this.settings.recipients.some((recipient) => recipient.nationalDataOptOut.applies);
    for (const kind of ['national', 'type1'] as OptOutListKind[]) {
      const list = lists[kind];
      if (!list) {
        described[kind] = null;
        if (needed) reasons.push(`no ${kind} opt-out list loaded: load one (npm run analytics -- load-list)`);
        continue;
      }
      const stale = isStale(list, now, this.settings.maxListAgeMs);
      ages[kind] = Math.round((now.getTime() - list.checkedAt.getTime()) / 1000);
      described[kind] = { checkedAt: list.checkedAt.toISOString(), loadedAt: list.loadedAt.toISOString(), entries: list.entries, ageDays: Math.floor(ages[kind] / 86_400), stale };
      if (stale && needed) {
        reasons.push(`${kind} opt-out list checked ${list.checkedAt.toISOString()} is older than ${this.settings.maxListAgeMs / 86_400_000} days: records are held until a fresh list is loaded`);
      }
    }
    this.metrics.state(reasons, ages);
    return { running: reasons.length === 0, reasons, lists: described };
  }

  /** Per recipient: its agreement, and its counts fit to publish (1-7 suppressed, others rounded to 5). */
  async report() {
    const manager = this.dataSource.manager;
    const [state, counts, held] = await Promise.all([this.state(), this.counts.all(manager), this.held.countsByReason(manager)]);
    const recipients = this.settings.recipients.map((recipient) => {
      const mine = counts.filter((count) => count.recipient === recipient.name);
      const total = (outcome: string) => mine.filter((count) => count.outcome === outcome).reduce((sum, count) => sum + count.count, 0);
      const heldBy = held.filter((row) => row.recipient === recipient.name);
      return {
        name: recipient.name,
        project: recipient.project,
        dataSharingAgreement: recipient.dataSharingAgreement,
        types: recipient.types,
        fields: recipient.fields,
        generalisation: recipient.generalisation,
        k: recipient.k,
        nationalDataOptOut: recipient.nationalDataOptOut,
        keyVersion: this.settings.keysOf(recipient.name).keyVersion,
        emitted: publishableCount(total('emitted')),
        emittedByType: Object.fromEntries(recipient.types.map((type) => [type, publishableCount(mine.find((c) => c.outcome === 'emitted' && c.recordType === type)?.count ?? 0)])),
        suppressedByK: publishableCount(total('suppressed')),
        droppedByOptOut: publishableCount(total('dropped')),
        withdrawn: publishableCount(total('withdrawn')),
        heldBack: publishableCount(heldBy.reduce((sum, row) => sum + row.n, 0)),
        heldBackByReason: Object.fromEntries(heldBy.map((row) => [row.reason, publishableCount(row.n)])),
      };
    });
    return { feed: { state: state.running ? 'running' : 'stopped', reasons: state.reasons, lists: state.lists }, recipients };
  }
}
