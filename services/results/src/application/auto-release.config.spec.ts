import { loadAutoReleaseConfig } from './auto-release.config';

describe('loadAutoReleaseConfig', () => {
  it('waits seven days and sweeps every minute by default', () => {
    expect(loadAutoReleaseConfig({})).toEqual({ delayMinutes: 10_080, sweepIntervalMs: 60_000 });
  });

  it('allows releasing at once', () => {
    expect(loadAutoReleaseConfig({ RESULTS_AUTO_RELEASE_DELAY_MINUTES: '0', RESULTS_AUTO_RELEASE_SWEEP_MS: '200' })).toEqual({
      delayMinutes: 0,
      sweepIntervalMs: 200,
    });
  });

  it('names every malformed setting at once', () => {
    expect(() => loadAutoReleaseConfig({ RESULTS_AUTO_RELEASE_DELAY_MINUTES: '-1', RESULTS_AUTO_RELEASE_SWEEP_MS: 'often' })).toThrow(
      /RESULTS_AUTO_RELEASE_DELAY_MINUTES must be a whole number from 0 to 525600 \(got "-1"\)[\s\S]*RESULTS_AUTO_RELEASE_SWEEP_MS must be a whole number/,
    );
  });
});
