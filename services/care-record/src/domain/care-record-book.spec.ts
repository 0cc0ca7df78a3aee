import {
  allergyRecorded, clinicalRecordsMerged, conditionRecorded, encounterStarted, medicationsMerged, prescribed, recordsMerged, registered,
} from '../../test/care-events';
import { CareEvent, CareRecord } from './care-record';
import { CareRecordBook, patientsNamedBy } from './care-record-book';

const OLD = 'superseded';
const NEW = 'survivor';

function foldAll(events: CareEvent[], held: CareRecord[] = []): Map<string, CareRecord> {
  const book = new CareRecordBook(held);
  for (const e of events) book.apply(e);
  return new Map(book.changedRecords().map((record) => [record.patientId, record]));
}

describe('CareRecordBook', () => {
  const history = [
    registered(OLD, { nhsNumber: '9990000018' }),
    registered(NEW, { nhsNumber: '9990000026' }),
    allergyRecorded(OLD, 'a-old', 1),
    allergyRecorded(NEW, 'a-new', 2),
    conditionRecorded(OLD, 'c-old', 3),
    encounterStarted(OLD, 'e-old', 4),
    prescribed(OLD, 'm-old', 5),
  ];
  const merges = [
    recordsMerged(OLD, NEW, 10),
    clinicalRecordsMerged(OLD, NEW, { allergyIds: ['a-old'], conditionIds: ['c-old'], encounterIds: ['e-old'] }, 11),
    medicationsMerged(OLD, NEW, ['m-old'], 12),
  ];

  it('folds the superseded record into the survivor, which keeps its own demographics', () => {
    const records = foldAll([...history, ...merges]);
    const survivor = records.get(NEW) as CareRecord;
    const superseded = records.get(OLD) as CareRecord;
    expect(survivor.nhsNumber).toBe('9990000026');
    expect(survivor.allergies.map((a) => a.allergyId)).toEqual(['a-new', 'a-old']);
    expect(survivor.problems.map((p) => p.conditionId)).toEqual(['c-old']);
    expect(survivor.encounters.map((e) => e.encounterId)).toEqual(['e-old']);
    expect(survivor.medications.map((m) => m.medicationId)).toEqual(['m-old']);
    expect(superseded).toMatchObject({ supersededBy: NEW, nhsNumber: '9990000018', allergies: [], problems: [], encounters: [], medications: [] });
  });

  it('gives the same records whichever topic is read first', () => {
    // The identity merge read last, and the superseded record's allergy read after the clinical merge.
    const reordered = [
      registered(OLD, { nhsNumber: '9990000018' }), registered(NEW, { nhsNumber: '9990000026' }), allergyRecorded(NEW, 'a-new', 2),
      conditionRecorded(OLD, 'c-old', 3), encounterStarted(OLD, 'e-old', 4), merges[1], allergyRecorded(OLD, 'a-old', 1), prescribed(OLD, 'm-old', 5), merges[2], merges[0],
    ];
    expect(foldAll(reordered)).toEqual(foldAll([...history, ...merges]));
  });

  it('sends a clinical event about a superseded record to the end of its merge chain', () => {
    const records = foldAll([recordsMerged('a', 'b'), recordsMerged('b', 'c'), allergyRecorded('a', 'late')]);
    expect(records.get('c')?.allergies.map((a) => a.allergyId)).toEqual(['late']);
    expect(records.get('a')?.allergies).toEqual([]);
  });

  it('keeps identity events with the record they name', () => {
    const records = foldAll([recordsMerged(OLD, NEW), registered(OLD, { nhsNumber: '9990000018' })]);
    expect(records.get(OLD)?.nhsNumber).toBe('9990000018');
    expect(records.has(NEW)).toBe(false);
  });

  it('survives a loop of merges in the data', () => {
    const records = foldAll([recordsMerged('a', 'b'), recordsMerged('b', 'a'), allergyRecorded('a', 'x')]);
    expect([...records.values()].flatMap((r) => r.allergies.map((a) => a.allergyId))).toEqual(['x']);
  });

  it('starts from the records it holds and gives back only those that changed', () => {
    const held = [...foldAll([registered(OLD), registered(NEW)]).values()];
    const changed = foldAll([allergyRecorded(NEW, 'a1')], held);
    expect([...changed.keys()]).toEqual([NEW]);
    expect(changed.get(NEW)?.nhsNumber).toBe('9990000018');
  });

  it('names both records of a clinical merge, and the one patient of any other event', () => {
    expect(patientsNamedBy(merges[1])).toEqual([OLD, NEW]);
    expect(patientsNamedBy(merges[0])).toEqual([OLD]);
    expect(patientsNamedBy(allergyRecorded(NEW, 'a'))).toEqual([NEW]);
  });
});
