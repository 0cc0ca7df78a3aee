import { DataSource } from 'typeorm';
import { eventually, groupAtTopicEnds, ServiceUnderTest, startServiceUnderTest } from '@care-events/local-platform';
import { CARE_RECORD_SERVICE, CareRecordModule } from '../src/care-record.module';
import { CareRecord } from '../src/domain/care-record';

/** The care-record service on the test platform, reading only what its test publishes from now on. */
export async function startCareRecord(env: Record<string, string> = {}): Promise<ServiceUnderTest> {
  const group = await groupAtTopicEnds(CARE_RECORD_SERVICE.consumes ?? [], 'care-record-test');
  return startServiceUnderTest('care-record', CareRecordModule, { CONSUMER_GROUP: group, ...env });
}

/** The stored record of the patient once `ready` says it is complete. */
export function recordOnceReady(service: ServiceUnderTest, patientId: string, ready: (record: CareRecord) => boolean, timeoutMs = 60_000): Promise<CareRecord> {
  const db = service.app.get(DataSource);
  return eventually(`the care record of ${patientId}`, async () => {
    const [row] = await db.query('select document from care_record where patient_id = $1', [patientId]);
    return row && ready(row.document) ? (row.document as CareRecord) : undefined;
  }, timeoutMs);
}

/** Resolves once the service handled the events (its inbox holds them). */
export function handled(service: ServiceUnderTest, eventIds: string[], timeoutMs = 60_000): Promise<true> {
  const db = service.app.get(DataSource);
  return eventually('the care-record service handling the events', async () => {
    const [row] = await db.query('select count(*)::int as n from inbox_message where event_id = any($1)', [eventIds]);
    if (row.n < eventIds.length) throw new Error(`${row.n} of ${eventIds.length} handled`);
    return true;
  }, timeoutMs);
}
