import { endEncounter, NewEncounter, startEncounter } from './encounter';
import { RecordsErrorCode } from './records-error';

const NOW = new Date('2026-11-26T10:00:00Z');
const START = new Date('2026-11-26T09:00:00Z');

const started = (overrides: Partial<NewEncounter> = {}) =>
  startEncounter({
    id: 'e-1',
    patientId: 'p-1',
    setting: 'emergency-department',
    odsCode: 'RX9',
    startedAt: START,
    endedAt: null,
    reason: null,
    practitioner: null,
    ...overrides,
  }, NOW);

describe('encounter rules', () => {
  it('starts an open encounter, or one already ended when recorded afterwards', () => {
    expect(started()).toMatchObject({ endedAt: null, recordedAt: NOW });
    expect(started({ endedAt: NOW }).endedAt).toEqual(NOW);
  });

  it('refuses an end before the start, naming endedAt, whether given at the start or later', () => {
    const early = new Date('2026-11-26T08:59:59Z');
    const expected = { code: RecordsErrorCode.InvalidDate, message: 'endedAt: must not be before startedAt 2026-11-26T09:00:00.000Z' };
    expect(() => started({ endedAt: early })).toThrow(expect.objectContaining(expected));
    expect(() => endEncounter(started(), early)).toThrow(expect.objectContaining(expected));
  });

  it('accepts a zero-length encounter', () => {
    expect(endEncounter(started(), START).endedAt).toEqual(START);
  });

  it('ends an encounter once', () => {
    const ended = endEncounter(started(), NOW);
    expect(() => endEncounter(ended, NOW)).toThrow(expect.objectContaining({ code: RecordsErrorCode.EncounterEnded }));
  });
});
