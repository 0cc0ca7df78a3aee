import { Observation as ObservationRecord, ResultAmended, ResultReleasedToPatient, ResultReported, ResultsEventType, ResultsMerged } from '@care-events/contracts';
import { CommandContext, DomainEvent, eventMetadata } from '@care-events/transactional-messaging';
import { Decision, Observation, ReportStatus } from '../domain/report';
import { anyCritical, currentVersion, isCritical } from '../domain/report-rules';

/** The event on results.report.v1 for a decision's change, keyed by the report's patient. */
export function reportEvents({ report, change }: Decision, context: CommandContext, now: Date): DomainEvent[] {
  const metadata = eventMetadata(context, report.patientId, now);
  const current = currentVersion(report);
  switch (change.kind) {
    case 'reported':
      return [event<ResultReported>(ResultsEventType.ResultReported, {
        metadata,
        reportId: report.id,
        version: current.version,
        testCode: report.testCode,
        status: status(current.status),
        performingLabOdsCode: report.performingLabOdsCode,
        requestingOdsCode: report.requestingOdsCode,
        effectiveAt: report.effectiveAt?.getTime() ?? null,
        observations: current.observations.map(observationRecord),
        critical: anyCritical(current.observations),
      })];
    case 'amended':
      return [event<ResultAmended>(ResultsEventType.ResultAmended, {
        metadata,
        reportId: report.id,
        version: current.version,
        amendsVersion: current.amendsVersion as number,
        reason: current.reason as string,
        status: status(current.status),
        observations: current.observations.map(observationRecord),
        critical: anyCritical(current.observations),
      })];
    case 'released':
      return [event<ResultReleasedToPatient>(ResultsEventType.ResultReleasedToPatient, {
        metadata,
        reportId: report.id,
        version: current.version,
        releasedBy: change.releasedBy,
        automatic: change.automatic,
      })];
  }
}

/** ResultsMerged, keyed by the surviving patient: their stream says which reports joined it. */
export function resultsMergedEvent(supersededPatientId: string, survivingPatientId: string, reportIds: string[], context: CommandContext, now: Date): DomainEvent {
  return event<ResultsMerged>(ResultsEventType.ResultsMerged, {
    metadata: eventMetadata(context, survivingPatientId, now),
    supersededPatientId,
    survivingPatientId,
    reportIds,
  });
}

const event = <T extends DomainEvent['value']>(type: string, value: T): DomainEvent => ({ type, value });

const status = (value: ReportStatus) => (value === 'final' ? 'FINAL' : 'PRELIMINARY');

const observationRecord = (observation: Observation): ObservationRecord => ({
  code: observation.code,
  value: observation.value,
  unit: observation.unit,
  referenceRange: observation.referenceRange,
  interpretation: observation.interpretation,
  critical: isCritical(observation),
});
