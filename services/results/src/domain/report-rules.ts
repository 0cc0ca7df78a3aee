import { Decision, Observation, Practitioner, Report, ReportStatus, ReportVersion } from './report';
import { ResultsErrorCode, ResultsException } from './results-error';

export type NewReport = Omit<Report, 'versions' | 'releasedVersion'> & { status: ReportStatus; observations: Observation[] };

export interface Amendment {
  amendsVersion: number;
  reason: string;
  status: ReportStatus;
  observations: Observation[];
}

/** A critically low or high value needs urgent clinical attention. */
export const isCritical = (observation: Observation): boolean => observation.interpretation === 'LL' || observation.interpretation === 'HH';

export const anyCritical = (observations: Observation[]): boolean => observations.some(isCritical);

export const currentVersion = (report: Report): ReportVersion => report.versions[report.versions.length - 1];

export function reportResult(input: NewReport, now: Date): Decision {
  if (input.effectiveAt && input.effectiveAt > now) {
    throw new ResultsException(ResultsErrorCode.InvalidReport, 'effectiveAt: must not be in the future');
  }
  const { status, observations, ...report } = input;
  const first: ReportVersion = { version: 1, status, observations, reportedAt: now, amendsVersion: null, reason: null };
  return { report: { ...report, versions: [first], releasedVersion: null }, change: { kind: 'reported' } };
}

/** An amendment replaces the current version only: one based on an older version would silently drop a correction. */
export function amendReport(report: Report, amendment: Amendment, now: Date): Decision {
  const current = currentVersion(report);
  if (amendment.amendsVersion < 1 || amendment.amendsVersion > current.version) {
    throw new ResultsException(ResultsErrorCode.UnknownVersion, `report ${report.id} has no version ${amendment.amendsVersion}; current is ${current.version}`, {
      currentVersion: current.version,
    });
  }
  if (amendment.amendsVersion < current.version) {
    throw new ResultsException(
      ResultsErrorCode.VersionSuperseded,
      `version ${amendment.amendsVersion} was already amended; current is ${current.version}`,
      { currentVersion: current.version },
    );
  }
  if (current.status === 'final' && amendment.status === 'preliminary') {
    throw new ResultsException(ResultsErrorCode.FinalCannotBecomePreliminary, `report ${report.id} is final: an amendment must be final too`);
  }
  const next: ReportVersion = {
    version: current.version + 1,
    status: amendment.status,
    observations: amendment.observations,
    reportedAt: now,
    amendsVersion: amendment.amendsVersion,
    reason: amendment.reason,
  };
  return { report: { ...report, versions: [...report.versions, next] }, change: { kind: 'amended' } };
}

/** Releases the current version to the patient; an amendment after a release needs a release of its own. */
export function releaseReport(report: Report, releasedBy: Practitioner | null, automatic: boolean): Decision {
  const { version } = currentVersion(report);
  if (report.releasedVersion === version) {
    throw new ResultsException(ResultsErrorCode.AlreadyReleased, `version ${version} of report ${report.id} is already released`, {
      releasedVersion: version,
    });
  }
  return { report: { ...report, releasedVersion: version }, change: { kind: 'released', releasedBy, automatic } };
}

/**
 * Normal final results reach the patient without a clinician once the delay has passed since that
 * version was reported; anything abnormal or preliminary waits for a clinician to release it.
 */
export function isDueForAutoRelease(report: Report, now: Date, delayMs: number): boolean {
  const current = currentVersion(report);
  return report.releasedVersion !== current.version && isAutoReleasable(current) && current.reportedAt.getTime() + delayMs <= now.getTime();
}

export const isAutoReleasable = (version: ReportVersion): boolean =>
  version.status === 'final' && version.observations.every((observation) => observation.interpretation === 'N');

/**
 * The report as its patient may see it: up to the version released to them, as if what came after
 * had not been reported yet (an amendment reaches them once it is released); null when no version was.
 */
export function releasedToPatient(report: Report): Report | null {
  const released = report.releasedVersion;
  if (released === null) return null;
  return { ...report, versions: report.versions.filter((version) => version.version <= released) };
}
