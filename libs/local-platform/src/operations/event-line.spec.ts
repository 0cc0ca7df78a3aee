import { deadLetterReport, countsByErrorType } from './dead-letter-report';
import { eventIdentityOf, eventLine } from './event-line';

const HEADERS = { ce_type: 'care.events.identity.PatientRegistered', ce_id: 'ev-1', ce_subject: 'pat-1' };

describe('event identity and line', () => {
  it('names the event from its CloudEvents headers', () => {
    expect(eventIdentityOf(HEADERS)).toEqual({ eventType: 'identity.PatientRegistered', eventId: 'ev-1', patientId: 'pat-1' });
  });

  it('falls back to the payload metadata when the headers are missing', () => {
    const decoded = { fullName: 'care.events.records.ObservationRecorded', value: { metadata: { eventId: 'ev-2', patientId: 'pat-2' } } };
    expect(eventIdentityOf({}, decoded)).toEqual({ eventType: 'records.ObservationRecorded', eventId: 'ev-2', patientId: 'pat-2' });
    expect(eventIdentityOf({}, { error: 'unknown schema id 9' })).toEqual({ eventType: null, eventId: null, patientId: null });
  });

  it('prints time, partition and offset, type, patient and event id on one line', () => {
    const line = eventLine({ partition: 3, offset: 17n, timestamp: Date.UTC(2026, 10, 30, 17, 58, 1, 123), headers: HEADERS, decoded: { fullName: HEADERS.ce_type, value: {} } });
    expect(line).toMatch(/^2026-11-30T17:58:01\.123Z {2}p3@17 +identity\.PatientRegistered +patient pat-1 {2}event ev-1$/);
    expect(line).not.toContain('\n');
  });

  it('says when a value could not be decoded', () => {
    expect(eventLine({ partition: 0, offset: 0n, timestamp: 0, headers: HEADERS, decoded: { error: 'bad magic byte' } })).toContain('(not decoded: bad magic byte)');
  });
});

describe('dead letter report', () => {
  const letter = (offset: bigint, errorType: string) => ({
    partition: 0, offset,
    headers: {
      ...HEADERS, dlq_error_type: errorType, dlq_error_message: 'patient unknown', dlq_original_topic: 'identity.patient.v1',
      dlq_original_partition: '4', dlq_original_offset: '12', dlq_consumer_group: 'care-router', dlq_attempts: '5', dlq_failed_at: '2026-11-30T17:00:00.000Z',
    },
  });

  it('lists each dead letter with its dlq headers and counts them by error type', () => {
    const lines = deadLetterReport('identity.patient.v1.dlq', [letter(0n, 'TypeError'), letter(1n, 'ValidationError'), letter(2n, 'TypeError')]);
    expect(lines[0]).toBe('identity.patient.v1.dlq: 3 dead letters');
    expect(lines).toContain('p0@1  identity.PatientRegistered  event ev-1');
    expect(lines).toContain('  ValidationError: patient unknown');
    expect(lines).toContain('  from identity.patient.v1[4]@12, group care-router, 5 attempts, failed at 2026-11-30T17:00:00.000Z');
    expect(lines.slice(-3)).toEqual(['By error type:', '       2  TypeError', '       1  ValidationError']);
  });

  it('says so when the topic holds none, and counts letters without an error type apart', () => {
    expect(deadLetterReport('x.dlq', [])).toEqual(['x.dlq: no dead letters']);
    expect(countsByErrorType([{ partition: 0, offset: 0n, headers: {} }])).toEqual([['(no dlq_error_type header)', 1]]);
  });
});
