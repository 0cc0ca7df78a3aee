import { appointmentsAround, CareAppointment, CareRecord } from '../domain/care-record';
import { CareRecordRead } from '../application/care-record-reads.service';
import { TopicFreshness } from '../application/freshness.service';

/** The JSON answer: the record, its appointments split into upcoming and past at the time of the read, and its freshness. */
export type CareRecordResponse = Omit<CareRecord, 'appointments'> & {
  appointments: { upcoming: CareAppointment[]; past: CareAppointment[] };
  freshness: TopicFreshness[];
};

export function careRecordResponse({ record, freshness, readAt }: CareRecordRead): CareRecordResponse {
  return { ...record, appointments: appointmentsAround(record, readAt), freshness };
}
