import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Observation, ReportStatus } from '../domain/report';

@Entity('report_version')
export class ReportVersionEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  status!: ReportStatus;

  @Column({ type: 'jsonb' })
  observations!: Observation[];

  /** Final with every observation normal: a candidate for automatic release, kept as a column for the sweep's query. */
  @Column({ name: 'all_normal_final', type: 'boolean' })
  allNormalFinal!: boolean;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'amends_version', type: 'int', nullable: true })
  amendsVersion!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
