import { ConfigError } from './config-error';

export interface IntegerSetting {
  name: string;
  fallback: number;
  min: number;
  max: number;
}

/**
 * Reads a service's own whole-number settings at start-up; every malformed one is named at once,
 * so a bad deployment fails with the whole list rather than one variable per restart.
 */
export function readIntegerSettings<K extends string>(
  service: string,
  settings: Record<K, IntegerSetting>,
  env: Record<string, string | undefined> = process.env,
): Record<K, number> {
  const problems: string[] = [];
  const values = {} as Record<K, number>;
  for (const key of Object.keys(settings) as K[]) {
    const { name, fallback, min, max } = settings[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      values[key] = fallback;
      continue;
    }
    values[key] = Number(raw);
    if (!Number.isInteger(values[key]) || values[key] < min || values[key] > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
  }
  if (problems.length) throw new ConfigError(service, problems);
  return values;
}
