import { devTokens, PATIENT_DATA_READ, PATIENT_DATA_WRITE, type DevTokens, type StaffRole } from '@care-events/auth';

/** The caller of tests that do not care who calls: a system allowed to read and write any patient. */
export const TEST_CLIENT_ID = 'care-events-tests';
export const TEST_CLIENT_SCOPES = [PATIENT_DATA_READ, PATIENT_DATA_WRITE];

/** A member of staff for tests that check the actor: the GP used across the test suites. */
export const TEST_STAFF = { userId: 'G8123456', odsCode: 'A81001', role: 'clinician' as StaffRole };

let cached: { issuer: string; tokens: DevTokens } | undefined;

/** Tokens from the development issuer that the global setup started (or `npm test` passed in as AUTH_ISSUER). */
export function tokens(): DevTokens {
  const issuer = process.env.AUTH_ISSUER;
  if (!issuer) throw new Error('AUTH_ISSUER is not set: the Jest global setup starts a development issuer and sets it');
  if (cached?.issuer !== issuer) cached = { issuer, tokens: devTokens(issuer) };
  return cached.tokens;
}

/** The authorization header of the default test caller. */
export async function defaultAuthorization(): Promise<Record<string, string>> {
  return bearer(await tokens().system({ clientId: TEST_CLIENT_ID, scopes: TEST_CLIENT_SCOPES }));
}

/** Headers that call as a member of staff, e.g. `callService(url, 'GET', path, undefined, await asStaff({ odsCode: 'RX1' }))`. */
export async function asStaff(staff: Partial<typeof TEST_STAFF> & { name?: string } = {}): Promise<Record<string, string>> {
  return bearer(await tokens().staff({ ...TEST_STAFF, ...staff }));
}

/** Headers that call as a patient signed in with NHS login (P9 unless said otherwise). */
export async function asPatient(nhsNumber: string, proofingLevel: 'P0' | 'P5' | 'P9' = 'P9'): Promise<Record<string, string>> {
  return bearer(await tokens().patient({ nhsNumber, proofingLevel }));
}

/** Headers that call as another system, with only the scopes given. */
export async function asSystem(clientId: string, scopes: string[], odsCode?: string): Promise<Record<string, string>> {
  return bearer(await tokens().system({ clientId, scopes, ...(odsCode ? { odsCode } : {}) }));
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
