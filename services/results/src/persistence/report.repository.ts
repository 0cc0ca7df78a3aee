import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Report } from '../domain/report';
import { isAutoReleasable } from '../domain/report-rules';
import { ReportVersionEntity } from './report-version.entity';
import { ReportEntity } from './report.entity';

export interface AutoReleaseCandidate {
  reportId: string;
  patientId: string;
}

/** Reports and their versions in PostgreSQL. Versions are written once and never changed. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<Report | null> {
    return this.load(this.dataSource.manager, id);
  }

  async findByPatient(patientId: string): Promise<Report[]> {
    const rows = await this.dataSource.getRepository(ReportEntity).find({ where: { patientId }, order: { createdAt: 'ASC' } });
    return this.withVersions(this.dataSource.manager, rows);
  }

  async patientOf(manager: EntityManager, id: string): Promise<string | null> {
    const row = await manager.getRepository(ReportEntity).findOne({ where: { id }, select: { patientId: true } });
    return row?.patientId ?? null;
  }

  /** Loads and locks the report for the transaction, waiting for any other writer of it. */
  lock(manager: EntityManager, id: string): Promise<Report | null> {
    return this.load(manager, id, 'wait');
  }

  /** Like lock, but gives null at once when another transaction holds the report (for update skip locked). */
  lockUnlessBusy(manager: EntityManager, id: string): Promise<Report | null> {
    return this.load(manager, id, 'skip_locked');
  }

  /** Writes the report row and any version not stored yet; stored versions are left as they are. */
  async save(manager: EntityManager, report: Report): Promise<void> {
    const { versions, ...fields } = report;
    await manager.getRepository(ReportEntity).upsert({ ...fields, currentVersion: versions.length }, ['id']);
    const rows = versions.map((version) => ({ ...version, reportId: report.id, allNormalFinal: isAutoReleasable(version) }));
    await manager.createQueryBuilder().insert().into(ReportVersionEntity).values(rows).orIgnore().execute();
  }

  /** Gives every report of one patient to another; the ids of those moved. */
  async moveToPatient(manager: EntityManager, fromPatientId: string, toPatientId: string): Promise<string[]> {
    const [rows] = (await manager.query('update report set patient_id = $2, updated_at = now() where patient_id = $1 returning id', [
      fromPatientId,
      toPatientId,
    ])) as [Array<{ id: string }>, number];
    return rows.map((row) => row.id).sort();
  }

  /** Unreleased current versions that are final, all normal and reported before the instant: oldest first. */
  async autoReleaseCandidates(reportedBefore: Date, limit: number): Promise<AutoReleaseCandidate[]> {
    const rows = (await this.dataSource.query(
      `select r.id, r.patient_id from report r
         join report_version v on v.report_id = r.id and v.version = r.current_version
        where v.all_normal_final and v.reported_at <= $1 and r.released_version is distinct from r.current_version
        order by v.reported_at
        limit $2`,
      [reportedBefore, limit],
    )) as Array<{ id: string; patient_id: string }>;
    return rows.map((row) => ({ reportId: row.id, patientId: row.patient_id }));
  }

  private async load(manager: EntityManager, id: string, lock?: 'wait' | 'skip_locked'): Promise<Report | null> {
    const query = manager.getRepository(ReportEntity).createQueryBuilder('report').where('report.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    if (lock === 'skip_locked') query.setOnLocked('skip_locked');
    const row = await query.getOne();
    return row && (await this.withVersions(manager, [row]))[0];
  }

  /** The reports of the rows, each with its versions, loaded in one query. */
  private async withVersions(manager: EntityManager, rows: ReportEntity[]): Promise<Report[]> {
    if (rows.length === 0) return [];
    const versions = await manager.getRepository(ReportVersionEntity).find({
      where: { reportId: In(rows.map((row) => row.id)) },
      order: { version: 'ASC' },
    });
    return rows.map((row) => toReport(row, versions.filter((version) => version.reportId === row.id)));
  }
}

function toReport(row: ReportEntity, versions: ReportVersionEntity[]): Report {
  return {
    id: row.id,
    patientId: row.patientId,
    testCode: row.testCode,
    performingLabOdsCode: row.performingLabOdsCode,
    requestingOdsCode: row.requestingOdsCode,
    effectiveAt: row.effectiveAt,
    releasedVersion: row.releasedVersion,
    versions: versions.map(({ version, status, observations, reportedAt, amendsVersion, reason }) => ({
      version, status, observations, reportedAt, amendsVersion, reason,
    })),
  };
}
