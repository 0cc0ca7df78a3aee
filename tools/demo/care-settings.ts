import {
  AppointmentsEventType, EventType, IdentityEventType, MedicationsEventType, RecordsEventType, ResultsEventType,
} from '@care-events/contracts';

export type SettingRole = 'gp' | 'ambulance' | 'hospital' | 'pharmacy' | 'otherGp';
export type SettingType = 'GP_PRACTICE' | 'AMBULANCE_SERVICE' | 'HOSPITAL' | 'PHARMACY' | 'OTHER';

/** A care setting of the journey, and what it subscribes to. */
export interface CareSetting {
  role: SettingRole;
  name: string;
  odsCode: string;
  settingType: SettingType;
  eventTypes: EventType[];
}

export type OdsCodes = Record<SettingRole, string>;

/**
 * Fictional organisations; the codes only have to pass the ODS format check. None is a code the
 * README's examples or the tests use, so what a demo setting receives is the demo's alone.
 */
export const DEMO_ODS_CODES: OdsCodes = { gp: 'A83017', ambulance: 'RYC', hospital: 'RXH01', pharmacy: 'FQ428', otherGp: 'B86042' };

/** The domain events the router routes: those of the five services' topics. */
const EVERY_EVENT_TYPE: EventType[] = [IdentityEventType, RecordsEventType, MedicationsEventType, AppointmentsEventType, ResultsEventType].flatMap(
  (types) => Object.values(types),
);

// A pharmacy follows prescribing, not the whole record.
const PRESCRIBING = [
  MedicationsEventType.MedicationPrescribed, MedicationsEventType.MedicationDoseChanged,
  MedicationsEventType.MedicationStopped, MedicationsEventType.MedicationDispensed,
];

/** The five care settings of the journey, in the order the demo reports them. */
export function careSettings(codes: OdsCodes = DEMO_ODS_CODES): CareSetting[] {
  return [
    { role: 'gp', name: 'Riverside Surgery', odsCode: codes.gp, settingType: 'GP_PRACTICE', eventTypes: EVERY_EVENT_TYPE },
    { role: 'ambulance', name: 'Northshire Ambulance Service', odsCode: codes.ambulance, settingType: 'AMBULANCE_SERVICE', eventTypes: EVERY_EVENT_TYPE },
    { role: 'hospital', name: 'Northshire General Hospital', odsCode: codes.hospital, settingType: 'HOSPITAL', eventTypes: EVERY_EVENT_TYPE },
    { role: 'pharmacy', name: 'High Street Pharmacy', odsCode: codes.pharmacy, settingType: 'PHARMACY', eventTypes: PRESCRIBING },
    { role: 'otherGp', name: 'Hilltop Medical Centre', odsCode: codes.otherGp, settingType: 'GP_PRACTICE', eventTypes: EVERY_EVENT_TYPE },
  ];
}

/** Codes of their own for one run, so that runs sharing a broker never read each other's topics. */
export function uniqueOdsCodes(): OdsCodes {
  const code = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 7).toUpperCase().padEnd(5, '0')}`;
  return { gp: code('G'), ambulance: code('R'), hospital: code('H'), pharmacy: code('F'), otherGp: code('P') };
}

export function settingOf(settings: CareSetting[], role: SettingRole): CareSetting {
  const setting = settings.find((candidate) => candidate.role === role);
  if (!setting) throw new Error(`no care setting has the role ${role}`);
  return setting;
}
