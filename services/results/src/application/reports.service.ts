import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PatientAccessService } from '@care-events/patient-access';
import { Outcome } from '@care-events/patient-commands';
import { PatientViewCommands, PatientViewException } from '@care-events/patient-view';
import { Clock, Reader } from '@care-events/service-kit';
import { CommandContext } from '@care-events/transactional-messaging';
import { Decision, Practitioner, Report } from '../domain/report';
import * as rules from '../domain/report-rules';
import { ResultsErrorCode, ResultsException } from '../domain/results-error';
import { reportEvents } from '../events/report-events';
import { AutoReleaseCandidate, ReportRepository } from '../persistence/report.repository';

const AUTO_RELEASE: CommandContext['actor'] = { type: 'SYSTEM', id: 'results-auto-release', odsCode: null };

/**
 * Reports and their release. Each command locks the patient, then the report, applies the domain
 * rule and saves the report with its event, in one transaction.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly commands: PatientViewCommands,
    private readonly reports: ReportRepository,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  report(input: Omit<rules.NewReport, 'id'>, context: CommandContext): Promise<Report> {
    const now = this.clock.now();
    const decision = rules.reportResult({ ...input, id: randomUUID() }, now);
    return this.commands.handle({
      // Results of a deceased patient are accepted: post-mortem results are real.
      lock: { patientId: input.patientId },
      decide: () => outcome(decision, context, now),
      save: (manager, { result }) => this.reports.save(manager, result),
    });
  }

  /** A report, once the reader may see its patient's data; to the patient themselves, only as released to them. */
  async get(id: string, reader: Reader): Promise<Report> {
    const report = (await this.reports.findById(id)) ?? notFound(id);
    const { releasedResultsOnly } = await this.access.authorizeReadOf(reader, report.patientId, 'results:report');
    if (!releasedResultsOnly) return report;
    // An unreleased report does not exist yet for its patient.
    return rules.releasedToPatient(report) ?? notFound(id);
  }

  async findByPatient(patientId: string, reader: Reader): Promise<Report[]> {
    const { releasedResultsOnly } = await this.access.authorizeReadOf(reader, patientId, 'results:reports');
    const reports = await this.reports.findByPatient(patientId);
    return releasedResultsOnly ? reports.flatMap((report) => rules.releasedToPatient(report) ?? []) : reports;
  }

  amend(id: string, amendment: rules.Amendment, context: CommandContext): Promise<Report> {
    return this.change(id, context, (report, now) => rules.amendReport(report, amendment, now));
  }

  release(id: string, releasedBy: Practitioner, context: CommandContext): Promise<Report> {
    return this.change(id, context, (report) => rules.releaseReport(report, releasedBy, false));
  }

  /**
   * Releases one report on its own if it is still due; false when it is not (released or amended
   * meanwhile, taken by another instance, or its patient superseded by a merge).
   */
  autoRelease({ reportId, patientId }: AutoReleaseCandidate, delayMs: number): Promise<boolean> {
    const now = this.clock.now();
    const context = { actor: AUTO_RELEASE, correlationId: randomUUID(), causationId: null };
    const release = this.commands.handle({
      // The patient is locked before the report, in the order every command takes them, so that
      // the sweep cannot deadlock with a clinician's release; a busy report is skipped.
      lock: { patientId },
      load: (manager) => this.reports.lockUnlessBusy(manager, reportId),
      decide: (report): Outcome<Report | null> => {
        if (!report || report.patientId !== patientId || !rules.isDueForAutoRelease(report, now, delayMs)) return { result: null, events: [] };
        return outcome(rules.releaseReport(report, null, true), context, now);
      },
      save: async (manager, { result }) => {
        if (result) await this.reports.save(manager, result);
      },
    });
    return release.then(
      (released) => released !== null,
      (error) => {
        // Superseded by a merge (its reports moved: the survivor's sweep takes them) or unknown here.
        if (error instanceof PatientViewException) return false;
        throw error;
      },
    );
  }

  /** A change to a report locks its patient, then the report: with its patient locked, no merge can move it. */
  private change(id: string, context: CommandContext, decide: (report: Report, now: Date) => Decision): Promise<Report> {
    const now = this.clock.now();
    return this.commands.handle({
      lock: { ownerOf: (manager) => this.reports.patientOf(manager, id) },
      load: async (manager) => (await this.reports.lock(manager, id)) ?? notFound(id),
      decide: (report) => outcome(decide(report, now), context, now),
      save: (manager, { result }) => this.reports.save(manager, result),
    });
  }
}

function outcome(decision: Decision, context: CommandContext, now: Date): Outcome<Report> {
  return { result: decision.report, events: reportEvents(decision, context, now) };
}

function notFound(id: string): never {
  throw new ResultsException(ResultsErrorCode.ReportNotFound, `no report with id ${id}`);
}
