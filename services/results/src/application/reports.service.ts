import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PatientDirectory, PatientViewException } from '@care-events/patient-view';
import { Clock, MessagingRuntime } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Decision, Practitioner, Report } from '../domain/report';
import * as rules from '../domain/report-rules';
import { ResultsErrorCode, ResultsException } from '../domain/results-error';
import { reportEvents } from '../events/report-events';
import { AutoReleaseCandidate, ReportRepository } from '../persistence/report.repository';

const AUTO_RELEASE: CommandContext['actor'] = { type: 'SYSTEM', id: 'results-auto-release', odsCode: null };

/**
 * Runs each command in one transaction: lock the patient, then the report, apply the domain rule,
 * save the report and its event to the outbox. Either all of it commits or none of it does.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportRepository,
    private readonly directory: PatientDirectory,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  async report(input: Omit<rules.NewReport, 'id'>, context: CommandContext): Promise<Report> {
    const decision = rules.reportResult({ ...input, id: randomUUID() }, this.clock.now());
    return this.dataSource.transaction(async (manager) => {
      // Results of a deceased patient are accepted: post-mortem results are real.
      await this.directory.lockForWrite(manager, input.patientId);
      return this.save(manager, decision, context);
    });
  }

  get(id: string): Promise<Report> {
    return this.reports.findById(id).then((report) => report ?? notFound(id));
  }

  findByPatient(patientId: string): Promise<Report[]> {
    return this.reports.findByPatient(patientId);
  }

  amend(id: string, amendment: rules.Amendment, context: CommandContext): Promise<Report> {
    return this.change(id, context, (report) => rules.amendReport(report, amendment, this.clock.now()));
  }

  release(id: string, releasedBy: Practitioner, context: CommandContext): Promise<Report> {
    return this.change(id, context, (report) => rules.releaseReport(report, releasedBy, false));
  }

  /**
   * Releases one report on its own if it is still due; false when it is not (released or amended
   * meanwhile, taken by another instance, or its patient was merged away).
   */
  autoRelease({ reportId, patientId }: AutoReleaseCandidate, delayMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // The patient is locked before the report, in the order every command takes them, so that
      // the sweep cannot deadlock with a clinician's release; a busy report is skipped.
      const patient = await this.directory.lockForWrite(manager, patientId).catch((error) => {
        if (error instanceof PatientViewException) return null;
        throw error;
      });
      const report = patient && (await this.reports.lockUnlessBusy(manager, reportId));
      if (!report || report.patientId !== patientId || !rules.isDueForAutoRelease(report, this.clock.now(), delayMs)) return false;
      const context = { actor: AUTO_RELEASE, correlationId: randomUUID(), causationId: null };
      await this.save(manager, rules.releaseReport(report, null, true), context);
      return true;
    });
  }

  private change(id: string, context: CommandContext, decide: (report: Report) => Decision): Promise<Report> {
    return this.dataSource.transaction(async (manager) => this.save(manager, decide(await this.lockReport(manager, id)), context));
  }

  /** Locks the report's patient, then the report: with its patient locked, no merge can move it. */
  private async lockReport(manager: EntityManager, id: string): Promise<Report> {
    if ((await this.directory.lockOwnerOf(manager, () => this.reports.patientOf(manager, id))) === null) notFound(id);
    return (await this.reports.lock(manager, id)) ?? notFound(id);
  }

  private async save(manager: EntityManager, decision: Decision, context: CommandContext): Promise<Report> {
    await this.reports.save(manager, decision.report);
    await this.messaging.outbox.append(manager, reportEvents(decision, context, this.clock.now()));
    return decision.report;
  }
}

function notFound(id: string): never {
  throw new ResultsException(ResultsErrorCode.ReportNotFound, `no report with id ${id}`);
}
