import { createHmac } from 'node:crypto';

/** A recipient's keys by version; the highest version is the one in use. */
export type RecipientKeys = ReadonlyMap<number, Buffer>;

export interface Keyed {
  value: string;
  keyVersion: number;
}

/**
 * Keyed pseudonyms and ids for one recipient: HMAC-SHA-256 with the recipient's current key. Never an
 * unkeyed hash: an NHS number has too few values (10^9) for a plain hash to hide it from a dictionary.
 * Each purpose has its own label, so a record id that happens to equal another value maps apart.
 */
export class Pseudonymiser {
  readonly keyVersion: number;
  private readonly key: Buffer;

  constructor(readonly recipient: string, private readonly keys: RecipientKeys) {
    if (keys.size === 0) throw new Error(`no key configured for analytics recipient ${recipient}`);
    this.keyVersion = Math.max(...keys.keys());
    this.key = keys.get(this.keyVersion) as Buffer;
  }

  /** One per configured version, oldest first: a withdrawal must reach rows pseudonymised with any of them. */
  everyVersion(): Pseudonymiser[] {
    return [...this.keys.keys()].sort((a, b) => a - b).map((version) => new Pseudonymiser(this.recipient, new Map([[version, this.keys.get(version) as Buffer]])));
  }

  /** The patient's pseudonym: hex HMAC of the NHS number. */
  pseudonym(nhsNumber: string): string {
    return this.hmac('patient', nhsNumber).toString('hex');
  }

  /** A record id (allergyId, appointmentId…) re-keyed: hex HMAC, joinable only within this recipient's feed. */
  ref(kind: string, id: string): string {
    return this.hmac(kind, id).toString('hex');
  }

  /** An eventId re-keyed, as a UUID (RFC 9562 version 8) so it serves as ce_id and outbox id too. */
  eventId(sourceEventId: string): string {
    const bytes = Buffer.from(this.hmac('event', sourceEventId).subarray(0, 16));
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private hmac(label: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(`${label}:${value}`).digest();
  }
}
