import { ClinicalServiceHarness } from '@care-events/local-platform';
import { AutoReleaseSweeper } from '../src/application/auto-release.sweeper';
import { ResultsModule } from '../src/results.module';
import { observation, reportBody, TOPIC } from './results-fixtures';

const RELEASED = 'care.events.results.ResultReleasedToPatient';

describe('automatic release of normal final results', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('results', ResultsModule, {
      topic: TOPIC,
      env: { RESULTS_AUTO_RELEASE_DELAY_MINUTES: '0', RESULTS_AUTO_RELEASE_SWEEP_MS: '200' },
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const report = async (patientId: string, overrides: Record<string, unknown>) => {
    const response = await harness.call('POST', '/reports', reportBody(patientId, overrides));
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const releasesOf = (reportId: string) =>
    harness.tap.messages.filter((m) => m.headers.ce_type === RELEASED && (m.decoded as { value: { reportId: string } }).value.reportId === reportId);
  // Everything the service has put in its outbox for the patient: the tap has seen all of it once it has this many.
  const outboxedFor = async (patientId: string) =>
    Number((await harness.db.query('select count(*) from outbox_message where message_key = $1', [patientId])).rows[0].count);
  const released = async (reportId: string) => ((await harness.call('GET', `/reports/${reportId}`)).body as { released: boolean }).released;

  it('releases an all-normal final report on its own, but neither an abnormal nor a preliminary one', async () => {
    const patientId = await harness.newPatient();
    const abnormal = await report(patientId, { observations: [observation('N'), observation('H', { value: 5.9 })] });
    const preliminary = await report(patientId, { status: 'preliminary' });
    const normal = await report(patientId, { observations: [observation('N'), observation('N', { value: 4.0 })] });

    const [release] = await harness.tap.waitFor((m) => m.key === patientId && m.headers.ce_type === RELEASED);
    expect((release.decoded as { value: object }).value).toMatchObject({
      metadata: { patientId, actor: { type: 'SYSTEM', id: 'results-auto-release', odsCode: null }, causationId: null },
      reportId: normal,
      version: 1,
      releasedBy: null,
      automatic: true,
    });
    // More sweeps run to completion: the abnormal and preliminary reports stay unreleased, the normal one released once.
    const sweeper = harness.service.app.get(AutoReleaseSweeper);
    for (let sweep = 0; sweep < 3; sweep++) await sweeper.sweepOnce();
    await harness.tap.waitFor((m) => m.key === patientId, await outboxedFor(patientId));
    expect([releasesOf(abnormal).length, releasesOf(preliminary).length, releasesOf(normal).length]).toEqual([0, 0, 1]);
    expect([await released(abnormal), await released(preliminary), await released(normal)]).toEqual([false, false, true]);
  });
});
