import { invalidDate } from './records-error';

// Clinical dates are UK calendar dates: "today" is the date in London, an hour ahead of UTC in summer.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the UK, as YYYY-MM-DD. */
export function ukToday(now: Date): string {
  return LONDON_DATE.format(now);
}

export function assertNotFuture(field: string, date: string | null, now: Date): void {
  if (date !== null && date > ukToday(now)) throw invalidDate(field, 'must not be in the future');
}
