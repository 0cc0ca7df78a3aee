import { randomUUID } from 'node:crypto';
import { CareEvent } from '../src/domain/care-record';
import {
  allergyEnteredInError, allergyRecorded, appointmentsMerged, attended, booked, cancelled, clinicalRecordsMerged, conditionRecorded, conditionResolved,
  doseChanged, encounterEnded, encounterStarted, medicationsMerged, prescribed, recordsMerged, registered, released, rescheduled, resultAmended,
  resultReported, resultsMerged, stopped,
} from './care-events';

/** One patient's story across the five topics: every kind of event, some of them about entries of another kind. */
function story(patientId: string, nhsNumber: string, i: number) {
  const [allergy, wrongAllergy, condition, encounter, medication, otherMedication, report, appointment, otherAppointment] = Array.from({ length: 9 }, () => randomUUID());
  const events: CareEvent[] = [
    registered(patientId, { nhsNumber }),
    allergyRecorded(patientId, allergy, 1), allergyRecorded(patientId, wrongAllergy, 2), allergyEnteredInError(patientId, wrongAllergy, 3),
    conditionRecorded(patientId, condition, 4), ...(i % 2 ? [conditionResolved(patientId, condition, 5)] : []),
    encounterStarted(patientId, encounter, 6), encounterEnded(patientId, encounter, 6, 7),
    prescribed(patientId, medication, 8), doseChanged(patientId, medication, 9), prescribed(patientId, otherMedication, 10), stopped(patientId, otherMedication, 11),
    resultReported(patientId, report, 12, i % 3 === 0), released(patientId, report, 1, 13), ...(i % 4 === 0 ? [resultAmended(patientId, report, 14)] : []),
    booked(patientId, appointment, '2030-01-01T10:00:00Z', 15), rescheduled(patientId, appointment, '2030-02-01T10:00:00Z', 16),
    booked(patientId, otherAppointment, '2024-01-01T10:00:00Z', 17), i % 2 ? attended(patientId, otherAppointment, 18) : cancelled(patientId, otherAppointment, 18),
  ];
  return { events, entries: { allergyIds: [allergy], conditionIds: [condition], encounterIds: [encounter], medicationIds: [medication, otherMedication], reportIds: [report], appointmentIds: [appointment, otherAppointment] } };
}

/**
 * Events of `patients` patients on the five topics, every tenth one merged into the next: what a
 * rebuild must fold into the same records as the live service did.
 */
export function careWorkload(patients: number, nextNhsNumber: () => string): { events: CareEvent[]; patientIds: string[] } {
  const patientIds = Array.from({ length: patients }, () => randomUUID());
  const stories = patientIds.map((id, i) => story(id, nextNhsNumber(), i));
  const merges = patientIds.flatMap((superseded, i) => {
    if (i % 10 !== 0 || i + 1 >= patients) return [];
    const survivor = patientIds[i + 1];
    const moved = stories[i].entries;
    return [
      recordsMerged(superseded, survivor, 30),
      clinicalRecordsMerged(superseded, survivor, moved, 31),
      medicationsMerged(superseded, survivor, moved.medicationIds, 32),
      appointmentsMerged(superseded, survivor, moved.appointmentIds, 33),
      resultsMerged(superseded, survivor, moved.reportIds, 34),
    ];
  });
  return { events: [...stories.flatMap((s) => s.events), ...merges], patientIds };
}
