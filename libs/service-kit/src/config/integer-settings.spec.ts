import { readIntegerSettings } from './integer-settings';

const SETTINGS = {
  delayMinutes: { name: 'X_DELAY_MINUTES', fallback: 10, min: 0, max: 60 },
  sweepMs: { name: 'X_SWEEP_MS', fallback: 1_000, min: 100, max: 5_000 },
};

describe('readIntegerSettings', () => {
  it('takes the fallback for an absent or blank variable and the value otherwise', () => {
    expect(readIntegerSettings('x', SETTINGS, { X_DELAY_MINUTES: ' ', X_SWEEP_MS: '250' })).toEqual({ delayMinutes: 10, sweepMs: 250 });
  });

  it('names every malformed variable at once, with its range', () => {
    expect(() => readIntegerSettings('x', SETTINGS, { X_DELAY_MINUTES: '61', X_SWEEP_MS: '1.5' })).toThrow(
      /X_DELAY_MINUTES must be a whole number from 0 to 60 \(got "61"\)[\s\S]*X_SWEEP_MS must be a whole number from 100 to 5000 \(got "1.5"\)/,
    );
  });
});
