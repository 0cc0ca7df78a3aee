import { readIntegerSettings } from '@care-events/service-kit';

export const AUTO_RELEASE_CONFIG = Symbol('AUTO_RELEASE_CONFIG');

export interface AutoReleaseConfig {
  /** How long a normal final version waits for a clinician before it is released on its own. */
  delayMinutes: number;
  /** How often the sweep looks for due reports. */
  sweepIntervalMs: number;
}

const SETTINGS = {
  delayMinutes: { name: 'RESULTS_AUTO_RELEASE_DELAY_MINUTES', fallback: 10_080, min: 0, max: 525_600 },
  sweepIntervalMs: { name: 'RESULTS_AUTO_RELEASE_SWEEP_MS', fallback: 60_000, min: 100, max: 3_600_000 },
} as const;

/** Reads the automatic release settings at start-up; every malformed one is named at once. */
export function loadAutoReleaseConfig(env: Record<string, string | undefined> = process.env): AutoReleaseConfig {
  return readIntegerSettings('results', SETTINGS, env);
}

export const autoReleaseConfigProvider = { provide: AUTO_RELEASE_CONFIG, useFactory: () => loadAutoReleaseConfig() };
