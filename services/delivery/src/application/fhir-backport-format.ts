import { Inject, Injectable } from '@nestjs/common';
import type { Bundle, BundleEntry, ParametersParameter } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { Clock } from '@care-events/service-kit';
import { ContentLevel, EndpointStatus } from '../domain/endpoint';
import {
  FhirAddresses, notificationBundle, NotifiedEvent, r4StatusOf, statusSearchset, subscriptionStatus,
} from '../domain/fhir-notification';
import { EventFocus, focusOf, FocusError } from '../domain/focus';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import {
  EndpointSnapshot, FeedCopy, FocusResources, NotificationBuildError, NotificationFormat, OutgoingNotification,
} from './notification-format';

/** Where the full-resource entries come from (care-record). */
export const FOCUS_RESOURCES = Symbol('FocusResources');

export const FHIR_JSON = 'application/fhir+json';

/** What `$status` says of an endpoint beyond its snapshot. */
export interface EndpointStanding {
  statusReason: string | null;
  blockedNumber: number | null;
  blockedReason: string | null;
}

/**
 * FHIR R4 backport notifications (history Bundles) for the worker, and the answers of `$status`
 * and `$events`. An event notification is built from the copies alone (its ids derive from the
 * event ids and the endpoint), so every retry of it sends the same bytes; full-resource entries are
 * fetched again at each build.
 */
