import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals what the database must not hold in clear (signing secrets, extra headers, client TLS keys)
 * with AES-256-GCM under DELIVERY_SECRETS_KEY: iv, tag, ciphertext. A tampered box fails to open.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(@Inject(DELIVERY_CONFIG) config: Pick<DeliveryConfig, 'secretsKey'>) {
    this.key = config.secretsKey;
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): Buffer {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: Buffer): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}
