import { EntityManager } from 'typeorm';
import { OutboxWriter } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox writer: the writer schema rows', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await messagingHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Appends one event in a transaction of its own; gives the schema texts the statement carried. */
  async function append(writer: OutboxWriter, rollBack = false): Promise<{ eventId: string; schemaTexts: unknown[] }> {
    const value = patientRegistered();
    let schemaTexts: unknown[] = [];
    await harness.dataSource
      .transaction(async (manager: EntityManager) => {
        const query = jest.spyOn(manager, 'query');
        await writer.append(manager, [{ type: PATIENT_REGISTERED, value }]);
        schemaTexts = (query.mock.calls[0][1] as unknown[][])[2];
        if (rollBack) throw new Error('rolled back on purpose');
      })
      .catch((error: Error) => {
        if (!rollBack) throw error;
      });
    return { eventId: value.metadata.eventId, schemaTexts };
  }

  const outboxRows = async (eventId: string) =>
    (await harness.dataSource.query('select o.schema_fingerprint, s.full_name from outbox_message o join event_schema s on s.fingerprint = o.schema_fingerprint where o.event_id = $1', [eventId])) as unknown[];

  it('carries the schema text until the schema is committed, then leaves it out; a rolled-back first write breaks nothing', async () => {
    const writer = new OutboxWriter();
    const rolledBack = await append(writer, true);
    expect(rolledBack.schemaTexts).toHaveLength(1);
    expect(await harness.dataSource.query('select 1 from event_schema')).toEqual([]);

    const first = await append(writer);
    expect(first.schemaTexts).toHaveLength(1);
    // This write learns that another transaction committed the schema.
    const second = await append(writer);
    expect(second.schemaTexts).toHaveLength(1);
    const third = await append(writer);
    expect(third.schemaTexts).toEqual([]);
    for (const { eventId } of [first, second, third]) expect(await outboxRows(eventId)).toEqual([{ schema_fingerprint: expect.any(String), full_name: PATIENT_REGISTERED }]);
  });
});
