import { Json } from '@care-events/local-platform';

export const TOPIC = 'medications.medication.v1';
export const AMOXICILLIN_CAPSULES = { dmdId: '323509004', term: 'Amoxicillin 250mg capsules' };
export const PARACETAMOL_TABLETS = { dmdId: '322236009', term: 'Paracetamol 500mg tablets' };

export function prescription(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    medicine: PARACETAMOL_TABLETS,
    dosageText: 'Two tablets up to four times a day',
    route: 'oral',
    quantity: { value: 100, unit: '1' },
    courseType: 'acute',
    prescriber: { practitionerId: 'G8123456', name: 'Dr A Patel', odsCode: 'a81001' },
    ...overrides,
  };
}

/** The decoded body of a tapped message. */
export function valueOf(message: { decoded: unknown }): Json {
  return (message.decoded as { value?: unknown }).value ?? {};
}
