import { CallHeaders, ClinicalServiceHarness, Json } from '@care-events/local-platform';
import { TappedMessage } from '@care-events/messaging';

export const TOPIC = 'records.clinical.v1';

/**
 * Calls records (as the default test caller unless `headers` has a token) and checks the status,
 * giving the body. The tests assert the correlation id on the events these calls cause.
 */
export async function expectCall(records: ClinicalServiceHarness, expected: number, method: string, path: string, body?: unknown, headers: CallHeaders = {}): Promise<Json> {
  const answer = await records.call(method, path, body, { 'x-correlation-id': 'corr-records', ...headers });
  if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const typeOf = (message: TappedMessage) => message.headers.ce_type.split('.').pop();
export const valueOf = (message: TappedMessage): Json => (message.decoded as { value: unknown }).value;

/** Request bodies a clinician's system would send, for a given patient. */
export const PRACTITIONER = { practitionerId: 'G8123456', name: 'Dr A Ash', odsCode: 'a81001' };

export function allergyBody(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    substance: { conceptId: '91936005', term: 'Allergy to penicillin' },
    reaction: { manifestation: { conceptId: '126485001', term: 'Urticaria' }, description: 'Hives within an hour' },
    severity: 'moderate',
    criticality: 'unable-to-assess',
    verificationStatus: 'confirmed',
    recordedBy: PRACTITIONER,
    onsetDate: '2001-04-01',
    ...overrides,
  };
}

export function conditionBody(patientId: string, overrides: Record<string, unknown> = {}) {
  return { patientId, code: { conceptId: '38341003', term: 'Hypertensive disorder' }, onsetDate: '2020-03-01', recordedBy: PRACTITIONER, ...overrides };
}

export function encounterBody(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    setting: 'emergency-department',
    odsCode: 'rx9',
    startedAt: '2026-11-20T09:30:00Z',
    reason: { conceptId: '22298006', term: 'Myocardial infarction' },
    ...overrides,
  };
}
