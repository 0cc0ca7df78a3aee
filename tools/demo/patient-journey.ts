import { AppointmentsEventType, EventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType } from '@care-events/contracts';
import { nhsNumbers } from '@care-events/local-platform';
import { endFollow, follow, subscribeSetting, untilNumbered } from './care-router-calls';
import { CareSetting, SettingRole, settingOf } from './care-settings';
import { spacedNhsNumber } from './event-meaning';
import { PARACETAMOL, PENICILLIN, SERUM_POTASSIUM, SIMVASTATIN, TRIMETHOPRIM, UREA_AND_ELECTROLYTES, URTICARIA } from './clinical-terms';
import { ExpectedFeeds } from './expected-feeds';
import { send, sendOncePatientKnown, StaffActor } from './journey-call';
import { PlatformEndpoints } from './platform-endpoints';

/** A pharmacy with no subscription: the neighbour's nomination, which no subscribed setting shares. */
const NEIGHBOUR_PHARMACY = 'FV713';
const HOURS = 3_600_000;

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
  patient: JourneyPatient;
  neighbour: JourneyPatient;
  /** When the ambulance service's follow ended: it should receive nothing recorded later. */
  followEndedAt: Date;
  expected: ExpectedFeeds;
}

interface Journey {
  endpoints: PlatformEndpoints;
  settings: CareSetting[];
  subscriptionIds: Record<SettingRole, string>;
  expected: ExpectedFeeds;
  nextNhsNumber: () => string;
  tell: (line: string) => void;
  gp: StaffActor;
  paramedic: StaffActor;
  doctor: StaffActor;
  pharmacist: StaffActor;
}

/**
 * Ruth Evans's story across the services: registered at her GP practice with a nominated pharmacy,
 * a penicillin allergy, trimethoprim; a 999 call the ambulance service follows; a hospital booking,
 * a critically high potassium and trimethoprim stopped; then, the follow over, paracetamol prescribed
 * and dispensed. A neighbour at the same practice, with another pharmacy, is prescribed simvastatin.
 * `tell` hears each step in words; the outcome says which copies each setting should receive.
 */
export async function runPatientJourney(endpoints: PlatformEndpoints, settings: CareSetting[], tell: (line: string) => void = () => undefined): Promise<JourneyOutcome> {
  const startedAt = new Date();
  const code = (role: SettingRole) => settingOf(settings, role).odsCode;
  const subscriptionIds = await subscribeSettings(endpoints, settings, tell);
  const journey: Journey = {
    endpoints, settings, subscriptionIds, expected: new ExpectedFeeds(), nextNhsNumber: nhsNumbers(), tell,
    gp: { type: 'PRACTITIONER', id: 'G8123456', odsCode: code('gp') },
    paramedic: { type: 'PRACTITIONER', id: 'P4471203', odsCode: code('ambulance') },
    doctor: { type: 'PRACTITIONER', id: 'C7654321', odsCode: code('hospital') },
    pharmacist: { type: 'PRACTITIONER', id: 'PH20431', odsCode: code('pharmacy') },
  };
  const patient = await register(journey, RUTH, code('pharmacy'));
  const neighbour = await register(journey, TOM, NEIGHBOUR_PHARMACY);
  await recordPenicillinAllergy(journey, patient);
  const trimethoprim = await prescribe(journey, patient, TRIMETHOPRIM, 'One tablet twice a day for 3 days', 6, ['gp', 'pharmacy']);
  await prescribe(journey, neighbour, SIMVASTATIN, 'One tablet at night', 28, ['gp']);
  const followId = await ambulanceFollows(journey, patient);
  await hospitalBooks(journey, patient);
  await hospitalReportsPotassium(journey, patient);
  await hospitalStops(journey, patient, trimethoprim);
  const followEndedAt = await ambulanceHandsOver(journey, followId);
  const paracetamol = await prescribe(journey, patient, PARACETAMOL, 'Two tablets up to four times a day', 32, ['gp', 'hospital', 'pharmacy']);
  await pharmacyDispenses(journey, patient, paracetamol);
  return { startedAt, settings, subscriptionIds, patient, neighbour, followEndedAt, expected: journey.expected };
}

