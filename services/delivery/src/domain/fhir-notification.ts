import type { Bundle, BundleEntry, Extension, Parameters, ParametersParameter, Subscription } from '@medplum/fhirtypes';
import type { ContentLevel, EndpointStatus } from './endpoint';
import { EventFocus, relativeReference } from './focus';

/*
 * The FHIR R4 shapes of the Subscriptions R5 Backport IG (STU 1.1.0): the SubscriptionStatus as a
 * Parameters resource, the history Bundle of a notification, the searchset of $status and the R4
 * Subscription an endpoint is seen as. Pure: ids and times come in, so a body is the same on every
 * retry of the same events.
 */

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const STATUS_PROFILE = `${BACKPORT}/backport-subscription-status-r4`;
export const SUBSCRIPTION_PROFILE = `${BACKPORT}/backport-subscription`;

export type R4SubscriptionStatus = Subscription['status'];
export type NotificationType = 'handshake' | 'heartbeat' | 'event-notification' | 'query-status' | 'query-event';

/** S, T and R of the design: this endpoint as a Subscription, the topic it follows, care-record's FHIR base. */
export interface FhirAddresses {
  subscription: string;
  topic: string;
  record: string;
}

/** One event of a notification; `focus` is null at content level `empty`, which names no resource. */
export interface NotifiedEvent {
  number: number;
  time: string;
  focus: EventFocus | null;
}

export interface StatusContent {
  id: string;
  status: R4SubscriptionStatus;
  type: NotificationType;
  eventsSinceSubscriptionStart: number;
  content: ContentLevel;
  events?: NotifiedEvent[];
  /** Reasons the subscription is in error, each an `error` parameter. */
  errors?: string[];
  /** Parameters of the open slice, after those the profile names. */
  extra?: ParametersParameter[];
}

/** How an endpoint's status reads in R4: handshaking is still requested, paused and blocked are errors, disabled is off. */
export function r4StatusOf(status: EndpointStatus): R4SubscriptionStatus {
  const map: Record<EndpointStatus, R4SubscriptionStatus> = {
    requested: 'requested', handshaking: 'requested', active: 'active', paused: 'error', error: 'error', disabled: 'off',
  };
  return map[status];
}

/** The SubscriptionStatus (backport-subscription-status-r4). The topic is left out at content level `empty`, as the IG allows. */
export function subscriptionStatus(addresses: FhirAddresses, status: StatusContent): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'subscription', valueReference: { reference: addresses.subscription } },
    ...(status.content === 'empty' ? [] : [{ name: 'topic', valueCanonical: addresses.topic }]),
    { name: 'status', valueCode: status.status },
    { name: 'type', valueCode: status.type },
    { name: 'events-since-subscription-start', valueString: String(status.eventsSinceSubscriptionStart) },
    ...(status.events ?? []).map((event) => notificationEvent(addresses, status.content, event)),
    ...(status.errors ?? []).map((text) => ({ name: 'error', valueCodeableConcept: { text } })),
    ...(status.extra ?? []),
  ];
  return { resourceType: 'Parameters', id: status.id, meta: { profile: [STATUS_PROFILE] }, parameter };
}

function notificationEvent(addresses: FhirAddresses, content: ContentLevel, event: NotifiedEvent): ParametersParameter {
  const focus = content === 'empty' ? null : event.focus;
  return {
    name: 'notification-event',
    part: [
      { name: 'event-number', valueString: String(event.number) },
      { name: 'timestamp', valueInstant: event.time },
      ...(focus ? [{ name: 'focus', valueReference: { reference: absolute(addresses, focus.focus) } }] : []),
      ...(focus?.additionalContext ?? []).map((ref) => ({ name: 'additional-context', valueReference: { reference: absolute(addresses, ref) } })),
    ],
  };
}

/** A resource's address on care-record's FHIR API, the fullUrl its full-resource entry carries too. */
export const absolute = (addresses: FhirAddresses, ref: EventFocus['focus']): string => `${addresses.record}/${relativeReference(ref)}`;

/**
 * A notification: a history Bundle whose first entry is the status, read back as `GET S/$status`;
 * at content level `full-resource` the focus entries follow it (every history entry carries a
 * request and a response, bdl-3 and bdl-4).
 */
export function notificationBundle(addresses: FhirAddresses, bundle: { id: string; timestamp: string; status: Parameters; entries?: BundleEntry[] }): Bundle {
  return {
    resourceType: 'Bundle',
    id: bundle.id,
    type: 'history',
    timestamp: bundle.timestamp,
    entry: [
      {
        fullUrl: `urn:uuid:${bundle.status.id}`,
        resource: bundle.status,
        request: { method: 'GET', url: `${addresses.subscription}/$status` },
        response: { status: '200' },
      },
      ...(bundle.entries ?? []),
    ],
  };
}

/** The answer of `$status`: a searchset of one status (type query-status); search results carry no request or response. */
export function statusSearchset(bundle: { id: string; timestamp: string; status: Parameters }): Bundle {
  return {
    resourceType: 'Bundle',
    id: bundle.id,
    type: 'searchset',
    timestamp: bundle.timestamp,
    total: 1,
    entry: [{ fullUrl: `urn:uuid:${bundle.status.id}`, resource: bundle.status, search: { mode: 'match' } }],
  };
}

export interface SubscriptionFacts {
  id: string;
  odsCode: string;
  url: string;
  status: EndpointStatus;
  statusReason: string | null;
  content: ContentLevel;
  heartbeatPeriodSeconds: number;
  timeoutSeconds: number;
  maxEventsPerNotification: number;
}

/** The endpoint as an R4 Subscription of the backport IG: a rest-hook on the care-setting topic. */
export function subscriptionResource(addresses: FhirAddresses, facts: SubscriptionFacts): Subscription {
  const status = r4StatusOf(facts.status);
  const channelExtensions: Extension[] = [
    ...(facts.heartbeatPeriodSeconds > 0 ? [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: facts.heartbeatPeriodSeconds }] : []),
    { url: `${BACKPORT}/backport-timeout`, valueUnsignedInt: facts.timeoutSeconds },
    { url: `${BACKPORT}/backport-max-count`, valuePositiveInt: facts.maxEventsPerNotification },
  ];
  const channel = {
    extension: channelExtensions,
    type: 'rest-hook' as const,
    endpoint: facts.url,
    payload: 'application/fhir+json',
    // The content level rides on the payload element, as a primitive's extension.
    _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: facts.content }] },
  };
  return {
    resourceType: 'Subscription',
    id: facts.id,
    meta: { profile: [SUBSCRIPTION_PROFILE] },
    status,
    reason: `The care-events feed of care setting ${facts.odsCode}`,
    criteria: addresses.topic,
    ...((status === 'error' || status === 'off') && facts.statusReason ? { error: facts.statusReason } : {}),
    channel,
  };
}
