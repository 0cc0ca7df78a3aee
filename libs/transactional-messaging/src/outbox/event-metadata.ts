import { randomUUID } from 'node:crypto';
import type { Actor, Metadata } from '@care-events/contracts';

/** Who asked for a change and which conversation it belongs to; carried into every event it causes. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The eventId that caused this command, when it came from a consumed event. */
  causationId: string | null;
}

/** The metadata record of every event, as generated from schemas/common/metadata.avsc. */
export type EventMetadata = Metadata;

/** The metadata record that starts every event body (epoch milliseconds, as in the schema). */
export function eventMetadata(context: CommandContext, patientId: string, recordedAt: Date, occurredAt = recordedAt): EventMetadata {
  return {
    eventId: randomUUID(),
    occurredAt: occurredAt.getTime(),
    recordedAt: recordedAt.getTime(),
    patientId,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: context.causationId,
  };
}
