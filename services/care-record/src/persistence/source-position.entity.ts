import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far the record got on one partition of a source topic: the latest recordedAt applied. */
@Entity('source_position')
export class SourcePositionEntity {
  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @Column({ name: 'last_recorded_at', type: 'timestamptz' })
  lastRecordedAt!: Date;

  @Column({ name: 'events_applied', type: 'bigint' })
  eventsApplied!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
