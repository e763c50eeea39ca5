import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, roleGrants } from './roles.ts';
import { VENUE_PROJECT_ACTIONS, VENUE_PROJECT_WORKFLOW } from './venue-project-workflow.ts';

/** Who may take each step of a venue project (the district admin may do anything, so it is left out). */
const takers = (action: (typeof VENUE_PROJECT_ACTIONS)[number]) =>
  ROLES.filter((r) => r !== 'district_admin' && roleGrants(r, VENUE_PROJECT_WORKFLOW[action].permission));

describe('the finance bureau’s reviewer (财政局)', () => {
  it('holds venue reading, the project review and the special fund, and nothing else', () => {
    expect(PERMISSIONS.filter((p) => roleGrants('finance_reviewer', p))).toEqual(['venue.read', 'venue_project.review', 'fund.manage']);
  });

  it('takes the review steps only: approve and send back', () => {
    const mine = VENUE_PROJECT_ACTIONS.filter((a) => roleGrants('finance_reviewer', VENUE_PROJECT_WORKFLOW[a].permission));
    expect(mine).toEqual(['send_back', 'approve']);
  });

  it('is the only one besides the district admin who reviews or keeps the fund', () => {
    expect(takers('approve')).toEqual(['finance_reviewer']);
    expect(ROLES.filter((r) => r !== 'district_admin' && roleGrants(r, 'fund.manage'))).toEqual(['finance_reviewer']);
  });
});

describe('the other steps of a venue project', () => {
  it('are the village’s (draft, works), the subdistrict’s (forward) and the district’s (accept)', () => {
    expect(takers('submit')).toContain('village_secretary');
    expect(takers('complete')).toContain('village_secretary');
    expect(takers('forward')).toContain('subdistrict_officer');
    expect(takers('forward')).not.toContain('village_secretary');
    expect(takers('accept')).toContain('district_officer');
    for (const a of ['submit', 'forward', 'start', 'complete', 'accept'] as const) expect(takers(a)).not.toContain('finance_reviewer');
    for (const a of VENUE_PROJECT_ACTIONS) expect(takers(a)).not.toContain('viewer');
  });
});
