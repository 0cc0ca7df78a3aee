// Copy of libs/contracts/src/event-contract.ts for the published package, refreshed by npm run schemas:generate and the package build: change the original.
import type { RecordSchema } from './avro-schema';

/** What producers and consumers need to know about one event type. */
export interface EventContract<T extends string = string> {
  /** Avro full name of the event record, e.g. care.events.identity.PatientRegistered. */
  readonly fullName: T;
  /** Kafka topic the event is published on; all events of a domain share one topic. */
  readonly topic: string;
  /** Self-contained schema (every named type inlined), as registered in the schema registry. */
  readonly schema: RecordSchema;
}

/** A record type of a feed (e.g. analytics): one per topic of its template, registered under `<topic>-value` (TopicNameStrategy). */
export interface FeedContract<T extends string = string> {
  readonly fullName: T;
  /** The topics it is published on, with `{placeholders}`, e.g. analytics.{recipient}.{type}.v1. */
  readonly topicTemplate: string;
  readonly schema: RecordSchema;
}
