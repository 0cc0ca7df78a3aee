/** What a service adds to /health/ready: `ok` false makes the status degraded (never 503: the service still answers). */
export interface ReadinessReport {
  ok: boolean;
  [detail: string]: unknown;
}

/**
 * Sections a service adds to its readiness answer (e.g. the analytics feed, stopped for a stale opt-out list),
 * registered by its own providers at start: the health endpoint is service-kit's, the checks are the service's.
 */
export class ReadinessReports {
  private readonly reports = new Map<string, () => Promise<ReadinessReport>>();

  add(name: string, report: () => Promise<ReadinessReport>): void {
    this.reports.set(name, report);
  }

  async collect(): Promise<Record<string, ReadinessReport>> {
    const entries = await Promise.all([...this.reports].map(async ([name, report]) => [name, await report().catch((error: Error) => ({ ok: false, error: error.message }))] as const));
    return Object.fromEntries(entries);
  }
}
