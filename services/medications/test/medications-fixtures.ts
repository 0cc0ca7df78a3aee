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

// Response bodies are checked field by field in the tests; their static type adds nothing there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A JSON client for one service's HTTP API. */
export function httpClient(baseUrl: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-actor-type': 'PRACTITIONER', 'x-actor-id': 'G8123456' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** The decoded body of a tapped message. */
export function valueOf(message: { decoded: unknown }): Json {
  return (message.decoded as { value?: unknown }).value ?? {};
}
