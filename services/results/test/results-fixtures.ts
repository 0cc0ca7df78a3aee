export const TOPIC = 'results.report.v1';
export const PRACTITIONER = { practitionerId: 'G8123456', name: 'Dr A Clinician', odsCode: 'a81001' };

export const POTASSIUM = { conceptId: '1000651000000109', term: 'Serum potassium level' };
export const UREA_AND_ELECTROLYTES = { conceptId: '1000981000000109', term: 'Urea and electrolytes' };
export const SODIUM = { conceptId: '1000661000000107', term: 'Serum sodium level' };

export function observation(interpretation = 'N', overrides: Record<string, unknown> = {}) {
  return { code: POTASSIUM, value: 4.2, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation, ...overrides };
}

export function reportBody(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    testCode: UREA_AND_ELECTROLYTES,
    status: 'final',
    performingLabOdsCode: 'RX9',
    requestingOdsCode: 'a81001',
    effectiveAt: '2026-11-25T08:30:00Z',
    observations: [observation('N')],
    ...overrides,
  };
}
