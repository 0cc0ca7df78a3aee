import { ClinicalServiceHarness, fuzzCountingWrites } from '@care-events/local-platform';
import { ResultsModule } from '../src/results.module';
import { reportBody, TOPIC } from './results-fixtures';

// What this service learns from topics other tests on the same broker also write to.
const PROJECTIONS = ['known_patient', 'inbox_message'];

describe('results refuses malformed requests on every write endpoint', () => {
  let harness: ClinicalServiceHarness;

  beforeAll(async () => {
    harness = await ClinicalServiceHarness.start('results', ResultsModule, { topic: TOPIC });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers every malformed request (at least 250) with a 4xx naming what is wrong, and writes no row and no outbox row', async () => {
    const patientId = await harness.newPatient();
    const report = await harness.call('POST', '/reports', reportBody(patientId, { status: 'preliminary' }));
    expect(report.status).toBe(201);

    const fuzzed = await fuzzCountingWrites(harness.service.url, harness.db, {
      known: { fields: { patientId }, resources: { reports: report.body.id } },
      seed: 1205,
      atLeast: 250,
      projections: PROJECTIONS,
    });

    expect(fuzzed.sent).toBeGreaterThanOrEqual(250);
    expect(fuzzed.endpoints).toHaveLength(3);
    expect({ serverErrors: fuzzed.serverErrors, accepted: fuzzed.accepted, unnamed: fuzzed.unnamed, written: fuzzed.written })
      .toEqual({ serverErrors: [], accepted: [], unnamed: [], written: {} });
  });
});
