import { DomainException } from '@care-events/domain-primitives';

export enum ResultsErrorCode {
  ReportNotFound = 'REPORT_NOT_FOUND',
  InvalidReport = 'INVALID_REPORT',
  VersionSuperseded = 'VERSION_SUPERSEDED',
  UnknownVersion = 'UNKNOWN_VERSION',
  FinalCannotBecomePreliminary = 'FINAL_CANNOT_BECOME_PRELIMINARY',
  AlreadyReleased = 'ALREADY_RELEASED',
}

export class ResultsException extends DomainException<ResultsErrorCode> {}
