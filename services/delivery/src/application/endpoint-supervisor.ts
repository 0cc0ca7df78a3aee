import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { DeliveryTimer } from './delivery-timer';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { EndpointChannels } from './endpoint-channels';
import { EndpointWorker } from './endpoint-worker';
import { FeedAccess } from './feed-access';
import { WorkerResults } from './worker-results';

/**
 * Runs a worker for each active or paused endpoint this instance holds the lease of. Every
 * DELIVERY_SUPERVISOR_INTERVAL_MS one statement renews this instance's leases and claims endpoints
 * whose lease ran out (a crashed or stopped instance's); a claim raises the lease epoch, which
 * fences the previous holder's commits. Workers of endpoints it no longer holds are stopped.
 */
@Injectable()
export class EndpointSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger('EndpointSupervisor');
  private readonly workers = new Map<string, EndpointWorker>();
  private interval?: NodeJS.Timeout;
  private round?: Promise<void>;
  private again = false;
  private stopping = false;
  /**
   * The context rounds and workers run in: that of start-up, not of the API request that signalled a
   * change (the request logger would otherwise stamp that request, and its token, on every worker log line).
   */
  private readonly outside = new AsyncResource('EndpointSupervisor');

  constructor(
    private readonly dataSource: DataSource,
    private readonly feeds: FeedAccess,
    private readonly channels: EndpointChannels,
    private readonly results: WorkerResults,
    private readonly timer: DeliveryTimer,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => void this.claimSoon(), this.config.supervisorIntervalMs);
    this.interval.unref();
    void this.claimSoon();
  }

  /**
   * An API change to an endpoint: its local worker reloads at once, and an endpoint that became
   * workable is claimed at once. Other instances see the change at their next renewal.
   */
  changed(endpointId: string): Promise<void> {
    this.workers.get(endpointId)?.reload();
    return this.outside.runInAsyncScope(() => this.claimSoon());
  }

  /** The local worker of an endpoint, for its lag. */
  workerOf(endpointId: string): EndpointWorker | undefined {
    return this.workers.get(endpointId);
  }

  /** Runs a round now, or right after the one in progress. */
  claimSoon(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = (async () => {
      do {
        this.again = false;
        await this.claimOnce().catch((error: Error) => this.logger.warn({ msg: 'lease round failed', error: error.message }));
      } while (this.again && !this.stopping);
    })().finally(() => (this.round = undefined));
    return this.round;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.interval);
    await this.round;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
    // A successor (a restart, another instance) claims them at once instead of waiting out the lease.
    await this.dataSource.query('update delivery_endpoint set lease_owner = null, lease_until = null where lease_owner = $1', [this.instanceId]).catch(() => undefined);
  }

  private async claimOnce(): Promise<void> {
    const [rows]: [Array<{ id: string; lease_epoch: string; control_version: string }>, number] = await this.dataSource.query(
      `update delivery_endpoint
          set lease_owner = $1, lease_until = now() + make_interval(secs => $2),
              lease_epoch = case when lease_owner = $1 then lease_epoch else lease_epoch + 1 end
        where status in ('active', 'paused') and (lease_owner = $1 or lease_until is null or lease_until < now())
        returning id, lease_epoch, control_version`,
      [this.instanceId, this.config.leaseSeconds],
    );
    if (this.stopping) return;
    const held = new Map(rows.map((row) => [row.id, { epoch: Number(row.lease_epoch), controlVersion: Number(row.control_version) }]));
    for (const [id, worker] of this.workers) {
      if (held.get(id)?.epoch !== worker.leaseEpoch) void this.retire(id, worker);
    }
    for (const [id, { epoch, controlVersion }] of held) {
      const worker = this.workers.get(id);
      if (!worker) this.startWorker(id, epoch);
      else if (worker.controlVersion !== undefined && worker.controlVersion !== controlVersion) worker.reload();
    }
  }

  private startWorker(id: string, epoch: number): void {
    const worker = new EndpointWorker(id, epoch, {
      dataSource: this.dataSource, feeds: this.feeds, channels: this.channels, results: this.results, timer: this.timer, config: this.config, instanceId: this.instanceId,
    });
    this.workers.set(id, worker);
    // A worker that ends by itself (disabled, blocked, lease lost) leaves room for the next claim.
    void worker.done.finally(() => {
      if (this.workers.get(id) === worker) this.workers.delete(id);
    });
  }

  private async retire(id: string, worker: EndpointWorker): Promise<void> {
    if (this.workers.get(id) === worker) this.workers.delete(id);
    await worker.stop();
  }
}
