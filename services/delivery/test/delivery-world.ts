import { randomBytes } from 'node:crypto';
import {
  asStaff, callService, Answer, CallHeaders, serviceClock, ServiceClock, ServiceProcess, startServiceProcess, startServiceUnderTest, ServiceUnderTest,
} from '@care-events/local-platform';
import { DeliveryModule } from '../src/delivery.module';
import { Receiver } from './receiver';
import { SettingFeed } from './setting-feed';

/** Settings of every delivery instance under test: plain http receivers, a fast timer, quick claims. */
export const DELIVERY_TEST_SETTINGS = {
  DELIVERY_ALLOW_HTTP: 'true',
  DELIVERY_TIMER_TICK_MS: '20',
  DELIVERY_SUPERVISOR_INTERVAL_MS: '200',
};

export const asAdministrator = () => asStaff({ userId: 'ADM0001', odsCode: 'X26', role: 'administrator' });
export const freshOdsCode = (): string => `D${randomBytes(3).toString('hex').toUpperCase()}`;

export interface EndpointOptions {
  format?: 'standard-webhooks' | 'fhir-backport';
  content?: 'empty' | 'id-only' | 'full-resource';
  heartbeatPeriodSeconds?: number;
  timeoutSeconds?: number;
  maxEventsPerNotification?: number;
  rateLimitPerSecond?: number;
}

export interface RegisteredEndpoint {
  id: string;
  secret: string;
}

/**
 * The real care-router (its own process: delivery asks it about subscriptions) and a delivery service
 * to test; care settings with an active subscription, their topic (created by care-router on
 * activation) and a feed to write copies on; endpoints registered through delivery's API.
 */
export class DeliveryWorld {
  private readonly feeds: SettingFeed[] = [];
  /** The delivery service the calls go to. */
  deliveryUrl = '';

  private constructor(readonly router: ServiceProcess) {}

  /** care-router alone; delivery is started by `inProcess`, or as a process by the test (then `deliveryUrl` is set). */
  static async start(): Promise<DeliveryWorld> {
    return new DeliveryWorld(await startServiceProcess('care-router'));
  }

  /** The settings a delivery instance of this world runs with. */
  deliverySettings(env: Record<string, string> = {}): Record<string, string> {
    return { ...DELIVERY_TEST_SETTINGS, CARE_ROUTER_URL: this.router.url, ...env };
  }

  /** A delivery service in this process, on a clock the test moves; the calls go to it. */
  async inProcess(env: Record<string, string> = {}): Promise<{ delivery: ServiceUnderTest; clock: ServiceClock }> {
    const delivery = await startServiceUnderTest('delivery', DeliveryModule, this.deliverySettings(env));
    this.deliveryUrl = delivery.url;
    return { delivery, clock: serviceClock(delivery) };
  }

  /** A care setting with an active subscription, and the feed of its topic. */
  async setting(odsCode = freshOdsCode()): Promise<SettingFeed> {
    const staff = await asStaff({ odsCode });
    const requested = await callService(this.router.url, 'POST', '/subscriptions', { odsCode, settingType: 'GP_PRACTICE', eventTypes: ['care.events.identity.PatientRegistered'] }, staff);
    if (requested.status !== 201) throw new Error(`subscription request answered ${requested.status}: ${JSON.stringify(requested.body)}`);
    const activated = await callService(this.router.url, 'POST', `/subscriptions/${requested.body.id}/activate`, undefined, await asAdministrator());
    if (activated.status !== 200) throw new Error(`activation answered ${activated.status}: ${JSON.stringify(activated.body)}`);
    const feed = new SettingFeed(odsCode, activated.body.topic, requested.body.id);
    this.feeds.push(feed);
    return feed;
  }

  /** Registers an endpoint (as the setting's staff): the receiver answers its handshake, then verifies with its secret. */
  async register(feed: SettingFeed, receiver: Receiver, options: EndpointOptions = {}): Promise<RegisteredEndpoint> {
    const answer = await this.call('POST', '/endpoints', {
      subscriptionId: feed.subscriptionId, format: 'standard-webhooks', url: receiver.url, heartbeatPeriodSeconds: 0, ...options,
    }, await asStaff({ odsCode: feed.odsCode }));
    if (answer.status !== 201) throw new Error(`registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (answer.body.endpoint.status !== 'active') throw new Error(`the endpoint is ${answer.body.endpoint.status}: ${answer.body.endpoint.statusReason}`);
    receiver.useSecrets(answer.body.secret);
    return { id: answer.body.endpoint.id, secret: answer.body.secret };
  }

  /** A call to delivery as the setting's staff. */
  async asSetting(feed: SettingFeed, method: string, path: string, body?: unknown): Promise<Answer> {
    return this.call(method, path, body, await asStaff({ odsCode: feed.odsCode }));
  }

  call(method: string, path: string, body?: unknown, headers: CallHeaders = {}): Promise<Answer> {
    return callService(this.deliveryUrl, method, path, body, headers);
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.deliveryUrl}/metrics`)).text();
  }

  async stop(): Promise<void> {
    await Promise.all(this.feeds.map((feed) => feed.close()));
    await this.router.stop();
  }
}

/** A gauge or counter of /metrics, by its name and labels as written there. */
export function metricValue(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * Moves the service's clock forward a step at a time, giving the service a moment of real time after
 * each, until `done` holds: an attempt still in flight when the clock moved schedules its retry from
 * the later instant, which a single jump would leave in the future.
 */
export async function advanceUntil(clock: ServiceClock, what: string, done: () => boolean | Promise<boolean>, stepMs: number, maxMs: number): Promise<number> {
  let advanced = 0;
  while (!(await done())) {
    if (advanced >= maxMs) throw new Error(`${what} did not happen within ${maxMs / 60_000} simulated minutes`);
    clock.advance(stepMs);
    advanced += stepMs;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return advanced;
}
