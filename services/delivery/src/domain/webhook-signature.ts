import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret as Standard Webhooks writes them: `whsec_` and 32 random bytes in base64 (the spec asks 24 to 64). */
export function newSigningSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under each secret,
 * space-separated, newest first, so a receiver holding either side of a rotation verifies.
 */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: Buffer): string {
  const signed = Buffer.concat([Buffer.from(`${messageId}.${timestampSeconds}.`), body]);
  return secrets.map((secret) => `v1,${createHmac('sha256', secretKey(secret)).update(signed).digest('base64')}`).join(' ');
}

/** The key bytes of a `whsec_` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('a signing secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** Standard Webhooks ids may not contain "." (the signed content separates with it). */
export const isValidMessageId = (id: string): boolean => id.length > 0 && !id.includes('.');