async function subscribeSettings(endpoints: PlatformEndpoints, settings: CareSetting[], tell: (line: string) => void): Promise<Record<SettingRole, string>> {
  const ids = {} as Record<SettingRole, string>;
  for (const setting of settings) {
    const { subscription, endedEarlier } = await subscribeSetting(endpoints.careRouter, setting);
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
  await untilNumbered(journey.endpoints.careRouter, journey.subscriptionIds.gp, journey.expected.of('gp').length);
}

async function register(journey: Journey, person: Person, pharmacyOdsCode: string): Promise<JourneyPatient> {
  const nhsNumber = journey.nextNhsNumber();
  const practice = journey.gp.odsCode;
  const name = `${person.given} ${person.family}`;
  const registered = await send({
    step: `register ${name}`, url: journey.endpoints.identity, method: 'POST', path: '/patients', actor: journey.gp,
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
    step: 'record a penicillin allergy', url: journey.endpoints.records, method: 'POST', path: '/allergies', actor: journey.gp,
    body: {
      patientId: patient.id, substance: PENICILLIN, reaction: { manifestation: URTICARIA, description: 'Widespread hives after amoxicillin' },
      severity: 'severe', criticality: 'high', verificationStatus: 'confirmed', recordedBy: { practitionerId: journey.gp.id, odsCode: journey.gp.odsCode },
    },
  });
  await routed(journey, patient.id, RecordsEventType.AllergyRecorded, ['gp']);
  journey.tell(`The GP records a severe penicillin allergy for ${patient.name}`);
}

async function prescribe(
  journey: Journey, patient: JourneyPatient, medicine: { dmdId: string; term: string }, dosageText: string, tablets: number, reaches: SettingRole[],
): Promise<string> {
  const medication = await sendOncePatientKnown({
    step: `prescribe ${medicine.term}`, url: journey.endpoints.medications, method: 'POST', path: '/medications', actor: journey.gp,
    body: {
      patientId: patient.id, medicine, dosageText, route: 'oral', quantity: { value: tablets, unit: '1' }, courseType: 'acute',
      prescriber: { practitionerId: journey.gp.id, name: 'Dr S Okafor', odsCode: journey.gp.odsCode },
    },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationPrescribed, reaches);
  journey.tell(`The GP prescribes ${medicine.term} for ${patient.name}`);
  return medication.id;
}

async function ambulanceFollows(journey: Journey, patient: JourneyPatient): Promise<string> {
  const reason = '999 call: collapse at home, muscle weakness (incident 4711)';
  const followId = await follow(journey.endpoints.careRouter, patient.id, journey.paramedic, reason, new Date(Date.now() + 12 * HOURS));
  journey.tell(`The ambulance service (${journey.paramedic.odsCode}) follows ${patient.name} for 12 hours: "${reason}"`);
  return followId;
}

async function hospitalBooks(journey: Journey, patient: JourneyPatient): Promise<void> {
  const start = new Date(Math.ceil((Date.now() + 24 * HOURS) / HOURS) * HOURS);
  const slot = await send({
    step: 'open a clinic slot', url: journey.endpoints.appointments, method: 'POST', path: '/slots', actor: journey.doctor,
    body: { odsCode: journey.doctor.odsCode, service: 'Acute medicine clinic', start: start.toISOString(), end: new Date(start.getTime() + 0.5 * HOURS).toISOString(), capacity: 1 },
  });
  await sendOncePatientKnown({
    step: 'book the clinic appointment', url: journey.endpoints.appointments, method: 'POST', path: '/appointments', actor: journey.doctor,
    body: { slotId: slot.id, patientId: patient.id, bookedBy: 'staff' },
  });
  await routed(journey, patient.id, AppointmentsEventType.AppointmentBooked, ['gp', 'ambulance', 'hospital']);
  journey.tell(`The hospital (${journey.doctor.odsCode}) books ${patient.name} into its acute medicine clinic`);
}

async function hospitalReportsPotassium(journey: Journey, patient: JourneyPatient): Promise<void> {
  const hospital = journey.doctor.odsCode;
  await sendOncePatientKnown({
    step: 'report the potassium result', url: journey.endpoints.results, method: 'POST', path: '/reports', actor: journey.doctor,
    body: {
      patientId: patient.id, testCode: UREA_AND_ELECTROLYTES, status: 'final', performingLabOdsCode: hospital, requestingOdsCode: hospital,
      effectiveAt: new Date(Date.now() - 0.5 * HOURS).toISOString(),
      observations: [{ code: SERUM_POTASSIUM, value: 6.8, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' }],
    },
  });
  await routed(journey, patient.id, ResultsEventType.ResultReported, ['gp', 'ambulance', 'hospital']);
  journey.tell(`The hospital laboratory reports a critically high serum potassium of 6.8 mmol/L`);
}

async function hospitalStops(journey: Journey, patient: JourneyPatient, medicationId: string): Promise<void> {
  await send({
    step: 'stop trimethoprim', url: journey.endpoints.medications, method: 'POST', path: `/medications/${medicationId}/stop`, actor: journey.doctor,
    body: { reason: 'Hyperkalaemia (potassium 6.8 mmol/L): trimethoprim raises potassium' },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationStopped, ['gp', 'ambulance', 'hospital', 'pharmacy']);
  journey.tell(`The hospital stops trimethoprim because of the hyperkalaemia`);
}

async function ambulanceHandsOver(journey: Journey, followId: string): Promise<Date> {
  const endedAt = await endFollow(journey.endpoints.careRouter, followId, journey.paramedic);
  journey.tell(`The crew hands over at the hospital: the ambulance service ends its follow`);
  return endedAt;
}

async function pharmacyDispenses(journey: Journey, patient: JourneyPatient, medicationId: string): Promise<void> {
  await send({
    step: 'dispense paracetamol', url: journey.endpoints.medications, method: 'POST', path: `/medications/${medicationId}/dispensations`, actor: journey.pharmacist,
    body: { pharmacyOdsCode: journey.pharmacist.odsCode, quantity: { value: 32, unit: '1' } },
  });
  await routed(journey, patient.id, MedicationsEventType.MedicationDispensed, ['gp', 'hospital', 'pharmacy']);
  journey.tell(`The nominated pharmacy (${journey.pharmacist.odsCode}) dispenses the paracetamol`);
}
