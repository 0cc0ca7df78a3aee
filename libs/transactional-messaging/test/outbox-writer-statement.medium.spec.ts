import { randomUUID } from 'node:crypto';
import { OutboxWriter } from '../src';
import { messagingHarness, PATIENT_REGISTERED, patientRegistered } from './messaging-harness';

type Harness = Awaited<ReturnType<typeof messagingHarness>>;

describe('outbox writer: a domain insert and its events in one statement', () => {
  let harness: Harness;
  const writer = new OutboxWriter();

  beforeAll(async () => {
    harness = await messagingHarness();
    await harness.dataSource.query('create table registration (patient_id uuid primary key, family text not null)');
  });

  afterAll(async () => {
    await harness?.close();
  });

  const insertRegistration = (patientId: string, family: string) => ({
    text: 'insert into registration (patient_id, family) values ($1, $2)',
    values: [patientId, family],
  });
  const outboxRow = async (eventId: string) =>
    (await harness.dataSource.query('select message_key, payload from outbox_message where event_id = $1', [eventId])) as Array<{ message_key: string; payload: { metadata: { eventId: string } } }>;
  const registrations = async (patientId: string) => (await harness.dataSource.query('select family from registration where patient_id = $1', [patientId])) as unknown[];

  it('writes the row and the event with one query outside any transaction, the outbox values numbered after the insert’s', async () => {
    const value = patientRegistered('Okafor');
    const query = jest.spyOn(harness.dataSource.manager, 'query');

    await writer.appendWith(harness.dataSource.manager, insertRegistration(value.metadata.patientId, 'Okafor'), [{ type: PATIENT_REGISTERED, value }]);

    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect(await registrations(value.metadata.patientId)).toEqual([{ family: 'Okafor' }]);
    expect(await outboxRow(value.metadata.eventId)).toEqual([{ message_key: value.metadata.patientId, payload: expect.objectContaining({ metadata: expect.objectContaining({ eventId: value.metadata.eventId }) }) }]);
  });

  it('writes no event when the insert fails, and no row when an event fails its schema', async () => {
    const patientId = randomUUID();
    const first = patientRegistered('Nowak', patientId);
    await writer.appendWith(harness.dataSource.manager, insertRegistration(patientId, 'Nowak'), [{ type: PATIENT_REGISTERED, value: first }]);
    const duplicate = patientRegistered('Nowak', patientId);

    await expect(writer.appendWith(harness.dataSource.manager, insertRegistration(patientId, 'Nowak'), [{ type: PATIENT_REGISTERED, value: duplicate }])).rejects.toThrow(/duplicate key/);
    expect(await outboxRow(duplicate.metadata.eventId)).toEqual([]);

    const invalid = patientRegistered('Byrne');
    (invalid as unknown as { nhsNumber: number }).nhsNumber = 42;
    await expect(writer.appendWith(harness.dataSource.manager, insertRegistration(invalid.metadata.patientId, 'Byrne'), [{ type: PATIENT_REGISTERED, value: invalid }])).rejects.toThrow();
    expect(await registrations(invalid.metadata.patientId)).toEqual([]);
    expect(await outboxRow(invalid.metadata.eventId)).toEqual([]);
  });
});
