import type { StaffRole } from './principal';

/**
 * The one table from NHS national RBAC role codes to the roles this platform knows. A CIS2 token's
 * selected role carries `role_code` as `S<staff group>:G<sub-group>:R<role>`; the last segment is
 * looked up here. A code missing from the table gives no access at all (for example R8004, the
 * Healthcare Student Access Role, or R8009 Receptionist): access is granted role by role, never by default.
 *
 * R8003, the Health Professional Access Role, covers every allied health professional: ambulance
 * crews hold it, and so do many pharmacists (NHS EPS reads it as a pharmacist). It is read as
 * paramedic here; a pharmacist is recognised by the Clinical Pharmacy Specialist job role R5260.
 */
export const STAFF_ROLE_CODES: readonly { code: string; name: string; role: StaffRole }[] = [
  { code: 'R8000', name: 'Clinical Practitioner Access Role', role: 'clinician' },
  { code: 'R8001', name: 'Nurse Access Role', role: 'nurse' },
  { code: 'R8002', name: 'Nurse Manager Access Role', role: 'nurse' },
  { code: 'R8003', name: 'Health Professional Access Role', role: 'paramedic' },
  { code: 'R5260', name: 'Clinical Pharmacy Specialist', role: 'pharmacist' },
  { code: 'R8008', name: 'Admin/Clinical Support Access Role', role: 'administrator' },
];

export const STAFF_ROLES: readonly StaffRole[] = ['clinician', 'nurse', 'paramedic', 'pharmacist', 'administrator'];

/** The platform role of an RBAC code (`R8000` or a whole `S8000:G8000:R8000`), or null when it grants no access. */
export function staffRoleFromCode(roleCode: string): StaffRole | null {
  const code = roleCode.split(':').pop() ?? '';
  return STAFF_ROLE_CODES.find((entry) => entry.code === code)?.role ?? null;
}

/** The first RBAC entry of a platform role: what a development token carries for it. */
export function roleCodeFor(role: StaffRole): { code: string; name: string } {
  const entry = STAFF_ROLE_CODES.find((candidate) => candidate.role === role);
  if (!entry) throw new Error(`no RBAC role code is listed for the role ${role}`);
  return { code: entry.code, name: entry.name };
}
