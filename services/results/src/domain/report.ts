export type ReportStatus = 'preliminary' | 'final';

/** The laboratory's flag against the reference range: normal, low, high, critically low, critically high, abnormal. */
export type Interpretation = 'N' | 'L' | 'H' | 'LL' | 'HH' | 'A';

export interface Concept {
  conceptId: string;
  term: string;
}

export interface ReferenceRange {
  low: number | null;
  high: number | null;
}

export interface Observation {
  code: Concept;
  value: number;
  /** UCUM code. */
  unit: string;
  referenceRange: ReferenceRange | null;
  interpretation: Interpretation;
}

export interface Practitioner {
  practitionerId: string;
  name: string | null;
  odsCode: string;
}

/** One issue of a report's results; an amendment adds a version and never changes an earlier one. */
export interface ReportVersion {
  version: number;
  status: ReportStatus;
  observations: Observation[];
  reportedAt: Date;
  /** Set on an amendment: the version it replaced and why. */
  amendsVersion: number | null;
  reason: string | null;
}

export interface Report {
  id: string;
  patientId: string;
  testCode: Concept;
  performingLabOdsCode: string;
  requestingOdsCode: string;
  /** When the specimen was taken. */
  effectiveAt: Date | null;
  /** Every version, oldest first; the last is the current one. */
  versions: ReportVersion[];
  /** The version the patient may see, if any was released. */
  releasedVersion: number | null;
}

/** What a command changed; each becomes one event. */
export type ReportChange =
  | { kind: 'reported' }
  | { kind: 'amended' }
  | { kind: 'released'; releasedBy: Practitioner | null; automatic: boolean };

export interface Decision {
  report: Report;
  change: ReportChange;
}
