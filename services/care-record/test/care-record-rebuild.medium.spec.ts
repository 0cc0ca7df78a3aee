import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { nhsNumbers, ServiceUnderTest, workspaceRoot } from '@care-events/local-platform';
import { CareRecord } from '../src/domain/care-record';
import { CareRecordRunningError, rebuildCareRecord, RebuildResult } from '../src/rebuild/care-record-rebuild';
import { CareEventPublisher } from './care-event-publisher';
import { handled, startCareRecord } from './care-record-service';
import { careWorkload } from './care-workload';

const PATIENTS = 1_500;

async function documents(db: DataSource, patientIds: string[]): Promise<Map<string, CareRecord>> {
  const rows: Array<{ patient_id: string; document: CareRecord }> = await db.query('select patient_id, document from care_record where patient_id = any($1)', [patientIds]);
  return new Map(rows.map((row) => [row.patient_id, row.document]));
}

/** `npm run care-record:rebuild` as a user runs it, with the service's settings in the environment. */
function runRebuildTool(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'tools/care-record/rebuild.ts'], { cwd: workspaceRoot(), env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run care-record:rebuild on the real platform', () => {
  let live: ServiceUnderTest;
  const publisher = new CareEventPublisher();
  const workload = careWorkload(PATIENTS, nhsNumbers());
  let settings: Record<string, string>;
  let before: Map<string, CareRecord>;

  beforeAll(async () => {
    live = await startCareRecord();
    settings = { CARE_RECORD_DATABASE_URL: live.database.url, CONSUMER_GROUP: live.config.consumer.group };
    await publisher.publish(workload.events);
    await handled(live, workload.events.map((e) => e.payload.metadata.eventId), 240_000);
    before = await documents(live.app.get(DataSource), workload.patientIds);
  }, 300_000);

  afterAll(async () => {
    await publisher.close();
    await live?.shutdown();
    await live?.database.drop();
  });

  it('refuses while the service is running', async () => {
    await expect(rebuildCareRecord({}, settings)).rejects.toThrow(CareRecordRunningError);
    const tool = await runRebuildTool(settings);
    expect(tool.code).toBe(1);
    expect(tool.output).toContain(`stop care-record first: its consumer group "${settings.CONSUMER_GROUP}" has 1 member(s)`);
  }, 60_000);

  it('folds every topic again into records equal to the live ones', async () => {
    expect(before.size).toBe(PATIENTS);
    await live.shutdown();
    const progress: number[] = [];
    let total = 0;
    const result: RebuildResult = await rebuildCareRecord({ started: (events) => (total = events), progressed: (applied) => progress.push(applied) }, settings);
    process.stdout.write(`care-record rebuild: ${result.events} events in ${result.seconds.toFixed(1)} s, ${Math.round(result.eventsPerSecond)} events/s\n`);

    expect(result.events).toBe(total);
    expect(total).toBeGreaterThanOrEqual(workload.events.length);
    expect(progress.at(-1)).toBe(total);
    const db = await new DataSource({ type: 'postgres', url: settings.CARE_RECORD_DATABASE_URL }).initialize();
    try {
      const after = await documents(db, workload.patientIds);
      expect(after.size).toBe(before.size);
      for (const [patientId, record] of before) expect(after.get(patientId)).toEqual(record);
      const [inbox] = await db.query('select count(*)::int as n from inbox_message where consumer_group = $1', [settings.CONSUMER_GROUP]);
      expect(inbox.n).toBeGreaterThanOrEqual(workload.events.length);
    } finally {
      await db.destroy();
    }
  }, 600_000);
});
