import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

/** What the feed did (by recipient and outcome), and whether it runs: the stopped gauge is what to alert on. */
@Injectable()
export class FeedMetrics {
  private readonly records: Counter<'recipient' | 'outcome'>;
  private readonly stopped: Gauge<'reason'>;
  private readonly listAge: Gauge<'list'>;

  constructor(registry: Registry) {
    this.records = new Counter({
      name: 'care_events_analytics_records_total', help: 'Analytics records by recipient and outcome (emitted, suppressed by k).',
      labelNames: ['recipient', 'outcome'], registers: [registry],
    });
    this.stopped = new Gauge({
      name: 'care_events_analytics_feed_stopped', help: '1 while the analytics feed is stopped (opt-out list missing or older than its limit), by reason.',
      labelNames: ['reason'], registers: [registry],
    });
    this.listAge = new Gauge({
      name: 'care_events_analytics_opt_out_list_age_seconds', help: 'Age of each national data opt-out list since the national service checked it.',
      labelNames: ['list'], registers: [registry],
    });
  }

  recorded(recipient: string, outcome: 'emitted' | 'suppressed'): void {
    this.records.inc({ recipient, outcome });
  }

  state(reasons: string[], ages: Record<string, number>): void {
    this.stopped.reset();
    for (const reason of reasons) this.stopped.set({ reason }, 1);
    for (const [list, seconds] of Object.entries(ages)) this.listAge.set({ list }, seconds);
  }
}
