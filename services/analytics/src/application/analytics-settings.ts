import { readFileSync } from 'node:fs';
// deploy/ belongs to no project: the declaration is compiled in, so a built service carries the one it was built with.
// eslint-disable-next-line @nx/enforce-module-boundaries
import declared from '../../../../deploy/analytics/recipients.json';
import { parseRecipientKeys } from '../domain/analytics-keys';
import { Pseudonymiser } from '../domain/pseudonymiser';
import { parseRecipients, Recipient } from '../domain/recipient';

const DAY_MS = 86_400_000;

/** The recipients, their keys and the opt-out lists' age limit, read and checked once at start. */
export class AnalyticsSettings {
  readonly recipients: Recipient[];
  readonly maxListAgeMs: number;
  private readonly pseudonymisers: Map<string, Pseudonymiser>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const file = env.ANALYTICS_RECIPIENTS_FILE ? (JSON.parse(readFileSync(env.ANALYTICS_RECIPIENTS_FILE, 'utf8')) as unknown) : declared;
    this.recipients = parseRecipients(file);
    const days = Number(env.ANALYTICS_OPT_OUT_MAX_AGE_DAYS ?? 21);
    if (!Number.isFinite(days) || days <= 0) throw new Error('ANALYTICS_OPT_OUT_MAX_AGE_DAYS must be a positive number of days');
    this.maxListAgeMs = days * DAY_MS;
    const keys = parseRecipientKeys(keysJson(env), this.recipients.map((r) => r.name), env.NODE_ENV === 'production');
    this.pseudonymisers = new Map(this.recipients.map((r) => [r.name, new Pseudonymiser(r.name, keys.get(r.name) as Map<number, Buffer>)]));
  }

  keysOf(recipient: string): Pseudonymiser {
    const keys = this.pseudonymisers.get(recipient);
    if (!keys) throw new Error(`unknown analytics recipient ${recipient}`);
    return keys;
  }
}

/** ANALYTICS_KEYS, or the file ANALYTICS_KEYS_FILE names (a mounted secret). */
function keysJson(env: NodeJS.ProcessEnv): string | undefined {
  return env.ANALYTICS_KEYS_FILE ? readFileSync(env.ANALYTICS_KEYS_FILE, 'utf8') : env.ANALYTICS_KEYS;
}
