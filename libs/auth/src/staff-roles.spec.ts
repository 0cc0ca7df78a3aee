import { roleCodeFor, STAFF_ROLES, staffRoleFromCode } from './staff-roles';

describe('staff roles', () => {
  it('reads the role from the last segment of a CIS2 role code, or a bare RBAC code', () => {
    expect(staffRoleFromCode('S8000:G8000:R8000')).toBe('clinician');
    expect(staffRoleFromCode('S8000:G8000:R8001')).toBe('nurse');
    expect(staffRoleFromCode('R8003')).toBe('paramedic');
    expect(staffRoleFromCode('S8000:G8000:R8008')).toBe('administrator');
  });

  it('gives no role for codes the table does not list, such as the Healthcare Student Access Role', () => {
    expect(staffRoleFromCode('S8000:G8000:R8004')).toBeNull();
    expect(staffRoleFromCode('')).toBeNull();
  });

  it('lists a code for every platform role, read back as the same role', () => {
    for (const role of STAFF_ROLES) expect(staffRoleFromCode(roleCodeFor(role).code)).toBe(role);
  });
});
