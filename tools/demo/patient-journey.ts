import { AppointmentsEventType, EventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { devTokens, DevTokens } from '@care-events/auth';
import { Answer, nhsNumbers } from '@care-events/local-platform';
import { endFollow, follow, subscribeSetting, untilNumbered } from './care-router-calls';
import {
  AccessLogEntry, attemptCareRecord, CareRecordRead, readAccessLogOnceItHolds, readCareRecord, untilCareRecordCaughtUp,
} from './care-record-calls';
import { careRecordSummary } from './care-record-summary';
import { CareSetting, SettingRole, settingOf } from './care-settings';
import { spacedNhsNumber } from './event-meaning';
import { PARACETAMOL, PENICILLIN, SERUM_POTASSIUM, SIMVASTATIN, TRIMETHOPRIM, UREA_AND_ELECTROLYTES, URTICARIA } from './clinical-terms';
import { ExpectedFeeds } from './expected-feeds';
import { JourneyCast, journeyCast, patientSignedIn, StaffActor } from './journey-actors';
import { send, sendOncePatientKnown } from './journey-call';
import { PlatformEndpoints } from './platform-endpoints';

/** A pharmacy with no subscription: the neighbour's nomination, which no subscribed setting shares. */
const NEIGHBOUR_PHARMACY = 'FV713';
const HOURS = 3_600_000;
const BREAK_GLASS_REASON = 'Out-of-hours home visit: patient confused and drowsy, her own practice closed';

interface Person {
  given: string;
  family: string;
  birthDate: string;
  gender: 'female' | 'male';
}

const RUTH: Person = { given: 'Ruth', family: 'Evans', birthDate: '1948-03-14', gender: 'female' };
const TOM: Person = { given: 'Tom', family: 'Hughes', birthDate: '1956-11-02', gender: 'male' };

export interface JourneyPatient {
  id: string;
  name: string;
  nhsNumber: string;
}

export interface JourneyOutcome {
  startedAt: Date;
  settings: CareSetting[];
  subscriptionIds: Record<SettingRole, string>;
  cast: JourneyCast;
  patient: JourneyPatient;
  neighbour: JourneyPatient;
  /** When the ambulance service's follow ended: it should receive nothing recorded later. */
  followEndedAt: Date;
  expected: ExpectedFeeds;
  /** The care record as the ambulance crew read it under their follow. */
  crewRead: CareRecordRead;
  /** The out-of-hours GP's read without a care relationship: refused, then allowed by break-glass. */
  breakGlass: { refused: Answer; allowed: CareRecordRead };
  /** Who looked at the patient's record, as the patient read it with NHS login. */
  accessLog: AccessLogEntry[];
}

interface Journey {
  endpoints: PlatformEndpoints;
  settings: CareSetting[];
  subscriptionIds: Record<SettingRole, string>;
  cast: JourneyCast;
  expected: ExpectedFeeds;
  nextNhsNumber: () => string;
  tell: (line: string) => void;
  tokens: DevTokens;
}

/**
 * Ruth Evans's story across the services: registered at her GP practice with a nominated pharmacy,
 * a penicillin allergy, trimethoprim; a 999 call the ambulance service follows; a hospital booking,
 * a critically high potassium from the laboratory's system and trimethoprim stopped; the crew reads
 * her care record before handing over; then, the follow over, paracetamol prescribed and dispensed;
 * an out-of-hours GP with no care relationship reads her record by break-glass; and Ruth, signed in
 * with NHS login, reads who looked. A neighbour at the same practice, with another pharmacy, is
 * prescribed simvastatin. Every call carries the token of whoever makes it. `tell` hears each step in
 * words; the outcome says which copies each setting should receive and what the reads showed.
 */
export async function runPatientJourney(endpoints: PlatformEndpoints, settings: CareSetting[], tell: (line: string) => void = () => undefined): Promise<JourneyOutcome> {
  const startedAt = new Date();
  const tokens = devTokens(endpoints.issuer);
  const cast = journeyCast(tokens, settings);
  const subscriptionIds = await subscribeSettings(endpoints, settings, cast, tell);
  const journey: Journey = { endpoints, settings, subscriptionIds, cast, expected: new ExpectedFeeds(), nextNhsNumber: nhsNumbers(), tell, tokens };
  const patient = await register(journey, RUTH, settingOf(settings, 'pharmacy').odsCode);
  const neighbour = await register(journey, TOM, NEIGHBOUR_PHARMACY);
  await recordPenicillinAllergy(journey, patient);
  const trimethoprim = await prescribe(journey, patient, TRIMETHOPRIM, 'One tablet twice a day for 3 days', 6, ['gp', 'pharmacy']);
  await prescribe(journey, neighbour, SIMVASTATIN, 'One tablet at night', 28, ['gp']);
  const followId = await ambulanceFollows(journey, patient);
  await hospitalBooks(journey, patient);
  await laboratoryReportsPotassium(journey, patient);
  await hospitalStops(journey, patient, trimethoprim);
  const crewRead = await crewReadsCareRecord(journey, patient);
  const followEndedAt = await ambulanceHandsOver(journey, followId);
  const paracetamol = await prescribe(journey, patient, PARACETAMOL, 'Two tablets up to four times a day', 32, ['gp', 'hospital', 'pharmacy']);
  await pharmacyDispenses(journey, patient, paracetamol);
  const breakGlass = await outOfHoursGpBreaksGlass(journey, patient);
  const accessLog = await patientReadsAccessLog(journey, patient);
  return { startedAt, settings, subscriptionIds, cast, patient, neighbour, followEndedAt, expected: journey.expected, crewRead, breakGlass, accessLog };
}

async function subscribeSettings(
  endpoints: PlatformEndpoints, settings: CareSetting[], cast: JourneyCast, tell: (line: string) => void,
): Promise<Record<SettingRole, string>> {
  const ids = {} as Record<SettingRole, string>;
  for (const setting of settings) {
    const { subscription, endedEarlier } = await subscribeSetting(endpoints.careRouter, setting, cast);
    ids[setting.role] = subscription.id;
    const earlier = endedEarlier > 0 ? ' (ending the one an earlier run left)' : '';
    tell(`${setting.name} (${setting.odsCode}) subscribes to ${setting.eventTypes.length} event types${earlier}; an administrator activates it: ${subscription.status}`);
  }
  return ids;
}

/**
 * Notes which settings the step's event should reach, then waits until the router has routed it
 * (the GP practice receives every event of the journey). The router reads each domain topic on its
 * own, so without the wait an event on one topic could overtake an earlier one on another; in life
 * these steps are minutes apart, not milliseconds.
 */
async function routed(journey: Journey, patientId: string, eventType: EventType, reaches: SettingRole[]): Promise<void> {
  if (!reaches.includes('gp')) throw new Error(`every event of the journey reaches the GP practice, but ${eventType} is not said to`);
  journey.expected.add(patientId, eventType, reaches);
  await untilNumbered(journey.endpoints.careRouter, journey.subscriptionIds.gp, journey.expected.of('gp').length, journey.cast.administrator);
}

async function register(journey: Journey, person: Person, pharmacyOdsCode: string): Promise<JourneyPatient> {
  const nhsNumber = journey.nextNhsNumber();
  const practice = journey.cast.gp.odsCode;
  const name = `${person.given} ${person.family}`;
  const registered = await send({
    step: `register ${name}`, url: journey.endpoints.identity, method: 'POST', path: '/patients', actor: journey.cast.gp,
    body: {
      nhsNumber, name: { given: [person.given], family: person.family }, birthDate: person.birthDate, gender: person.gender,
      registeredGpOdsCode: practice, nominatedPharmacyOdsCode: pharmacyOdsCode,
    },
  });
  const patient = { id: registered.id as string, name, nhsNumber };
  await routed(journey, patient.id, IdentityEventType.PatientRegistered, ['gp']);
  journey.tell(`${patient.name} (NHS ${spacedNhsNumber(nhsNumber)}) registers at ${practice}, nominating pharmacy ${pharmacyOdsCode}`);
  return patient;
}

async function recordPenicillinAllergy(journey: Journey, patient: JourneyPatient): Promise<void> {
  await sendOncePatientKnown({
    step: 'record a penicillin allergy', url: journey.endpoints.records, method: 'POST', path: '/allergies', actor: journey.cast.gp,
    body: {
      patientId: patient.id, substance: PENICILLIN, reaction: { manifestation: URTICARIA, description: 'Widespread hives after amoxicillin' },
      severity: 'severe', criticality: 'high', verificationStatus: 'confirmed', recordedBy: { practitionerId: journey.cast.gp.userId, odsCode: journey.cast.gp.odsCode },
    },
  });
  await routed(journey, patient.id, RecordsEventType.AllergyRecorded, ['gp']);
  journey.tell(`The GP records a severe penicillin allergy for ${patient.name}`);
}

async function prescribe(
  journey: Journey, patient: JourneyPatient, medicine: { dmdId: string; term: string }, dosageText: string, tablets: number, reaches: SettingRole[],
): Promise<string> {
  const medication = await sendOncePatientKnown({
    step: `prescribe ${medicine.term}`, url: journey.endpoints.medications, method: 'POST', path: '/medications', actor: journey.cast.gp,
    body: {
      patientId: patient.id, medicine, dosageText, route: 'oral', quantity: { value: tablets, unit: '1' }, courseType: 'acute',
      prescriber: { practitionerId: journey.cast.gp.userId, name: journey.cast.gp.name, odsCode: journey.cast.gp.odsCode },
    },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationPrescribed, reaches);
  journey.tell(`The GP prescribes ${medicine.term} for ${patient.name}`);
  return medication.id;
}

async function ambulanceFollows(journey: Journey, patient: JourneyPatient): Promise<string> {
  const reason = '999 call: collapse at home, muscle weakness (incident 4711)';
  const followId = await follow(journey.endpoints.careRouter, patient.id, journey.cast.paramedic, reason, new Date(Date.now() + 12 * HOURS));
  journey.tell(`The ambulance service (${journey.cast.paramedic.odsCode}) follows ${patient.name} for 12 hours: "${reason}"`);
  return followId;
}

async function hospitalBooks(journey: Journey, patient: JourneyPatient): Promise<void> {
  const start = new Date(Math.ceil((Date.now() + 24 * HOURS) / HOURS) * HOURS);
  const slot = await send({
    step: 'open a clinic slot', url: journey.endpoints.appointments, method: 'POST', path: '/slots', actor: journey.cast.doctor,
    body: { odsCode: journey.cast.doctor.odsCode, service: 'Acute medicine clinic', start: start.toISOString(), end: new Date(start.getTime() + 0.5 * HOURS).toISOString(), capacity: 1 },
  });
  await sendOncePatientKnown({
    step: 'book the clinic appointment', url: journey.endpoints.appointments, method: 'POST', path: '/appointments', actor: journey.cast.doctor,
    body: { slotId: slot.id, patientId: patient.id, bookedBy: 'staff' },
  });
  await routed(journey, patient.id, AppointmentsEventType.AppointmentBooked, ['gp', 'ambulance', 'hospital']);
  journey.tell(`The hospital (${journey.cast.doctor.odsCode}) books ${patient.name} into its acute medicine clinic`);
}

async function laboratoryReportsPotassium(journey: Journey, patient: JourneyPatient): Promise<void> {
  const hospital = journey.cast.doctor.odsCode;
  await sendOncePatientKnown({
    step: 'report the potassium result', url: journey.endpoints.results, method: 'POST', path: '/reports', actor: journey.cast.lab,
    body: {
      patientId: patient.id, testCode: UREA_AND_ELECTROLYTES, status: 'final', performingLabOdsCode: hospital, requestingOdsCode: hospital,
      effectiveAt: new Date(Date.now() - 0.5 * HOURS).toISOString(),
      observations: [{ code: SERUM_POTASSIUM, value: 6.8, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' }],
    },
  });
  await routed(journey, patient.id, ResultsEventType.ResultReported, ['gp', 'ambulance', 'hospital']);
  journey.tell(`The hospital laboratory's ${journey.cast.lab.who}, with a client-credentials token, reports a critically high serum potassium of 6.8 mmol/L`);
}

async function hospitalStops(journey: Journey, patient: JourneyPatient, medicationId: string): Promise<void> {
  await send({
    step: 'stop trimethoprim', url: journey.endpoints.medications, method: 'POST', path: `/medications/${medicationId}/stop`, actor: journey.cast.doctor,
    body: { reason: 'Hyperkalaemia (potassium 6.8 mmol/L): trimethoprim raises potassium' },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationStopped, ['gp', 'ambulance', 'hospital', 'pharmacy']);
  journey.tell(`The hospital stops trimethoprim because of the hyperkalaemia`);
}

async function ambulanceHandsOver(journey: Journey, followId: string): Promise<Date> {
  const endedAt = await endFollow(journey.endpoints.careRouter, followId, journey.cast.paramedic);
  journey.tell(`The crew hands over at the hospital: the ambulance service ends its follow`);
  return endedAt;
}

async function pharmacyDispenses(journey: Journey, patient: JourneyPatient, medicationId: string): Promise<void> {
  await send({
    step: 'dispense paracetamol', url: journey.endpoints.medications, method: 'POST', path: `/medications/${medicationId}/dispensations`, actor: journey.cast.pharmacist,
    body: { pharmacyOdsCode: journey.cast.pharmacist.odsCode, quantity: { value: 32, unit: '1' } },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationDispensed, ['gp', 'hospital', 'pharmacy']);
  journey.tell(`The nominated pharmacy (${journey.cast.pharmacist.odsCode}) dispenses the paracetamol`);
}

/**
 * Before handing over, the crew reads Ruth's care record from care-record, allowed by the follow's
 * care relationship. The wait is for care-record to have read every event already on its topics
 * (the stop, and the relationship the follow started), so the one read is the crew's only one.
 */
async function crewReadsCareRecord(journey: Journey, patient: JourneyPatient): Promise<CareRecordRead> {
  await untilCareRecordCaughtUp(journey.endpoints);
  const read = await readCareRecord(journey.endpoints, patient.id, journey.cast.paramedic);
  journey.tell(`The crew reads ${patient.name}'s care record from care-record (${journey.cast.paramedic.who}, under the follow):`);
  careRecordSummary(read).forEach((line) => journey.tell(`    ${line}`));
  return read;
}

/**
 * An out-of-hours GP of a practice with no care relationship with Ruth asks for her record: refused
 * with the reason; then with X-Break-Glass-Reason: allowed, and flagged in the audit.
 */
async function outOfHoursGpBreaksGlass(journey: Journey, patient: JourneyPatient): Promise<{ refused: Answer; allowed: CareRecordRead }> {
  const gp = journey.cast.outOfHoursGp;
  const refused = await attemptCareRecord(journey.endpoints, patient.id, gp);
  if (refused.status !== 403) throw new Error(`the out-of-hours GP without a care relationship should be refused, but care-record answered ${refused.status}`);
  journey.tell(`An out-of-hours GP at ${gp.odsCode}, with no care relationship with ${patient.name}, asks for her care record: ${refused.status} "${refused.body.message}"`);
  const allowed = await readCareRecord(journey.endpoints, patient.id, gp, BREAK_GLASS_REASON);
  journey.tell(`With X-Break-Glass-Reason "${BREAK_GLASS_REASON}" the read is allowed (${allowed.allergies.length} allergy, ${allowed.medications.length} medications) and flagged as break-glass`);
  return { refused, allowed };
}

/** Ruth signs in with NHS login (P9) and reads who looked at her record, from audit.access.v1. */
async function patientReadsAccessLog(journey: Journey, patient: JourneyPatient): Promise<AccessLogEntry[]> {
  const readsBy = (log: AccessLogEntry[], actor: StaffActor) => log.filter((entry) => entry.accessor.kind === 'STAFF' && entry.accessor.id === actor.userId).length;
  // The log fills from audit.access.v1: it is read again until the crew's read and the GP's two are in it.
  const holdsTheStaffReads = (log: AccessLogEntry[]) => readsBy(log, journey.cast.paramedic) >= 1 && readsBy(log, journey.cast.outOfHoursGp) >= 2;
  const log = await readAccessLogOnceItHolds(journey.endpoints, patient.id, patientSignedIn(journey.tokens, patient.nhsNumber), holdsTheStaffReads);
  journey.tell(`${patient.name} signs in with NHS login (P9) and reads who looked at her record (below)`);
  return log;
}
