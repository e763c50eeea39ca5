import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../domain/contracts/session.ts';
import { ROLE_PERMISSIONS, type Role } from '../../domain/roles.ts';
import { NAV_KEYS, visibleNavKeys } from './nav-rules.ts';

function user(roles: Array<[Role, 'district' | 'subdistrict' | 'village']>): Pick<SessionUser, 'roles' | 'permissions'> {
  return {
    roles: roles.map(([role, kind], i) => ({
      id: String(i),
      role,
      organizationId: String(i),
      organizationName: 'x',
      organizationKind: kind,
    })),
    permissions: [...new Set(roles.flatMap(([role]) => ROLE_PERMISSIONS[role]))],
  };
}

describe('the menu per role', () => {
  it('gives a village secretary ten entries, none of the district tools', () => {
    expect(visibleNavKeys(user([['village_secretary', 'village']]))).toEqual([
      'dashboard',
      'ledger',
      'weeklyReports',
      'rankings',
      'circulars',
      'venues',
      'study',
      'notifications',
      'help',
      'account',
    ]);
  });

  it('gives the finance bureau the venue campaign and the fund only', () => {
    expect(visibleNavKeys(user([['finance_reviewer', 'district']]))).toEqual(['venues', 'funds', 'notifications', 'help', 'account']);
  });

  it('gives a liaison member the inspections, the standard and the group, but no tree, interviews or users', () => {
    const keys = visibleNavKeys(
      user([
        ['liaison_member', 'village'],
        ['liaison_member', 'village'],
      ]),
    );
    expect(keys).toEqual(expect.arrayContaining(['inspections', 'standards', 'liaisonGroups', 'weeklyReports', 'statistics']));
    expect(keys).not.toContain('organizations');
    expect(keys).not.toContain('interviews');
    expect(keys).not.toContain('users');
  });

  it('gives a district-wide viewer every reading view but no management', () => {
    const keys = visibleNavKeys(user([['viewer', 'district']]));
    expect(keys).toEqual(
      expect.arrayContaining(['organizations', 'inspections', 'statistics', 'interviews', 'standards', 'liaisonGroups']),
    );
    for (const k of ['users', 'settings', 'audit'] as const) expect(keys).not.toContain(k);
  });

  it('gives a district admin everything', () => {
    expect(visibleNavKeys(user([['district_admin', 'district']]))).toEqual([...NAV_KEYS]);
  });

  it('gives the liaison member the 两委会 reviews and plans, and the district officer the supervision visits', () => {
    const liaison = visibleNavKeys(user([['liaison_member', 'village']]));
    expect(liaison).toContain('reviews');
    expect(liaison).not.toContain('visits');
    expect(visibleNavKeys(user([['district_officer', 'district']]))).toEqual(expect.arrayContaining(['reviews', 'visits']));
    // A village sees its tasks on its dashboard, not a page of visits.
    expect(visibleNavKeys(user([['village_secretary', 'village']]))).not.toContain('visits');
  });

  it('gives 达标验收 to the liaison member who proposes and the district officer who confirms, not to a village', () => {
    expect(visibleNavKeys(user([['liaison_member', 'village']]))).toContain('attainments');
    expect(visibleNavKeys(user([['district_officer', 'district']]))).toContain('attainments');
    expect(visibleNavKeys(user([['viewer', 'district']]))).toContain('attainments');
    expect(visibleNavKeys(user([['village_secretary', 'village']]))).not.toContain('attainments');
  });
});
