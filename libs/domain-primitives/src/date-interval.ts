import { invalid, valid, Validation } from './validation';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_REASON = 'must be a date as YYYY-MM-DD';
// An instant needs its offset: a local time alone would mean different moments to different readers.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const INSTANT_REASON = 'must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z';
// Clinical dates are UK calendar dates: "today" is the date in London, an hour ahead of UTC in summer.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface Interval {
  start: Date;
  end?: Date;
}

/** Checks a period such as an episode of care; an absent end means it is still open. */
export function checkInterval(start: Date, end?: Date): Validation<Interval> {
  if (Number.isNaN(start.getTime())) return invalid('start must be a valid date');
  if (end === undefined) return valid({ start });
  if (Number.isNaN(end.getTime())) return invalid('end must be a valid date');
  // Equal instants are allowed: a zero-length period is a real event, not an error.
  if (end.getTime() < start.getTime()) return invalid('end must not be before start');
  return valid({ start, end });
}

/** Parses a calendar date, rejecting days the month does not have (2023-02-30). */
export function parseIsoDate(input: string): Validation<string> {
  const text = input.trim();
  return utcMidnight(text) === undefined ? invalid(ISO_DATE_REASON) : valid(text);
}

/** Parses a moment in time written with its offset (2026-11-26T09:30:00Z), rejecting days the month does not have. */
export function parseInstant(input: string): Validation<Date> {
  const match = INSTANT.exec(input.trim());
  if (!match || utcMidnight(match[1]) === undefined) return invalid(INSTANT_REASON);
  return valid(new Date(input.trim()));
}

/** The calendar date in the UK at `now`, as YYYY-MM-DD: what "today" means for a clinical date. */
export function ukToday(now: Date): string {
  return LONDON_DATE.format(now);
}

/** Days since 1970-01-01, the Avro `date` logical type. */
export function isoDateToEpochDays(isoDate: string): number {
  const midnight = utcMidnight(isoDate);
  if (midnight === undefined) throw new RangeError(`${JSON.stringify(isoDate)} ${ISO_DATE_REASON}`);
  return midnight.getTime() / MS_PER_DAY;
}

/** Inverse of isoDateToEpochDays, for reading Avro `date` values back as calendar dates. */
export function epochDaysToIsoDate(epochDays: number): string {
  if (!Number.isSafeInteger(epochDays)) throw new RangeError(`epoch days must be an integer, got ${epochDays}`);
  const date = new Date(epochDays * MS_PER_DAY);
  const year = date.getUTCFullYear();
  // Outside years 0000-9999 the result could not be written as YYYY-MM-DD.
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new RangeError(`epoch day ${epochDays} is outside years 0000-9999`);
  return [pad(year, 4), pad(date.getUTCMonth() + 1, 2), pad(date.getUTCDate(), 2)].join('-');
}

/** UTC midnight of a YYYY-MM-DD string, or undefined when it is not a real calendar date. */
function utcMidnight(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  // Out-of-range parts roll over (Feb 30 becomes Mar 2), so a real date round-trips unchanged.
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return roundTrips ? date : undefined;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
