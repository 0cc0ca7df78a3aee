import { ConfigError } from '@care-events/service-kit';

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
  const problems: string[] = [];
  const read = ({ name, fallback, min, max }: (typeof SETTINGS)[keyof typeof SETTINGS]): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return value;
  };
  const config = { delayMinutes: read(SETTINGS.delayMinutes), sweepIntervalMs: read(SETTINGS.sweepIntervalMs) };
  if (problems.length) throw new ConfigError('results', problems);
  return config;
}

export const autoReleaseConfigProvider = { provide: AUTO_RELEASE_CONFIG, useFactory: () => loadAutoReleaseConfig() };
