/** Who is calling, as read from a verified token: the actor of a change and the subject of the access rules. */
export type StaffRole = 'clinician' | 'nurse' | 'paramedic' | 'pharmacist' | 'administrator';

/** A member of staff signed in with NHS CIS2, acting in the role they selected at one organisation. */
export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  odsCode: string;
  role: StaffRole;
  /** The national RBAC code the role came from (the last segment of the CIS2 role_code, e.g. R8000). */
  roleCode: string;
  name: string | null;
}

/** A patient signed in with NHS login. */
export interface PatientPrincipal {
  kind: 'patient';
  subject: string;
  nhsNumber: string;
  proofingLevel: ProofingLevel;
}

/** Another system calling with a client-credentials token (a lab system, a GP system…). */
export interface SystemPrincipal {
  kind: 'system';
  clientId: string;
  odsCode: string | null;
  scopes: string[];
}

export type Principal = StaffPrincipal | PatientPrincipal | SystemPrincipal;

/** NHS login's identity proofing levels: P9 is the one that opens clinical data. */
export type ProofingLevel = 'P0' | 'P5' | 'P9';
export const PROOFING_LEVELS: readonly ProofingLevel[] = ['P0', 'P5', 'P9'];

/** The scopes a system token may carry. */
export const PATIENT_DATA_READ = 'patient-data:read';
export const PATIENT_DATA_WRITE = 'patient-data:write';
