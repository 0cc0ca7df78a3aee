import { DecodedEvent, eventIdentityOf } from './event-line';

/** One message of a `<topic>.dlq` as DeadLetterPublisher wrote it. */
export interface DeadLetterMessage {
  partition: number;
  offset: bigint;
  headers: Record<string, string>;
  decoded?: DecodedEvent;
}

/** `platform dlq list`: each dead letter with why it failed and where it came from, then the count per error type. */
export function deadLetterReport(topic: string, letters: DeadLetterMessage[]): string[] {
  if (letters.length === 0) return [`${topic}: no dead letters`];
  return [
    `${topic}: ${letters.length} dead letter${letters.length === 1 ? '' : 's'}`,
    '',
    ...letters.flatMap(letterLines),
    '',
    'By error type:',
    ...countsByErrorType(letters).map(([errorType, count]) => `  ${String(count).padStart(6)}  ${errorType}`),
  ];
}

/** Error types by how many dead letters have them, most first. */
export function countsByErrorType(letters: DeadLetterMessage[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const { headers } of letters) counts.set(errorTypeOf(headers), (counts.get(errorTypeOf(headers)) ?? 0) + 1);
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b));
}

function letterLines({ partition, offset, headers, decoded }: DeadLetterMessage): string[] {
  const { eventType, eventId } = eventIdentityOf(headers, decoded);
  const header = (name: string) => headers[name] ?? '-';
  return [
    `p${partition}@${offset}  ${eventType ?? '(no event type)'}  event ${eventId ?? '-'}`,
    `  ${errorTypeOf(headers)}: ${header('dlq_error_message')}`,
    `  from ${header('dlq_original_topic')}[${header('dlq_original_partition')}]@${header('dlq_original_offset')}, ` +
      `group ${header('dlq_consumer_group')}, ${header('dlq_attempts')} attempts, failed at ${header('dlq_failed_at')}`,
  ];
}

function errorTypeOf(headers: Record<string, string>): string {
  return headers.dlq_error_type ?? '(no dlq_error_type header)';
}
