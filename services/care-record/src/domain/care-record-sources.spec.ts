import { randomUUID } from 'node:crypto';
import { careWorkload } from '../../test/care-workload';
import { CareEvent, CareEventType, CareRecord, emptyCareRecord } from './care-record';
import { CareRecordBook } from './care-record-book';
import { CareRecordSource, partOf, recordOfPart, SOURCE_FIELDS, sourceOf } from './care-record-sources';

const SOURCES = Object.keys(SOURCE_FIELDS) as CareRecordSource[];
const counting = () => {
  let next = 0;
  return () => String(9_990_000_000 + next++);
};

function changedFields(before: CareRecord, after: CareRecord): string[] {
  return (Object.keys(after) as Array<keyof CareRecord>).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

describe('the sources of a care record', () => {
  it('give every field of the record, but its id and merge, to exactly one source', () => {
    const fields = SOURCES.flatMap((source) => SOURCE_FIELDS[source] as readonly string[]);
    expect([...fields].sort()).toEqual(Object.keys(emptyCareRecord('p')).filter((f) => f !== 'patientId' && f !== 'supersededBy').sort());
  });

  it('name the service of each event type', () => {
    const cases: Array<[CareEventType, CareRecordSource]> = [
      ['care.events.identity.PatientRegistered', 'identity'], ['care.events.records.AllergyRecorded', 'records'],
      ['care.events.medications.MedicationStopped', 'medications'], ['care.events.appointments.AppointmentBooked', 'appointments'],
      ['care.events.results.ResultsMerged', 'results'],
    ];
    for (const [type, source] of cases) expect(sourceOf(type)).toBe(source);
  });

  it('let no event change a field of another source, so each part can be folded from its own topic alone', () => {
    const { events } = careWorkload(12, counting());
    const seen = new Set<string>();
    for (const event of events) {
      const patients = [event.payload.metadata.patientId, ...('supersededPatientId' in event.payload ? [event.payload.supersededPatientId, event.payload.survivingPatientId] : [])];
      const book = new CareRecordBook([]);
      const before = new Map(patients.map((id) => [id, emptyCareRecord(id)]));
      book.apply(event as CareEvent);
      for (const after of book.changedRecords()) {
        const allowed: string[] = [...SOURCE_FIELDS[sourceOf(event.type)], 'supersededBy'];
        for (const field of changedFields(before.get(after.patientId) ?? emptyCareRecord(after.patientId), after)) {
          expect(allowed).toContain(field);
          seen.add(field);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('folds each source\'s part into the same record as folding every event into one', () => {
    const { events, patientIds } = careWorkload(25, counting());
    const whole = new CareRecordBook([]);
    for (const event of events) whole.apply(event);
    const parts = new Map(SOURCES.map((source) => {
      const book = new CareRecordBook([]);
      for (const event of events.filter((e) => sourceOf(e.type) === source)) book.apply(event);
      return [source, new Map(book.changedRecords().map((record) => [record.patientId, record]))];
    }));
    const wholeRecords = new Map(whole.changedRecords().map((record) => [record.patientId, record]));
    for (const patientId of patientIds) {
      const assembled = SOURCES.reduce<CareRecord>((record, source) => {
        const part = parts.get(source)?.get(patientId);
        return part ? { ...record, ...partOf(part, source) } : record;
      }, emptyCareRecord(patientId));
      const expected = wholeRecords.get(patientId) as CareRecord;
      expect({ ...assembled, supersededBy: expected.supersededBy }).toEqual(expected);
    }
  });

  it('turns a part back into a record holding it', () => {
    const id = randomUUID();
    const record = { ...emptyCareRecord(id), nhsNumber: '9990000018', sensitive: true };
    expect(recordOfPart(id, partOf(record, 'identity'), 'survivor')).toEqual({ ...record, supersededBy: 'survivor' });
  });
});
