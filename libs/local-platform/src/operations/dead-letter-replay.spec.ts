import { replayMessage, ReplaySelectionError, selectForReplay, StoredDeadLetter } from './dead-letter-replay';

const letter = (offset: number, eventId: string, group: string): StoredDeadLetter => ({
  partition: 0,
  offset: BigInt(offset),
  key: `patient-${offset}`,
  value: Buffer.from([0, 0, 0, 0, 7, offset]),
  headers: {
    ce_id: eventId, ce_type: 'care.events.identity.PatientRegistered', traceparent: '00-abc-def-01',
    dlq_error_type: 'TypeError', dlq_error_message: 'boom', dlq_original_topic: 'identity.patient.v1', dlq_original_partition: '3',
    dlq_original_offset: '41', dlq_consumer_group: group, dlq_attempts: '5', dlq_failed_at: '2026-11-30T10:00:00.000Z',
  },
});

const letters = [letter(0, 'ev-a', 'records'), letter(1, 'ev-b', 'appointments'), letter(2, 'ev-c', 'records')];
const ids = (chosen: StoredDeadLetter[]) => chosen.map(({ headers }) => headers.ce_id);

describe('selectForReplay', () => {
  it('takes the named events in their dead-letter order', () => {
    expect(ids(selectForReplay(letters, { eventIds: ['ev-c', 'ev-a'], all: false }))).toEqual(['ev-a', 'ev-c']);
  });

  it('takes every dead letter with --all, or every one of a group', () => {
    expect(ids(selectForReplay(letters, { eventIds: [], all: true }))).toEqual(['ev-a', 'ev-b', 'ev-c']);
    expect(ids(selectForReplay(letters, { eventIds: [], all: true, group: 'records' }))).toEqual(['ev-a', 'ev-c']);
  });

  it('refuses an empty selection, and --all with --id', () => {
    expect(() => selectForReplay(letters, { eventIds: [], all: false })).toThrow(/--id <eventId>.*--all/);
    expect(() => selectForReplay(letters, { eventIds: ['ev-a'], all: true })).toThrow('either --all or --id, not both');
  });

  it('names the event ids it cannot find, within the group when one is given', () => {
    expect(() => selectForReplay(letters, { eventIds: ['ev-a', 'ev-x'], all: false })).toThrow(new ReplaySelectionError('no dead letter has event id ev-x'));
    expect(() => selectForReplay(letters, { eventIds: ['ev-b'], all: false, group: 'records' })).toThrow('no dead letter of group records has event id ev-b');
  });
});

describe('replayMessage', () => {
  it('sends key, value and original headers back to the original topic, without the failure headers', () => {
    const message = replayMessage(letters[1], 'identity.patient.v1.dlq');
    expect(message).toEqual({
      topic: 'identity.patient.v1',
      key: 'patient-1',
      value: letters[1].value,
      headers: { ce_id: 'ev-b', ce_type: 'care.events.identity.PatientRegistered', traceparent: '00-abc-def-01', dlq_replayed_from: 'identity.patient.v1.dlq[0]@1' },
    });
  });

  it('refuses a message no care-events consumer wrote', () => {
    const foreign = { ...letters[0], headers: { ce_id: 'ev-a' } };
    expect(() => replayMessage(foreign, 'x.dlq')).toThrow('x.dlq[0]@0 has no dlq_original_topic header');
    expect(() => replayMessage({ ...letters[0], value: null }, 'x.dlq')).toThrow('has no value to replay');
  });
});
