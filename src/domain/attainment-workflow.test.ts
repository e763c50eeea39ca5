import { describe, expect, it } from 'vitest';
import {
  ATTAINMENT_ACTIONS,
  ATTAINMENT_STATUSES,
  ATTAINMENT_WORKFLOW,
  attainmentActionsFrom,
  attainmentBlockers,
  attainmentBlockerText,
  isAttained,
} from './attainment-workflow.ts';

describe('达标验收 workflow table', () => {
  it('goes none → proposed → confirmed, with send-back and revocation', () => {
    expect(ATTAINMENT_WORKFLOW.propose).toMatchObject({ to: 'proposed', permission: 'attainment.propose', noteRequired: true });
    expect(ATTAINMENT_WORKFLOW.confirm).toMatchObject({ from: ['proposed'], to: 'confirmed', permission: 'attainment.confirm' });
    expect(ATTAINMENT_WORKFLOW.reject).toMatchObject({ from: ['proposed'], to: 'returned', reasonRequired: true });
    expect(ATTAINMENT_WORKFLOW.revoke).toMatchObject({ from: ['confirmed'], to: 'revoked', reasonRequired: true });
  });

  it('may be proposed again after a send-back or a revocation', () => {
    expect(attainmentActionsFrom('none')).toEqual(['propose']);
    expect(attainmentActionsFrom('returned')).toEqual(['propose']);
    expect(attainmentActionsFrom('revoked')).toEqual(['propose']);
    expect(attainmentActionsFrom('proposed')).toEqual(['confirm', 'reject']);
    expect(attainmentActionsFrom('confirmed')).toEqual(['revoke']);
    const all = ATTAINMENT_STATUSES.flatMap((s) => attainmentActionsFrom(s));
    expect([...new Set(all)].sort()).toEqual([...ATTAINMENT_ACTIONS].sort());
  });

  it('checks eligibility on proposing and again on confirming, not on sending back or revoking', () => {
    expect(ATTAINMENT_ACTIONS.filter((a) => ATTAINMENT_WORKFLOW[a].needsEligible)).toEqual(['propose', 'confirm']);
  });

  it('counts only a confirmed village as 达标', () => {
    expect(ATTAINMENT_STATUSES.filter(isAttained)).toEqual(['confirmed']);
  });

  it('names what keeps a village from 达标: an unfinished checklist, unsettled problems, a venue on the clearance list', () => {
    expect(attainmentBlockers({ checklistDone: true, unsettledProblems: 0, venuesOnList: 0 })).toEqual([]);
    const blockers = attainmentBlockers({ checklistDone: false, unsettledProblems: 3, venuesOnList: 1 });
    expect(blockers).toEqual([
      { code: 'checklist_unfinished' },
      { code: 'unsettled_problems', count: 3 },
      { code: 'venue_on_list', count: 1 },
    ]);
    expect(attainmentBlockerText(blockers[1]!, 'zh')).toContain('3 个问题未销号');
    expect(attainmentBlockerText(blockers[1]!, 'en')).toContain('3 problems of the round are');
    expect(attainmentBlockerText({ code: 'unsettled_problems', count: 1 }, 'en')).toContain('1 problem of the round is');
    expect(attainmentBlockerText(blockers[2]!, 'zh')).toContain('活动场所仍在清零台账上（1 处未达标');
    expect(attainmentBlockerText(blockers[2]!, 'en')).toContain('a venue is still on the clearance list');
    expect(attainmentBlockerText({ code: 'venue_on_list', count: 2 }, 'en')).toContain('2 venues are still');
    // The venue alone keeps it from 达标.
    expect(attainmentBlockers({ checklistDone: true, unsettledProblems: 0, venuesOnList: 2 })).toEqual([
      { code: 'venue_on_list', count: 2 },
    ]);
  });
});
