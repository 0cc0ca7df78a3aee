import { DevTokens, PATIENT_DATA_WRITE, StaffRole } from '@care-events/auth';
import { CareSetting, SettingRole, settingOf } from './care-settings';

/**
 * Who makes a call. The services take the caller only from the bearer token, so an actor is what
 * its token says: a member of staff (NHS CIS2 shape), a patient (NHS login) or a system (client
 * credentials), with the token the development issuer mints for them.
 */
export interface Actor {
  /** In words, for the error when a call is refused. */
  who: string;
  token(): Promise<string>;
}

/** A member of staff acting for an organisation: its ODS code goes into the events they cause. */
export interface StaffActor extends Actor {
  userId: string;
  odsCode: string;
  role: StaffRole;
  name: string;
}

export function staffMember(tokens: DevTokens, person: { userId: string; odsCode: string; role: StaffRole; name: string }): StaffActor {
  return { ...person, who: `${person.role} ${person.userId} at ${person.odsCode}`, token: () => tokens.staff(person) };
}

/** A patient signed in with NHS login, proofed to P9 (the level that opens clinical data). */
export function patientSignedIn(tokens: DevTokens, nhsNumber: string): Actor {
  return { who: `the patient with NHS number ${nhsNumber} (NHS login, P9)`, token: () => tokens.patient({ nhsNumber, proofingLevel: 'P9' }) };
}

/** Another system, with a client-credentials token that allows it to write. */
export function writingSystem(tokens: DevTokens, clientId: string, odsCode: string): Actor {
  return { who: `system ${clientId} (${odsCode})`, token: () => tokens.system({ clientId, scopes: [PATIENT_DATA_WRITE], odsCode }) };
}

/** The people and systems of the journey, each at their care setting. */
export interface JourneyCast {
  /** Activates subscriptions, as NEMS and MNS need approval: the platform's own operations team. */
  administrator: StaffActor;
  /** Whoever asks for their setting's subscription: the setting's own system administrator. */
  itLeadOf(setting: CareSetting): StaffActor;
  gp: StaffActor;
  paramedic: StaffActor;
  doctor: StaffActor;
  pharmacist: StaffActor;
  /** The hospital's laboratory system, which reports results itself. */
  lab: Actor;
  /** An out-of-hours GP of a practice with no care relationship with the patient. */
  outOfHoursGp: StaffActor;
}

/** A fictional ODS code for the platform's operations team. */
const OPERATIONS_ODS_CODE = 'Y0OPS';

export function journeyCast(tokens: DevTokens, settings: CareSetting[]): JourneyCast {
  const code = (role: SettingRole) => settingOf(settings, role).odsCode;
  return {
    administrator: staffMember(tokens, { userId: 'ADMIN01', odsCode: OPERATIONS_ODS_CODE, role: 'administrator', name: 'Care-events operations' }),
    itLeadOf: (setting) => staffMember(tokens, { userId: 'IT0001', odsCode: setting.odsCode, role: 'administrator', name: `${setting.name} IT lead` }),
    gp: staffMember(tokens, { userId: 'G8123456', odsCode: code('gp'), role: 'clinician', name: 'Dr S Okafor' }),
    paramedic: staffMember(tokens, { userId: 'P4471203', odsCode: code('ambulance'), role: 'paramedic', name: 'J Whitfield' }),
    doctor: staffMember(tokens, { userId: 'C7654321', odsCode: code('hospital'), role: 'clinician', name: 'Dr A Mensah' }),
    pharmacist: staffMember(tokens, { userId: 'PH20431', odsCode: code('pharmacy'), role: 'pharmacist', name: 'R Kaur' }),
    lab: writingSystem(tokens, 'northshire-pathology', code('hospital')),
    outOfHoursGp: staffMember(tokens, { userId: 'G8998877', odsCode: code('otherGp'), role: 'clinician', name: 'Dr L Byrne' }),
  };
}
