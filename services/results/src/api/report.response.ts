import { Observation, Report } from '../domain/report';
import { anyCritical, currentVersion, isCritical } from '../domain/report-rules';

/** The API's view of a report: its current version in full, and a summary of every version. */
export function reportResponse(report: Report) {
  const current = currentVersion(report);
  return {
    id: report.id,
    patientId: report.patientId,
    testCode: report.testCode,
    performingLabOdsCode: report.performingLabOdsCode,
    requestingOdsCode: report.requestingOdsCode,
    effectiveAt: report.effectiveAt?.toISOString() ?? null,
    version: current.version,
    status: current.status,
    reportedAt: current.reportedAt.toISOString(),
    observations: current.observations.map(observationResponse),
    critical: anyCritical(current.observations),
    releasedVersion: report.releasedVersion,
    released: report.releasedVersion === current.version,
    history: report.versions.map((version) => ({
      version: version.version,
      status: version.status,
      reportedAt: version.reportedAt.toISOString(),
      amendsVersion: version.amendsVersion,
      reason: version.reason,
      critical: anyCritical(version.observations),
    })),
  };
}

const observationResponse = (observation: Observation) => ({ ...observation, critical: isCritical(observation) });
