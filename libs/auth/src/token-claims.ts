import { PROOFING_LEVELS, type Principal, type ProofingLevel, type StaffPrincipal } from './principal';
import { staffRoleFromCode } from './staff-roles';

/** A verified token whose claims do not describe a caller; the message names the claim. */
export class TokenClaimsError extends Error {
  override readonly name = 'TokenClaimsError';
}

type Claims = Readonly<Record<string, unknown>>;

/**
 * Reads the caller from a verified token's claims, in the shapes the NHS issues them:
 * NHS login (patients: `nhs_number`), NHS CIS2 (staff: `nhsid_nrbac_roles` and `selected_roleid`),
 * and client credentials (systems: `client_id` or `azp`, `scope`).
 */
export function principalFromClaims(claims: Claims): Principal {
  if (claims.nhs_number !== undefined) return patientFrom(claims);
  if (claims.nhsid_nrbac_roles !== undefined) return staffFrom(claims);
  if (claims.client_id !== undefined || claims.azp !== undefined) return systemFrom(claims);
  throw new TokenClaimsError('the token names no caller: it has none of nhs_number, nhsid_nrbac_roles, client_id or azp');
}

function patientFrom(claims: Claims): Principal {
  const nhsNumber = text(claims, 'nhs_number');
  if (!/^\d{10}$/.test(nhsNumber)) throw new TokenClaimsError('the nhs_number claim must be 10 digits');
  const level = text(claims, 'identity_proofing_level');
  if (!PROOFING_LEVELS.includes(level as ProofingLevel)) {
    throw new TokenClaimsError(`the identity_proofing_level claim must be one of ${PROOFING_LEVELS.join(', ')} (got "${level}")`);
  }
  return { kind: 'patient', subject: text(claims, 'sub'), nhsNumber, proofingLevel: level as ProofingLevel };
}

function staffFrom(claims: Claims): StaffPrincipal {
  const roles = claims.nhsid_nrbac_roles;
  if (!Array.isArray(roles)) throw new TokenClaimsError('the nhsid_nrbac_roles claim must be a list of roles');
  const selectedRoleId = text(claims, 'selected_roleid');
  const selected: unknown = roles.find((role) => isRecord(role) && role.person_roleid === selectedRoleId);
  if (!isRecord(selected)) {
    throw new TokenClaimsError(`the selected_roleid claim (${selectedRoleId}) matches no person_roleid of nhsid_nrbac_roles`);
  }
  const roleCode = text(selected, 'role_code', 'nhsid_nrbac_roles[].role_code');
  const role = staffRoleFromCode(roleCode);
  if (!role) throw new TokenClaimsError(`the selected role's role_code ${roleCode} gives no access to patient data here`);
  const name = claims.name;
  return {
    kind: 'staff',
    // CIS2 gives the user's UUID both as `uid` and as `sub`; `uid` is the documented one.
    userId: typeof claims.uid === 'string' && claims.uid ? claims.uid : text(claims, 'sub'),
    odsCode: text(selected, 'org_code', 'nhsid_nrbac_roles[].org_code'),
    role,
    roleCode: roleCode.split(':').pop() as string,
    name: typeof name === 'string' && name.trim() ? name : null,
  };
}

function systemFrom(claims: Claims): Principal {
  const clientId = claims.client_id !== undefined ? text(claims, 'client_id') : text(claims, 'azp');
  const scope = claims.scope ?? '';
  if (typeof scope !== 'string') throw new TokenClaimsError('the scope claim must be a space-separated string');
  const orgCode = claims.org_code;
  if (orgCode !== undefined && (typeof orgCode !== 'string' || !orgCode)) {
    throw new TokenClaimsError('the org_code claim must be an ODS code');
  }
  return { kind: 'system', clientId, odsCode: orgCode ?? null, scopes: scope.split(' ').filter(Boolean) };
}

function text(claims: Claims, claim: string, label = claim): string {
  const value = claims[claim];
  if (typeof value !== 'string' || value.trim() === '') throw new TokenClaimsError(`the ${label} claim is missing or empty`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
