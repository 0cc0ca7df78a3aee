import { applyEvent, CareEvent, CareRecord, emptyCareRecord, EntriesMergeEvent, PatientCareEvent } from './care-record';
import { mergeEntries } from './care-record-merge';

const ENTRIES_MERGES: ReadonlySet<string> = new Set<EntriesMergeEvent['type']>([
  'care.events.records.ClinicalRecordsMerged',
  'care.events.medications.MedicationsMerged',
  'care.events.appointments.AppointmentsMerged',
  'care.events.results.ResultsMerged',
]);

export function isEntriesMerge(event: CareEvent): event is EntriesMergeEvent {
  return ENTRIES_MERGES.has(event.type);
}

/** The records an event needs held: the patient it names, or both records of a merge. */
export function patientsNamedBy(event: CareEvent): string[] {
  return isEntriesMerge(event) ? [event.payload.supersededPatientId, event.payload.survivingPatientId] : [event.payload.metadata.patientId];
}

/**
 * Some patients' records held in memory while a batch of events is folded into them in order;
 * afterwards it gives the records that changed, each once, in its final state.
 *
 * A clinical event about a superseded record goes to the record it was merged into: the topics
 * are read independently, so such an event may be read after the merge that moved its entries.
 * Identity events stay with the record they name (a superseded record keeps its own demographics).
 */
export class CareRecordBook {
  private readonly records = new Map<string, CareRecord>();
  private readonly changed = new Set<string>();

  /** `records` holds every stored record the events name, and every one their merge chains lead to. */
  constructor(records: Iterable<CareRecord>) {
    for (const record of records) this.records.set(record.patientId, record);
  }

  apply(event: CareEvent): void {
    if (isEntriesMerge(event)) return this.merge(event);
    const named = event.payload.metadata.patientId;
    const target = event.type.startsWith('care.events.identity.') ? named : this.currentRecordOf(named);
    this.put(applyEvent(this.records.get(target) ?? null, retarget(event as PatientCareEvent, target)));
  }

  changedRecords(): CareRecord[] {
    return [...this.changed].map((id) => this.records.get(id) as CareRecord);
  }

  private merge(event: EntriesMergeEvent): void {
    const { supersededPatientId } = event.payload;
    const survivingId = this.currentRecordOf(event.payload.survivingPatientId);
    if (survivingId === supersededPatientId) return;
    const merged = mergeEntries(this.recordOf(supersededPatientId), this.recordOf(survivingId), event);
    this.put(merged.superseded);
    this.put(merged.survivor);
  }

  /** The end of the record's merge chain (a loop in the data stops where it would repeat). */
  private currentRecordOf(patientId: string): string {
    const seen = new Set<string>();
    let id = patientId;
    for (;;) {
      seen.add(id);
      const next = this.records.get(id)?.supersededBy;
      if (!next || seen.has(next)) return id;
      id = next;
    }
  }

  private recordOf(patientId: string): CareRecord {
    return this.records.get(patientId) ?? emptyCareRecord(patientId);
  }

  private put(record: CareRecord): void {
    this.records.set(record.patientId, record);
    this.changed.add(record.patientId);
  }
}

/** The event as if about `patientId`, so a redirected event lands in the surviving record. */
function retarget(event: PatientCareEvent, patientId: string): PatientCareEvent {
  if (event.payload.metadata.patientId === patientId) return event;
  return { ...event, payload: { ...event.payload, metadata: { ...event.payload.metadata, patientId } } } as PatientCareEvent;
}
