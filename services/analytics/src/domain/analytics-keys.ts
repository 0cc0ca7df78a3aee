import { createHmac } from 'node:crypto';
import type { RecipientKeys } from './pseudonymiser';

/**
 * ANALYTICS_KEYS: `{"<recipient>": {"<version>": "<base64 key of at least 32 bytes>"}}`. Keys live in configuration
 * (a secret), never in events or the repository. Outside production a recipient without keys gets a development
 * key derived from its name, so the local platform runs without secrets; in production every recipient needs one.
 */
export function parseRecipientKeys(json: string | undefined, recipients: readonly string[], production: boolean): Map<string, RecipientKeys> {
  const problems: string[] = [];
  let given: Record<string, Record<string, string>> = {};
  if (json) {
    try {
      given = JSON.parse(json) as Record<string, Record<string, string>>;
    } catch {
      throw new Error('ANALYTICS_KEYS is not JSON: {"<recipient>": {"<version>": "<base64 key>"}}');
    }
  }
  const keys = new Map<string, RecipientKeys>();
  for (const recipient of recipients) {
    const versions = new Map<number, Buffer>();
    for (const [version, encoded] of Object.entries(given[recipient] ?? {})) {
      const key = Buffer.from(encoded, 'base64');
      if (!/^[1-9]\d*$/.test(version)) problems.push(`ANALYTICS_KEYS.${recipient}: version "${version}" is not a positive whole number`);
      else if (key.length < 32) problems.push(`ANALYTICS_KEYS.${recipient}.${version}: a key needs at least 32 bytes (base64)`);
      else versions.set(Number(version), key);
    }
    if (versions.size === 0) {
      if (production) problems.push(`ANALYTICS_KEYS has no key for recipient ${recipient}`);
      else versions.set(1, createHmac('sha256', 'care-events development analytics key').update(recipient).digest());
    }
    keys.set(recipient, versions);
  }
  if (problems.length) throw new Error(problems.join('; '));
  return keys;
}
