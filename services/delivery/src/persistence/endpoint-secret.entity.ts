import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EndpointActor } from '../domain/endpoint';

/** A signing secret of an endpoint, sealed; requests are signed with every unexpired one, newest first. */
@Entity('endpoint_secret')
export class EndpointSecretEntity {
  @PrimaryColumn({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ name: 'secret_ciphertext', type: 'bytea' })
  secretCiphertext!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'jsonb' })
  createdBy!: EndpointActor;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
