import type { ProducedMessage } from '@care-events/messaging';
import { DeadLetterMessage } from './dead-letter-report';
import { eventIdentityOf } from './event-line';

/** A dead letter as read back from `<topic>.dlq`, with what replaying it needs: its key and value bytes. */
export interface StoredDeadLetter extends DeadLetterMessage {
  key: string | null;
  value: Buffer | null;
}

/** Which dead letters to replay: named events, or every one (`all`), optionally only those one consumer group gave up on. */
export interface ReplaySelection {
  eventIds: string[];
  all: boolean;
  group?: string;
}

/** The selection names nothing to replay, or an event id that is not among the dead letters: nothing is sent. */
export class ReplaySelectionError extends Error {
  override readonly name = 'ReplaySelectionError';
}

/**
 * The dead letters a replay sends back, in their order on the dead-letter topic. Every named event id
 * must be there (a mistyped id is an error, not a silent no-op), and a replay of everything must be
 * asked for by name, so that an empty argument list never re-sends a whole topic.
 */
export function selectForReplay<T extends DeadLetterMessage>(letters: T[], selection: ReplaySelection): T[] {
  if (selection.all === (selection.eventIds.length > 0)) {
    throw new ReplaySelectionError(selection.all ? 'give either --all or --id, not both' : 'name the events to replay with --id <eventId> (repeatable), or replay every dead letter with --all');
  }
  const ofGroup = letters.filter(({ headers }) => selection.group === undefined || headers.dlq_consumer_group === selection.group);
  if (selection.all) return ofGroup;
  const wanted = new Set(selection.eventIds);
  const chosen = ofGroup.filter((letter) => wanted.has(eventIdentityOf(letter.headers, letter.decoded).eventId ?? ''));
  const found = new Set(chosen.map((letter) => eventIdentityOf(letter.headers, letter.decoded).eventId));
  const missing = selection.eventIds.filter((id) => !found.has(id));
  if (missing.length) {
    throw new ReplaySelectionError(`no dead letter${selection.group ? ` of group ${selection.group}` : ''} has event id ${missing.join(', ')}`);
  }
  return chosen;
}

/**
 * The message that puts a dead letter back on the topic it came from: its key (so it lands on the
 * same partition as the rest of its patient's events), value bytes and original headers, without
 * the `dlq_*` failure headers, and with `dlq_replayed_from` naming the dead letter it came from.
 */
export function replayMessage(letter: StoredDeadLetter, dlqTopic: string): ProducedMessage {
  const original = letter.headers.dlq_original_topic;
  if (!original) throw new ReplaySelectionError(`${dlqTopic}[${letter.partition}]@${letter.offset} has no dlq_original_topic header: it was not written by a care-events consumer`);
  if (letter.value === null) throw new ReplaySelectionError(`${dlqTopic}[${letter.partition}]@${letter.offset} has no value to replay`);
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlq_')));
  return {
    topic: original,
    key: letter.key ?? '',
    value: letter.value,
    headers: { ...headers, dlq_replayed_from: `${dlqTopic}[${letter.partition}]@${letter.offset}` },
  };
}
