import type { BundleEntry } from '@medplum/fhirtypes';
import type { ContentLevel, EndpointFormat, EndpointStatus } from '../domain/endpoint';

/** One copy read from a care setting's topic: its position, its CloudEvents attributes and its value. */
export interface FeedCopy { offset: string; number: number; eventId: string; eventType: string; subscriptionId: string; patientId: string;
  time: string; kafkaTimestamp: number; headers: Record<string, string>; rawValue: Buffer; value?: Record<string, unknown> }

/** What a format needs to know of an endpoint, read at the worker's last reload. */
export interface EndpointSnapshot { id: string; subscriptionId: string; odsCode: string; format: EndpointFormat; url: string;
  content: ContentLevel | null; status: EndpointStatus; cursorNumber: number; lastSeenNumber: number; maxEventsPerNotification: number }

/** A request body ready to sign and send; the same body on every retry of it. */
export interface OutgoingNotification { kind: 'handshake' | 'heartbeat' | 'event'; messageId: string; contentType: string; body: Buffer;
  firstNumber: number | null; count: number }

/** How one format (Standard Webhooks, FHIR backport) writes handshakes, heartbeats and events. */
export interface NotificationFormat { handshake(e: EndpointSnapshot): Promise<OutgoingNotification>;
  heartbeat(e: EndpointSnapshot): Promise<OutgoingNotification>; events(e: EndpointSnapshot, copies: FeedCopy[]): Promise<OutgoingNotification> }

/** The focus entry of a full-resource notification, as care-record maps it. */
export interface FocusResources { entryFor(copy: FeedCopy, focus: { resourceType: string; id: string }): Promise<BundleEntry> }

/** Poison: this service cannot build the notification, so the endpoint blocks at its number until an operator acts. */
export class NotificationBuildError extends Error {}

/** Transient (registry, care-record 409/5xx): retried, never counted as a receiver failure. */
export class NotificationHeldError extends Error {}
