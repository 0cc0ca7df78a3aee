import { Injectable, NotFoundException } from '@nestjs/common';
import { PatientAccessService } from '@care-events/patient-access';
import { Clock, Reader } from '@care-events/service-kit';
import { CareRecord, releasedToPatient } from '../domain/care-record';
import { AccessLogEntry, AccessLogRepository } from '../persistence/access-log.repository';
import { CareRecordRepository } from '../persistence/care-record.repository';
import { FreshnessService, TopicFreshness } from './freshness.service';

export interface CareRecordRead {
  /** As the caller may see it: a patient sees only results released to them. */
  record: CareRecord;
  freshness: TopicFreshness[];
  readAt: Date;
}

const CARE_RECORD = 'care-record:care-record';
const ACCESS_LOG = 'care-record:access-log';

/**
 * Every read the API serves: decided by the access rules and audited (PatientAccessService) before
 * anything of the patient is returned.
 */
@Injectable()
export class CareRecordReads {
  constructor(
    private readonly records: CareRecordRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly freshness: FreshnessService,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
  ) {}

  /**
   * The access rules come first, also for a patient the service has no record of, so that a 404
   * tells only those allowed to read the patient that there is nothing yet.
   */
  async byPatientId(reader: Reader, patientId: string): Promise<CareRecordRead> {
    const [record, freshness] = await Promise.all([this.records.find(patientId), this.freshness.freshness()]);
    const decision = await this.authorize(reader, patientId, record?.nhsNumber ?? null, CARE_RECORD);
    if (!record) throw notFound(`no care record for patient ${patientId}: no event about them has been applied`);
    return { record: decision.releasedResultsOnly ? releasedToPatient(record) : record, freshness, readAt: this.clock.now() };
  }

  async byNhsNumber(reader: Reader, nhsNumber: string): Promise<CareRecordRead> {
    const record = await this.records.findByNhsNumber(nhsNumber);
    // Without a record there is no patient to decide on or audit.
    if (!record) throw notFound(`no care record with NHS number ${nhsNumber}`);
    return this.byPatientId(reader, record.patientId);
  }

  async accessLogOf(reader: Reader, patientId: string, limit: number): Promise<AccessLogEntry[]> {
    const record = await this.records.find(patientId);
    await this.authorize(reader, patientId, record?.nhsNumber ?? null, ACCESS_LOG);
    return this.accessLog.latestOf(patientId, limit);
  }

  private authorize(reader: Reader, patientId: string, nhsNumber: string | null, what: string) {
    return this.access.authorizeRead(reader.caller, { patientId, nhsNumber }, what, reader.breakGlassReason, reader.correlationId);
  }
}

function notFound(message: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message });
}