@Injectable()
export class FhirBackportFormat implements NotificationFormat {
  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: Pick<DeliveryConfig, 'publicUrl' | 'topicUrl' | 'careRecordPublicUrl'>,
    private readonly clock: Clock,
    @Inject(FOCUS_RESOURCES) private readonly focusResources: FocusResources,
  ) {}

  addresses(endpointId: string): FhirAddresses {
    return { subscription: `${this.config.publicUrl}/fhir/Subscription/${endpointId}`, topic: this.config.topicUrl, record: `${this.config.careRecordPublicUrl}/fhir` };
  }

  async handshake(endpoint: EndpointSnapshot): Promise<OutgoingNotification> {
    return this.single(endpoint, `hs_${randomUUID()}`, 'requested', 'handshake', endpoint.cursorNumber);
  }

  async heartbeat(endpoint: EndpointSnapshot): Promise<OutgoingNotification> {
    return this.single(endpoint, `hb_${randomUUID()}`, 'active', 'heartbeat', endpoint.lastSeenNumber);
  }

  async events(endpoint: EndpointSnapshot, copies: FeedCopy[]): Promise<OutgoingNotification> {
    if (!copies.length) throw new Error('a notification needs at least one copy');
    const ids = copies.map((copy) => copy.eventId).join(' ');
    const last = copies[copies.length - 1];
    const bundle = await this.eventBundle(endpoint, copies, contentOf(endpoint), {
      id: uuidV5(ids, endpoint.id), statusId: uuidV5(`status ${ids}`, endpoint.id), timestamp: instant(last),
      status: 'active', type: 'event-notification', eventsSince: last.number,
    });
    return { kind: 'event', messageId: copies[0].eventId, contentType: FHIR_JSON, body: json(bundle), firstNumber: copies[0].number, count: copies.length };
  }

  /** The answer of `$events`: the copies of the range as a history Bundle of type query-event. */
  queryEvents(endpoint: EndpointSnapshot, copies: FeedCopy[], content: ContentLevel): Promise<Bundle> {
    return this.eventBundle(endpoint, copies, content, {
      id: randomUUID(), statusId: randomUUID(), timestamp: this.now(), status: r4StatusOf(endpoint.status), type: 'query-event', eventsSince: eventsSince(endpoint),
    });
  }

  /** The answer of `$status`: the endpoint's status, the last number it acknowledged and where it is blocked, and why. */
  statusOf(endpoint: EndpointSnapshot, standing: EndpointStanding): Bundle {
    const extra: ParametersParameter[] = [
      { name: 'last-acknowledged-event-number', valueString: String(endpoint.cursorNumber) },
      ...(standing.blockedNumber === null ? [] : [{ name: 'blocked-event-number', valueString: String(standing.blockedNumber) }]),
    ];
    const errors = [standing.blockedReason, standing.statusReason].filter((reason, i, all): reason is string => !!reason && all.indexOf(reason) === i);
    const status = subscriptionStatus(this.addresses(endpoint.id), {
      id: randomUUID(), status: r4StatusOf(endpoint.status), type: 'query-status', eventsSinceSubscriptionStart: eventsSince(endpoint), content: contentOf(endpoint),
      errors: isWorking(endpoint.status) ? [] : errors, extra,
    });
    return statusSearchset({ id: randomUUID(), timestamp: this.now(), status });
  }

  private single(endpoint: EndpointSnapshot, messageId: string, status: 'requested' | 'active', type: 'handshake' | 'heartbeat', since: number): OutgoingNotification {
    const addresses = this.addresses(endpoint.id);
    const bundle = notificationBundle(addresses, {
      id: randomUUID(), timestamp: this.now(),
      status: subscriptionStatus(addresses, { id: randomUUID(), status, type, eventsSinceSubscriptionStart: since, content: contentOf(endpoint) }),
    });
    return { kind: type, messageId, contentType: FHIR_JSON, body: json(bundle), firstNumber: null, count: 0 };
  }

  private async eventBundle(
    endpoint: EndpointSnapshot,
    copies: FeedCopy[],
    content: ContentLevel,
    head: { id: string; statusId: string; timestamp: string; status: ReturnType<typeof r4StatusOf>; type: 'event-notification' | 'query-event'; eventsSince: number },
  ): Promise<Bundle> {
    const addresses = this.addresses(endpoint.id);
    const focused = copies.map((copy) => ({ copy, focus: focusFor(copy) }));
    const events: NotifiedEvent[] = focused.map(({ copy, focus }) => ({ number: copy.number, time: instant(copy), focus }));
    const entries = content === 'full-resource' ? await this.focusEntries(focused) : [];
    return notificationBundle(addresses, {
      id: head.id, timestamp: head.timestamp, entries,
      status: subscriptionStatus(addresses, { id: head.statusId, status: head.status, type: head.type, eventsSinceSubscriptionStart: head.eventsSince, content, events }),
    });
  }

  private focusEntries(focused: Array<{ copy: FeedCopy; focus: EventFocus }>): Promise<BundleEntry[]> {
    return Promise.all(focused.map(({ copy, focus }) => this.focusResources.entryFor(copy, focus.focus)));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

const contentOf = (endpoint: EndpointSnapshot): ContentLevel => endpoint.content ?? 'id-only';
const json = (bundle: Bundle): Buffer => Buffer.from(JSON.stringify(bundle));
const eventsSince = (endpoint: EndpointSnapshot): number => Math.max(endpoint.lastSeenNumber, endpoint.cursorNumber);
const isWorking = (status: EndpointStatus): boolean => status === 'active' || status === 'requested' || status === 'handshaking';

/** The focus of a copy, or poison: a copy this service cannot read cannot be notified. */
function focusFor(copy: FeedCopy): EventFocus {
  if (!copy.value) throw new NotificationBuildError(`event ${copy.number} (${copy.eventId}) has no decoded value`);
  try {
    return focusOf(copy.eventType, copy.value, copy.patientId);
  } catch (error) {
    if (error instanceof FocusError) throw new NotificationBuildError(`event ${copy.number}: ${error.message}`);
    throw error;
  }
}

/** ce_time as an R4 instant; a copy without a readable time is poison. */
function instant(copy: FeedCopy): string {
  const time = new Date(copy.time);
  if (Number.isNaN(time.getTime())) throw new NotificationBuildError(`event ${copy.number} (${copy.eventId}) has no readable ce_time ("${copy.time}")`);
  return time.toISOString();
}
