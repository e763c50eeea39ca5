import { describe, expect, it } from 'vitest';
import {
  hasPermissionAt,
  LIAISON_SEAT_BARRING_ROLES,
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  roleGrants,
  rolesBarringLiaisonSeat,
  scopeRoots,
  type ScopedAssignment,
} from './roles.ts';

// Paths as the server stores them: /<root>/<subdistrict>/<village>/
const DISTRICT = '/d/';
const LIANGTIAN = '/d/lt/';
const DAMIN = '/d/lt/damin/';
const DAMIN_BRANCH = '/d/lt/damin/zb/';
const BAIYANG = '/d/by/';
const ZHANGDONG = '/d/by/zd/';
const OTHER_DISTRICT = '/x/';

describe('roleGrants', () => {
  it('gives every permission to a district admin and administration to no one else', () => {
    for (const p of PERMISSIONS) expect(roleGrants('district_admin', p)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'district_admin')) {
      for (const p of ['organization.manage', 'user.read', 'user.manage', 'audit.read'] as const)
        expect(roleGrants(role, p), `${role} ${p}`).toBe(false);
      // The finance bureau's reviewer sees venue projects and funds only (src/domain/venue-roles.test.ts).
      if (role !== 'finance_reviewer') expect(roleGrants(role, 'organization.read')).toBe(true);
    }
  });

  it('follows the DOMAIN.md defaults: the village rectifies, the liaison group verifies, the district closes', () => {
    const who = (p: Parameters<typeof roleGrants>[1]) => ROLES.filter((r) => r !== 'district_admin' && roleGrants(r, p));
    expect(who('problem.rectify')).toEqual(['village_secretary']);
    expect(who('problem.verify')).toEqual(['liaison_member']);
    expect(who('problem.close')).toEqual(['district_officer']);
    expect(who('problem.read')).toEqual(ROLES.filter((r) => r !== 'district_admin' && r !== 'finance_reviewer'));
  });

  it('names only known permissions in the role table', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
});

describe('hasPermissionAt', () => {
  const secretary: ScopedAssignment[] = [{ role: 'village_secretary', organizationPath: DAMIN }];

  it('holds at the assigned organization and everything below it', () => {
    expect(hasPermissionAt(secretary, 'organization.read', DAMIN)).toBe(true);
    expect(hasPermissionAt(secretary, 'organization.read', DAMIN_BRANCH)).toBe(true);
  });

  it('does not hold at ancestors or siblings', () => {
    expect(hasPermissionAt(secretary, 'organization.read', LIANGTIAN)).toBe(false);
    expect(hasPermissionAt(secretary, 'organization.read', DISTRICT)).toBe(false);
    expect(hasPermissionAt(secretary, 'organization.read', ZHANGDONG)).toBe(false);
  });

  it('does not hold for a permission the role lacks, even inside the scope', () => {
    expect(hasPermissionAt(secretary, 'organization.manage', DAMIN)).toBe(false);
    expect(hasPermissionAt(secretary, 'audit.read', DAMIN_BRANCH)).toBe(false);
  });

  it('does not confuse an id that is a prefix of another id with an ancestor', () => {
    // "/d/lt/" must not cover "/d/ltx/": the trailing slash ends each id.
    const officer: ScopedAssignment[] = [{ role: 'subdistrict_officer', organizationPath: LIANGTIAN }];
    expect(hasPermissionAt(officer, 'organization.read', '/d/ltx/')).toBe(false);
    expect(hasPermissionAt(officer, 'organization.read', '/d/lt/anything/')).toBe(true);
  });

  it('combines assignments: a reader somewhere and an admin elsewhere', () => {
    const mixed: ScopedAssignment[] = [
      { role: 'viewer', organizationPath: DISTRICT },
      { role: 'district_admin', organizationPath: LIANGTIAN },
    ];
    expect(hasPermissionAt(mixed, 'organization.read', ZHANGDONG)).toBe(true);
    expect(hasPermissionAt(mixed, 'organization.manage', ZHANGDONG)).toBe(false);
    expect(hasPermissionAt(mixed, 'organization.manage', DAMIN)).toBe(true);
  });

  it('grants nothing without assignments', () => {
    expect(hasPermissionAt([], 'organization.read', DISTRICT)).toBe(false);
  });
});

describe('scopeRoots', () => {
  it('drops scopes nested inside another scope of the same permission', () => {
    const roots = scopeRoots(
      [
        { role: 'village_secretary', organizationPath: DAMIN },
        { role: 'subdistrict_officer', organizationPath: LIANGTIAN },
        { role: 'viewer', organizationPath: DAMIN_BRANCH },
        { role: 'village_secretary', organizationPath: ZHANGDONG },
      ],
      'organization.read',
    );
    expect(roots.sort()).toEqual([ZHANGDONG, LIANGTIAN].sort());
  });

  it('keeps separate trees apart and removes duplicates', () => {
    const roots = scopeRoots(
      [
        { role: 'viewer', organizationPath: OTHER_DISTRICT },
        { role: 'viewer', organizationPath: BAIYANG },
        { role: 'district_officer', organizationPath: BAIYANG },
      ],
      'organization.read',
    );
    expect(roots.sort()).toEqual([BAIYANG, OTHER_DISTRICT].sort());
  });

  it('counts only the assignments whose role grants the permission', () => {
    const assignments: ScopedAssignment[] = [
      { role: 'viewer', organizationPath: DISTRICT },
      { role: 'district_admin', organizationPath: LIANGTIAN },
    ];
    expect(scopeRoots(assignments, 'organization.read')).toEqual([DISTRICT]);
    // The viewer's wider scope must not widen the admin's management scope.
    expect(scopeRoots(assignments, 'user.manage')).toEqual([LIANGTIAN]);
    expect(scopeRoots([{ role: 'viewer', organizationPath: DISTRICT }], 'audit.read')).toEqual([]);
  });

  it('does not treat a sibling whose id starts with the same characters as nested', () => {
    expect(
      scopeRoots(
        [
          { role: 'viewer', organizationPath: '/d/lt/' },
          { role: 'viewer', organizationPath: '/d/ltx/' },
        ],
        'organization.read',
      ).sort(),
    ).toEqual(['/d/lt/', '/d/ltx/']);
  });
});

describe('who may take a liaison seat', () => {
  it('seats officers, subdistrict cadres, liaison members and accounts with no role; bars read-only viewers, secretaries, admins', () => {
    expect(rolesBarringLiaisonSeat([])).toEqual([]);
    expect(rolesBarringLiaisonSeat(['district_officer', 'subdistrict_officer', 'liaison_member'])).toEqual([]);
    expect(rolesBarringLiaisonSeat(['district_officer', 'viewer', 'viewer'])).toEqual(['viewer']);
    expect(rolesBarringLiaisonSeat(['village_secretary'])).toEqual(['village_secretary']);
    expect(rolesBarringLiaisonSeat(['district_admin'])).toEqual(['district_admin']);
    expect(rolesBarringLiaisonSeat(['no_such_role'])).toEqual([]);
    expect([...LIAISON_SEAT_BARRING_ROLES].sort()).toEqual(['district_admin', 'finance_reviewer', 'viewer', 'village_secretary']);
  });

  it('bars every role that may read but not work a problem (a seat would give it verify and report rights)', () => {
    for (const role of ROLES) {
      const readOnly = !ROLE_PERMISSIONS[role].some((p) => !['organization.read', 'standard.read', 'problem.read'].includes(p));
      if (readOnly) expect(LIAISON_SEAT_BARRING_ROLES, role).toContain(role);
    }
  });
});
