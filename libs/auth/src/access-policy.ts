import { PATIENT_DATA_READ, PATIENT_DATA_WRITE, type Principal } from './principal';

/**
 * The one access policy of the platform: who may read or change a patient's data. Pure, so every
 * service decides alike and the whole table is tested in one place (access-policy.spec.ts).
 */
export type Access = 'read' | 'write';

export interface AccessRequest {
  principal: Principal;
  access: Access;
  /** nhsNumber is null when the service does not know the patient's NHS number. */
  patient: { patientId: string; nhsNumber: string | null };
  /** The principal's organisation has an active care relationship with the patient. */
  hasCareRelationship: boolean;
  /** From the X-Break-Glass-Reason header; only a member of staff can break glass. */
  breakGlassReason: string | null;
}

export type AccessPurpose = 'DIRECT_CARE' | 'BREAK_GLASS' | 'PATIENT_ACCESS' | 'SYSTEM';

export type AccessDecision =
  | { allowed: true; purpose: AccessPurpose; breakGlass: boolean; releasedResultsOnly: boolean }
  | { allowed: false; status: 403; reason: string };

export function decideAccess(request: AccessRequest): AccessDecision {
  const { principal } = request;
  switch (principal.kind) {
    case 'staff':
      return decideForStaff(principal.odsCode, request);
    case 'patient':
      return decideForPatient(principal.nhsNumber, principal.proofingLevel, request);
    case 'system':
      return decideForSystem(principal.clientId, principal.scopes, request.access);
  }
}

/** Starting, pausing and stopping care-setting subscriptions is an administrator's job. */
export function canActivateSubscriptions(principal: Principal): boolean {
  return principal.kind === 'staff' && principal.role === 'administrator';
}

function decideForStaff(odsCode: string, request: AccessRequest): AccessDecision {
  // Recording care is never held up: whoever treats the patient writes, as before.
  if (request.access === 'write' || request.hasCareRelationship) return allow('DIRECT_CARE');
  if (request.breakGlassReason?.trim()) return allow('BREAK_GLASS', { breakGlass: true });
  return deny(
    `no active care relationship between ${odsCode} and this patient; give X-Break-Glass-Reason to read in an emergency`,
  );
}

function decideForPatient(nhsNumber: string, proofingLevel: string, request: AccessRequest): AccessDecision {
  if (request.patient.nhsNumber === null) {
    return deny('this service does not know the NHS number of this patient, so it cannot tell that the record is yours');
  }
  if (request.patient.nhsNumber !== nhsNumber) {
    return deny(request.access === 'read' ? 'a patient may read only their own record' : 'a patient may change only their own record');
  }
  if (proofingLevel !== 'P9') {
    return deny(`identity proofing level P9 is needed to see or change clinical data; this login is proofed to ${proofingLevel}`);
  }
  return allow('PATIENT_ACCESS', { releasedResultsOnly: true });
}

function decideForSystem(clientId: string, scopes: string[], access: Access): AccessDecision {
  const needed = access === 'read' ? PATIENT_DATA_READ : PATIENT_DATA_WRITE;
  if (!scopes.includes(needed)) return deny(`the client ${clientId} has no ${needed} scope`);
  return allow('SYSTEM');
}

function allow(purpose: AccessPurpose, flags: { breakGlass?: boolean; releasedResultsOnly?: boolean } = {}): AccessDecision {
  return { allowed: true, purpose, breakGlass: flags.breakGlass ?? false, releasedResultsOnly: flags.releasedResultsOnly ?? false };
}

function deny(reason: string): AccessDecision {
  return { allowed: false, status: 403, reason };
}
