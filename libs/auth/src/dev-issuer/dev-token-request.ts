import { createHash } from 'node:crypto';
import { PROOFING_LEVELS, type ProofingLevel, type StaffRole } from '../principal';
import { roleCodeFor, STAFF_ROLES } from '../staff-roles';

/** What a development token is asked for; `expiresInSeconds` may be negative to mint an expired token. */
export type DevTokenRequest = (
  | { kind: 'staff'; userId: string; odsCode: string; role: StaffRole; name?: string }
  | { kind: 'patient'; nhsNumber: string; proofingLevel?: ProofingLevel; subject?: string }
  | { kind: 'system'; clientId: string; scopes: string[] | string; odsCode?: string }
) & { audience?: string; expiresInSeconds?: number };

export const DEV_AUDIENCE = 'care-events';
export const DEV_TOKEN_LIFETIME_SECONDS = 3_600;

export interface DevTokenContent {
  claims: Record<string, unknown>;
  audience: string;
  expiresInSeconds: number;
}

/**
 * Turns a request into the claims a real issuer would put in the token: NHS CIS2 for staff,
 * NHS login for patients, client credentials for systems. Returns the problems, each naming its
 * field, when the request is malformed.
 */
export function devTokenContent(body: unknown): DevTokenContent | { problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: ['the body must be a JSON object'] };
  const fields = body as Record<string, unknown>;
  const problems: string[] = [];
  const read = (field: string, check: (value: string) => boolean = Boolean, hint = 'a non-empty string'): string => {
    const value = fields[field];
    if (typeof value === 'string' && check(value)) return value;
    problems.push(`${field} must be ${hint}`);
    return '';
  };
  const optional = (field: string): string | undefined => (fields[field] === undefined ? undefined : read(field));

  const audience = optional('audience') ?? DEV_AUDIENCE;
  const expiresInSeconds = fields.expiresInSeconds ?? DEV_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(expiresInSeconds)) problems.push('expiresInSeconds must be a whole number of seconds');

  // The claims are built once every field is known to be well-formed.
  let claims = (): Record<string, unknown> => ({});
  switch (fields.kind) {
    case 'staff': {
      const userId = read('userId');
      const odsCode = read('odsCode');
      const role = read('role', (value) => STAFF_ROLES.includes(value as StaffRole), `one of ${STAFF_ROLES.join(', ')}`) as StaffRole;
      const name = optional('name');
      claims = () => staffClaims(userId, odsCode, role, name);
      break;
    }
    case 'patient': {
      const nhsNumber = read('nhsNumber', (value) => /^\d{10}$/.test(value), 'a 10-digit NHS number');
      const level = fields.proofingLevel === undefined ? 'P9'
        : read('proofingLevel', (value) => PROOFING_LEVELS.includes(value as ProofingLevel), `one of ${PROOFING_LEVELS.join(', ')}`);
      const subject = optional('subject');
      claims = () => patientClaims(nhsNumber, level, subject);
      break;
    }
    case 'system': {
      const scopes = fields.scopes;
      const scope = Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? scopes.join(' ') : scopes;
      if (typeof scope !== 'string') problems.push('scopes must be a list of scopes or a space-separated string');
      const clientId = read('clientId');
      const odsCode = optional('odsCode');
      claims = () => systemClaims(clientId, scope as string, odsCode);
      break;
    }
    default:
      problems.push('kind must be one of staff, patient, system');
  }
  return problems.length ? { problems } : { claims: claims(), audience, expiresInSeconds: expiresInSeconds as number };
}

/** An NHS CIS2 ID token's user and selected-role claims. */
function staffClaims(userId: string, odsCode: string, role: StaffRole, name: string | undefined): Record<string, unknown> {
  const { code, name: roleName } = roleCodeFor(role);
  const personRoleId = digits(`${userId}:${odsCode}:${code}`, 12);
  return {
    sub: userId,
    uid: userId,
    ...(name ? { name } : {}),
    selected_roleid: personRoleId,
    nhsid_nrbac_roles: [
      {
        person_orgid: digits(`${userId}:${odsCode}`, 12),
        person_roleid: personRoleId,
        org_code: odsCode,
        role_name: `"Clinical":"Clinical Provision":"${roleName}"`,
        role_code: `S8000:G8000:${code}`,
      },
    ],
    authentication_assurance_level: '3',
    id_assurance_level: '3',
    amr: ['N3_SMARTCARD'],
  };
}

/** An NHS login ID token: the subject is stable per NHS number, as NHS login keeps one per person. */
function patientClaims(nhsNumber: string, proofingLevel: string, subject: string | undefined): Record<string, unknown> {
  return {
    sub: subject ?? uuidFrom(`nhs-login:${nhsNumber}`),
    nhs_number: nhsNumber,
    identity_proofing_level: proofingLevel,
    vot: `${proofingLevel}.Cp.Cd`,
  };
}

/** A client-credentials access token: no user, only the client and what it may do. */
function systemClaims(clientId: string, scope: string, odsCode: string | undefined): Record<string, unknown> {
  return { sub: clientId, client_id: clientId, scope, ...(odsCode ? { org_code: odsCode } : {}) };
}

function digits(seed: string, length: number): string {
  return BigInt(`0x${createHash('sha256').update(seed).digest('hex')}`).toString().slice(0, length);
}

function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
