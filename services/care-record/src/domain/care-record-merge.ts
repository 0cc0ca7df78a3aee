import { CareRecord, EntriesMergeEvent, sortCareRecord } from './care-record';

/** The two records after a clinical topic's merge: the entries it lists moved from the superseded record to the survivor. */
export function mergeEntries(superseded: CareRecord, survivor: CareRecord, event: EntriesMergeEvent): { superseded: CareRecord; survivor: CareRecord } {
  const from = { ...superseded, supersededBy: superseded.supersededBy ?? event.payload.survivingPatientId };
  const into = { ...survivor };
  switch (event.type) {
    case 'care.events.records.ClinicalRecordsMerged': {
      const { allergyIds, conditionIds, encounterIds } = event.payload;
      [from.allergies, into.allergies] = move(from.allergies, into.allergies, (a) => allergyIds.includes(a.allergyId), (a) => a.allergyId);
      [from.problems, into.problems] = move(from.problems, into.problems, (p) => conditionIds.includes(p.conditionId), (p) => p.conditionId);
      [from.encounters, into.encounters] = move(from.encounters, into.encounters, (e) => encounterIds.includes(e.encounterId), (e) => e.encounterId);
      break;
    }
    case 'care.events.medications.MedicationsMerged': {
      const ids = event.payload.medicationIds;
      [from.medications, into.medications] = move(from.medications, into.medications, (m) => ids.includes(m.medicationId), (m) => m.medicationId);
      break;
    }
    case 'care.events.appointments.AppointmentsMerged': {
      const ids = event.payload.appointmentIds;
      [from.appointments, into.appointments] = move(from.appointments, into.appointments, (a) => ids.includes(a.appointmentId), (a) => a.appointmentId);
      break;
    }
    case 'care.events.results.ResultsMerged': {
      const ids = event.payload.reportIds;
      [from.results, into.results] = move(from.results, into.results, (r) => ids.includes(r.reportId), (r) => r.reportId);
      break;
    }
  }
  return { superseded: from, survivor: sortCareRecord(into) };
}

/** Entries matching `moves` leave `from` for `into`, replacing any entry of `into` with the same id. */
function move<T>(from: T[], into: T[], moves: (entry: T) => boolean, id: (entry: T) => string): [T[], T[]] {
  const moving = from.filter(moves);
  const ids = new Set(moving.map(id));
  return [from.filter((entry) => !moves(entry)), [...into.filter((entry) => !ids.has(id(entry))), ...moving]];
}
