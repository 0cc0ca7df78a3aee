import { ukToday } from '@care-events/domain-primitives';
import { invalidDate } from './records-error';

export function assertNotFuture(field: string, date: string | null, now: Date): void {
  if (date !== null && date > ukToday(now)) throw invalidDate(field, 'must not be in the future');
}
