import { checkInterval, epochDaysToIsoDate, isoDateToEpochDays, parseInstant, parseIsoDate, ukToday } from './date-interval';

describe('checkInterval', () => {
  const start = new Date('2024-03-01T09:00:00Z');

  it('accepts an open interval', () => {
    expect(checkInterval(start)).toEqual({ ok: true, value: { start } });
  });

  it('accepts an end after or equal to the start', () => {
    const end = new Date('2024-03-01T10:00:00Z');
    expect(checkInterval(start, end)).toEqual({ ok: true, value: { start, end } });
    expect(checkInterval(start, new Date(start))).toMatchObject({ ok: true });
  });

  it('rejects an end before the start', () => {
    const end = new Date('2024-03-01T08:59:59.999Z');
    expect(checkInterval(start, end)).toEqual({ ok: false, reason: 'end must not be before start' });
  });

  it('rejects invalid dates rather than treating them as comparable', () => {
    expect(checkInterval(new Date('nonsense'))).toEqual({ ok: false, reason: 'start must be a valid date' });
    expect(checkInterval(start, new Date('nonsense'))).toEqual({ ok: false, reason: 'end must be a valid date' });
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1999-12-31', '1999-12-31'],
    ['0001-01-01', '0001-01-01'],
    [' 2023-06-15 ', '2023-06-15'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseIsoDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '2023-02-30',
    '2023-02-29', // not a leap year
    '1900-02-29', // century not divisible by 400
    '2023-13-01',
    '2023-00-10',
    '2023-04-31',
    '2023-6-15',
    '15/06/2023',
    '2023-06-15T00:00:00Z',
    '',
  ])('rejects %j', (input) => {
    expect(parseIsoDate(input)).toEqual({ ok: false, reason: 'must be a date as YYYY-MM-DD' });
  });
});

describe('epoch days (Avro date)', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2000-02-29', 11016],
    ['2024-01-01', 19723], // 54 years of 365 days plus 13 leap days
    ['0000-01-01', -719528],
    ['9999-12-31', 2932896],
  ])('maps %s to %i and back', (isoDate, days) => {
    expect(isoDateToEpochDays(isoDate)).toBe(days);
    expect(epochDaysToIsoDate(days)).toBe(isoDate);
  });

  it('refuses a string that is not a calendar date', () => {
    expect(() => isoDateToEpochDays('2023-02-30')).toThrow(RangeError);
  });

  it('refuses day counts that are not integers or fall outside years 0000-9999', () => {
    expect(() => epochDaysToIsoDate(1.5)).toThrow(RangeError);
    expect(() => epochDaysToIsoDate(2932897)).toThrow(RangeError);
    expect(() => epochDaysToIsoDate(-719529)).toThrow(RangeError);
  });
});

describe('parseInstant', () => {
  it.each(['2026-11-26T09:30:00Z', '2026-11-26T09:30Z', '2026-11-26T09:30:00.123456789+01:00', '2026-06-01T23:59:59-05:00'])('accepts %s', (text) => {
    expect(parseInstant(text)).toEqual({ ok: true, value: new Date(text) });
  });

  // A local time alone, an impossible day or hour, a date without a time.
  it.each(['2026-11-26T09:30:00', '2026-02-30T09:30:00Z', '2026-11-26T24:00:00Z', '2026-11-26', '2026-11-26 09:30Z'])('rejects %j', (text) => {
    expect(parseInstant(text)).toEqual({ ok: false, reason: 'must be an ISO 8601 instant with a time zone, such as 2026-11-26T09:30:00Z' });
  });
});

describe('ukToday', () => {
  it('gives the date in London, an hour ahead of UTC in summer', () => {
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(ukToday(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
