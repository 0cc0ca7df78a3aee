import type { EventByType, EventType } from './contracts/generated';

/** What a handler knows about the copy it is given, besides the event itself. */
export interface EventContext<Tx = undefined> {
  /** The event's id (header ce_id, = metadata.eventId): the same on every copy and redelivery of the event. */
  eventId: string;
  /** Record full name, e.g. care.events.medications.MedicationStopped (header ce_type). */
  eventType: string;
  /** The copy's number in its subscription (header ce_eventnumber): 1, 2, 3 … with no gaps. */
  eventNumber: number;
  /** The care-router subscription the copy was made for (header ce_subscriptionid). */
  subscriptionId: string;
  /** The patient the event is about (metadata.patientId, also the message key). */
  patientId: string;
  /** Every header of the copy as a string: CloudEvents attributes (ce_*), traceparent, content-type. */
  headers: Readonly<Record<string, string>>;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first attempt at this event, then 2, 3 … while the handler keeps failing. */
  attempt: number;
  /**
   * The store's open transaction (PostgresEventStore: a node-postgres client). Writes made with it
   * commit together with the record that this event was handled, or not at all. Do not commit or
   * roll it back yourself. Undefined with MemoryEventStore.
   */
  transaction: Tx;
}

/** Handles one event type; throwing (or rejecting) means "not handled": the event is retried, then dead-lettered. */
export type EventHandler<T extends EventType, Tx = undefined> = (event: EventByType[T], context: EventContext<Tx>) => Promise<void> | void;

/**
 * Handlers by record full name, each given the event typed as its schema says. Events of a type
 * without a handler are recorded as taken and skipped.
 */
export type EventHandlers<Tx = undefined> = { readonly [T in EventType]?: EventHandler<T, Tx> };
