import { DataSource } from 'typeorm';
import { IdentityEventType, RecordsEventType } from '@care-events/contracts';
import { encodedEvent, eventually, ServiceUnderTest } from '@care-events/local-platform';
import { Pseudonymiser } from '../src/domain/pseudonymiser';
import {
  keysEnv, loadList, newKey, patient, provisionFeeds, randomClinicalEvent, registration, removeFeeds, send, startAnalytics, testRecipients,
} from './analytics-fixtures';

describe('merged patient records in the analytics feed', () => {
  const { recipients, file, r1, r2 } = testRecipients(2, { yearOfBirthBand: 5, postcode: 'area' });
  const r1Key = newKey();
  const pseudonym = (p: { nhsNumber: string }) => new Pseudonymiser(r1, new Map([[1, r1Key]])).pseudonym(p.nhsNumber);
  let service: ServiceUnderTest;
  let db: DataSource;

  beforeAll(async () => {
    await provisionFeeds(recipients);
    service = await startAnalytics(file, keysEnv({ [r1]: { 1: r1Key }, [r2]: { 1: newKey() } }));
    db = service.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await removeFeeds(recipients);
  });

  const handled = (ids: string[]) =>
    eventually('handled', async () => (await db.query('select 1 from inbox_message where event_id = any($1)', [ids])).length === ids.length, 60_000);
  /** R1 (year, district) and R2 (five-year band, area) decide alike here: the patients share both groups. */
  const counted = async (outcome: string) => {
    const rows = await db.query(`select recipient, count::int as n from feed_count where outcome = $1 and record_type = 'condition'`, [outcome]);
    const of = (recipient: string) => rows.find((row: { recipient: string }) => row.recipient === recipient)?.n ?? 0;
    return [of(r1), of(r2)];
  };

  it('counts a merged-away record and its survivor as one person in a k group, and sends the merged-away record\'s events as the survivor\'s', async () => {
    // Two records of one person, in the same group: with k = 2 they pass only as long as they count as two.
    const [superseded, survivor] = [patient('1962-04-04'), patient('1962-04-04')];
    await handled(await send([registration(superseded, new Date(Date.now() - 3_600_000)), registration(survivor, new Date(Date.now() - 3_600_000))]));
    await loadList(service.url, 'national', [superseded, survivor], new Date());
    await handled(await send([randomClinicalEvent(RecordsEventType.ConditionRecorded, survivor.patientId)]));
    expect(await counted('emitted')).toEqual([1, 1]);

    const merge = encodedEvent(IdentityEventType.PatientRecordsMerged, superseded.patientId, { supersededPatientId: superseded.patientId, survivingPatientId: survivor.patientId });
    await handled(await send([merge]));
    await handled(await send([randomClinicalEvent(RecordsEventType.ConditionRecorded, survivor.patientId), randomClinicalEvent(RecordsEventType.ConditionRecorded, superseded.patientId)]));
    expect({ emitted: await counted('emitted'), suppressed: await counted('suppressed') }).toEqual({ emitted: [1, 1], suppressed: [2, 2] });

    // A second person joins the group: the merged-away record's events now leave, under the survivor's pseudonym.
    const other = patient('1962-04-04');
    await handled(await send([registration(other, new Date(Date.now() - 3_600_000))]));
    await loadList(service.url, 'national', [superseded, survivor, other], new Date());
    const [late] = await send([randomClinicalEvent(RecordsEventType.ConditionRecorded, superseded.patientId)]);
    await handled([late]);
    const rows = await db.query(`select payload from outbox_message where topic = $1 order by id`, [`analytics.${r1}.condition.v1`]);
    expect(rows.map((row: { payload: { patient: { pseudonym: string } } }) => row.payload.patient.pseudonym)).toEqual([pseudonym(survivor), pseudonym(survivor)]);
  });
});
