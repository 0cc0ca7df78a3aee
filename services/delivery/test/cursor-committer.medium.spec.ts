import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startServiceUnderTest, ServiceUnderTest } from '@care-events/local-platform';
import { CursorCommitter, EndpointCommit } from '../src/application/cursor-committer';
import { DeliveryModule } from '../src/delivery.module';
import { DELIVERY_TEST_SETTINGS, metricValue } from './delivery-world';

describe('CursorCommitter on PostgreSQL', () => {
  let delivery: ServiceUnderTest;
  let db: DataSource;
  let committer: CursorCommitter;

  beforeAll(async () => {
    delivery = await startServiceUnderTest('delivery', DeliveryModule, DELIVERY_TEST_SETTINGS);
    db = delivery.app.get(DataSource);
    committer = delivery.app.get(CursorCommitter);
  });

  afterAll(() => delivery?.stop());

  /** Endpoints no worker runs (requested): only the test writes them. */
  async function endpoints(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await db.query(
      `insert into delivery_endpoint (id, subscription_id, ods_code, topic, format, url, status, cursor_number, last_seen_number, lease_epoch, control_version, created_at, created_by, updated_at)
       select id, gen_random_uuid(), 'A81001', 'care-setting.A81001.events.v1', 'standard-webhooks', 'http://127.0.0.1:1/hook', 'requested', 0, 0, 3, 7, now(), '{}', now()
       from unnest($1::uuid[]) as id`,
      [ids],
    );
    return ids;
  }

  const delivered = (endpointId: string, number: number, fence: { leaseEpoch?: number; controlVersion?: number } = {}): EndpointCommit => ({
    endpointId, leaseEpoch: fence.leaseEpoch ?? 3, controlVersion: fence.controlVersion ?? 7, cursor: { number, offset: number + 9 }, lastSeenNumber: number + 2,
    consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastError: null, lastNotificationAt: new Date(), lastDeliveredAt: new Date(),
    attempt: {
      kind: 'event', eventNumber: number, eventCount: 1, eventId: randomUUID(), kafkaOffset: number + 9, attempt: 1, startedAt: new Date(), latencyMs: 3,
      outcome: 'delivered', httpStatus: 200, retryAfterMs: null, error: null,
    },
    feedOffsets: [{ subscriptionId: endpointId, number, offset: number + 9 }],
  });

  it('writes many endpoints\' commits in few statements, each cursor, attempt and feed offset', async () => {
    const ids = await endpoints(40);
    const before = metricValue(await (await fetch(`${delivery.url}/metrics`)).text(), 'delivery_commit_batch_size_count') ?? 0;
    const results = await Promise.all(ids.map((id, i) => committer.commit(delivered(id, i + 1))));
    expect(results.every(Boolean)).toBe(true);
    const rows: Array<{ id: string; cursor_number: string; cursor_offset: string; last_seen_number: string }> = await db.query(
      'select id, cursor_number, cursor_offset, last_seen_number from delivery_endpoint where id = any($1)', [ids],
    );
    for (const row of rows) {
      const number = ids.indexOf(row.id) + 1;
      expect([Number(row.cursor_number), Number(row.cursor_offset), Number(row.last_seen_number)]).toEqual([number, number + 9, number + 2]);
    }
    expect(Number((await db.query('select count(*) as n from delivery_attempt where endpoint_id = any($1)', [ids]))[0].n)).toBe(40);
    expect(Number((await db.query('select count(*) as n from feed_offset where subscription_id = any($1)', [ids]))[0].n)).toBe(40);
    const statements = (metricValue(await (await fetch(`${delivery.url}/metrics`)).text(), 'delivery_commit_batch_size_count') ?? 0) - before;
    expect(statements).toBeLessThan(40);
  });

  it('writes nothing to the endpoint when its lease epoch or control version moved on; the attempt is kept', async () => {
    const [id] = await endpoints(1);
    expect(await committer.commit(delivered(id, 5, { leaseEpoch: 2 }))).toBe(false);
    expect(await committer.commit(delivered(id, 5, { controlVersion: 6 }))).toBe(false);
    expect((await db.query('select cursor_number from delivery_endpoint where id = $1', [id]))[0].cursor_number).toBe('0');
    expect(Number((await db.query('select count(*) as n from delivery_attempt where endpoint_id = $1', [id]))[0].n)).toBe(2);
    expect(await committer.commit(delivered(id, 5))).toBe(true);
  });

  it('changes the status with its audit row in one transaction, fenced like any commit', async () => {
    const [id] = await endpoints(1);
    // Active, but leased elsewhere: this instance's supervisor leaves it alone.
    await db.query(`update delivery_endpoint set status = 'active', lease_owner = 'elsewhere', lease_until = now() + interval '1 hour' where id = $1`, [id]);
    const at = new Date();
    const blocked = { number: 1, reason: 'gap: expected 1, read 2 at offset 0', since: at };
    const change = { action: 'block' as const, from: 'active' as const, to: 'error' as const, reason: blocked.reason, blocked, at, details: { eventNumber: 1 } };
    const commit = { ...delivered(id, 1), cursor: null, attempt: null, feedOffsets: [] };
    expect(await committer.change({ ...commit, controlVersion: 1 }, change)).toBe(false);
    expect(await committer.change(commit, change)).toBe(true);
    const [row] = await db.query('select status, status_reason, blocked_number from delivery_endpoint where id = $1', [id]);
    expect(row).toEqual({ status: 'error', status_reason: blocked.reason, blocked_number: '1' });
    const transitions = await db.query('select action, from_status, to_status, actor from endpoint_transition where endpoint_id = $1', [id]);
    expect(transitions).toEqual([{ action: 'block', from_status: 'active', to_status: 'error', actor: null }]);
  });
});
