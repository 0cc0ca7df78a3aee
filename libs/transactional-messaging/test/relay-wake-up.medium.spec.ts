import { OutboxWriter, PgRelayLeadership } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox relay wake-up', () => {
  let harness: Harness;
  let leadership: PgRelayLeadership;

  beforeAll(async () => {
    harness = await messagingHarness();
    leadership = new PgRelayLeadership(harness.databaseUrl);
  });

  afterAll(async () => {
    await leadership?.release();
    await harness?.close();
  });

  const append = () => harness.dataSource.transaction((manager) => new OutboxWriter().append(manager, [{ type: PATIENT_REGISTERED, value: patientRegistered() }]));
  const waited = async (maxWaitMs: number) => {
    const started = Date.now();
    await leadership.waitForWork(maxWaitMs);
    return Date.now() - started;
  };

  it('wakes on a commit made while it was not waiting (the relay was reading rows), and after that only on the next one', async () => {
    expect(await leadership.acquire()).not.toBeNull();
    await append();
    // Time for the notification to arrive while nobody waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await waited(10_000)).toBeLessThan(1_000);
    expect(await waited(300)).toBeGreaterThanOrEqual(250);

    const waiting = waited(10_000);
    await append();
    expect(await waiting).toBeLessThan(1_000);
  });
});
