import { describe, expect, it } from 'vitest';
import { type RagResult } from './rag.ts';
import { ROLE_PERMISSIONS, roleGrants, ROLES } from './roles.ts';
import { campaignDeadline, DEFAULT_VENUE_SETTINGS, idealLeft, venueStanding, venueStateText } from './venue-campaign.ts';
import { venueSectionText } from './venue-circular.ts';
import {
  canVenueProjectTransition,
  isStalled,
  VENUE_PROJECT_ACTIONS,
  VENUE_PROJECT_STATUSES,
  VENUE_PROJECT_WORKFLOW,
  venueDaysOverdue,
} from './venue-project-workflow.ts';
import { venueInterviewReasons, withVenueLateness } from './venue-rag.ts';
import { DEFAULT_VENUE_RULES, evaluateVenue, type VenueFacts, venueReasonsText } from './venue-rules.ts';

const good: VenueFacts = {
  orgKind: 'village',
  buildingArea: 260,
  ownership: 'owned',
  currentUse: 'in_use',
  hallArea: 60,
  hasSignage: true,
  rulesPosted: true,
};
const judge = (f: Partial<VenueFacts>) => evaluateVenue({ ...good, ...f }, DEFAULT_VENUE_RULES);

describe('venue rules (DOMAIN.md defaults)', () => {
  it('pass a village venue of exactly 200 ㎡ with a hall of exactly 40 ㎡, and fail 199.9 ㎡ and 39.9 ㎡', () => {
    expect(judge({ buildingArea: 200, hallArea: 40 })).toEqual({ passes: true, reasons: [] });
    expect(judge({ buildingArea: 199.9 }).reasons).toEqual([{ code: 'area', area: 199.9, min: 200 }]);
    expect(judge({ hallArea: 39.9 }).reasons).toEqual([{ code: 'hall', area: 39.9, min: 40 }]);
  });

  it('hold a community to 300 ㎡: exactly 300 passes, 299 fails, 250 would pass a village', () => {
    expect(judge({ orgKind: 'community', buildingArea: 300 }).passes).toBe(true);
    expect(judge({ orgKind: 'community', buildingArea: 299 }).passes).toBe(false);
    expect(judge({ buildingArea: 250 }).passes).toBe(true);
  });

  it('fail rented, mortgaged and transferred premises and those put to other use; owned and borrowed pass', () => {
    for (const ownership of ['rented', 'mortgaged', 'transferred'] as const)
      expect(judge({ ownership }).reasons).toEqual([{ code: 'ownership', ownership }]);
    expect(judge({ ownership: 'borrowed' }).passes).toBe(true);
    expect(judge({ currentUse: 'other_use' }).reasons).toEqual([{ code: 'other_use' }]);
  });

  it('need the signage and the rules on the wall', () => {
    expect(judge({ hasSignage: false, rulesPosted: false }).reasons.map((r) => r.code)).toEqual(['no_signage', 'rules_not_posted']);
    expect(evaluateVenue({ ...good, hasSignage: false }, { ...DEFAULT_VENUE_RULES, requireSignage: false }).passes).toBe(true);
  });

  it('say every reason in words, as the clearance list shows them', () => {
    const r = judge({ ownership: 'rented', buildingArea: 160 });
    expect(venueReasonsText(r.reasons, 'zh')).toBe('租赁场所；面积 160 ㎡，不足 200 ㎡');
    expect(venueReasonsText(r.reasons, 'en')).toBe('rented premises; area 160 m², under 200 m²');
  });

  it('take thresholds from the settings', () => {
    expect(evaluateVenue({ ...good, buildingArea: 220 }, { ...DEFAULT_VENUE_RULES, villageMinArea: 250 }).passes).toBe(false);
  });
});

describe('the venue project workflow table', () => {
  it('runs drafted → submitted → under review → approved → in works → completed → accepted, with the send-backs', () => {
    expect(VENUE_PROJECT_WORKFLOW.submit).toMatchObject({ from: ['drafted'], to: 'submitted' });
    expect(VENUE_PROJECT_WORKFLOW.forward).toMatchObject({ from: ['submitted'], to: 'under_review' });
    expect(VENUE_PROJECT_WORKFLOW.send_back).toMatchObject({ from: ['under_review'], to: 'drafted', reasonRequired: true });
    expect(VENUE_PROJECT_WORKFLOW.approve).toMatchObject({ permission: 'venue_project.review', to: 'approved' });
    expect(VENUE_PROJECT_WORKFLOW.accept).toMatchObject({ from: ['completed'], to: 'accepted', permission: 'venue_project.accept' });
    // Every status is reachable and every non-final status has a way on.
    const reachable = new Set(['drafted', ...VENUE_PROJECT_ACTIONS.map((a) => VENUE_PROJECT_WORKFLOW[a].to)]);
    expect([...reachable].sort()).toEqual([...VENUE_PROJECT_STATUSES].sort());
    for (const s of VENUE_PROJECT_STATUSES.filter((x) => x !== 'accepted'))
      expect(
        VENUE_PROJECT_ACTIONS.some((a) => canVenueProjectTransition(a, s)),
        s,
      ).toBe(true);
    expect(VENUE_PROJECT_ACTIONS.filter((a) => canVenueProjectTransition(a, 'accepted'))).toEqual([]);
  });

  it('gives the finance bureau the review only, and the village the draft and the works', () => {
    const who = (p: Parameters<typeof roleGrants>[1]) => ROLES.filter((r) => r !== 'district_admin' && roleGrants(r, p));
    expect(who('venue_project.review')).toEqual(['finance_reviewer']);
    expect(who('fund.manage')).toEqual(['finance_reviewer']);
    expect(who('venue_project.draft')).toEqual(['district_officer', 'village_secretary']);
    expect(who('venue_project.accept')).toEqual(['district_officer']);
    expect([...ROLE_PERMISSIONS.finance_reviewer].sort()).toEqual(['fund.manage', 'venue.read', 'venue_project.review']);
  });

  it('counts a project overdue from the day after its deadline while work is outstanding', () => {
    expect(venueDaysOverdue({ status: 'in_works', deadline: '2026-06-30' }, '2026-06-30')).toBe(0);
    expect(venueDaysOverdue({ status: 'in_works', deadline: '2026-06-30' }, '2026-07-03')).toBe(3);
    expect(venueDaysOverdue({ status: 'completed', deadline: '2026-06-30' }, '2026-07-03')).toBe(0);
  });

  it('calls a project stalled after the configured weeks without a step or progress', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    expect(isStalled({ status: 'drafted', lastMovedAt: '2026-05-11T00:00:00Z' }, at, 3)).toBe(true);
    expect(isStalled({ status: 'drafted', lastMovedAt: '2026-05-12T00:00:00Z' }, at, 3)).toBe(false);
    expect(isStalled({ status: 'accepted', lastMovedAt: '2026-01-01T00:00:00Z' }, at, 3)).toBe(false);
  });
});

describe('the campaign', () => {
  it('defaults its deadline to 30 June of the program year', () => {
    expect(campaignDeadline(DEFAULT_VENUE_SETTINGS.campaign, new Date('2026-03-10T00:00:00Z'))).toBe('2026-06-30');
    expect(campaignDeadline({ ...DEFAULT_VENUE_SETTINGS.campaign, startedOn: '2016-04-20' }, new Date('2026-03-10T00:00:00Z'))).toBe(
      '2016-06-30',
    );
  });

  it('burns down evenly from the baseline to zero in the deadline week', () => {
    expect(idealLeft(8, '2026-05-04', '2026-06-30', '2026-05-04')).toBe(8);
    expect(idealLeft(8, '2026-05-04', '2026-06-30', '2026-06-29')).toBe(0);
    expect(idealLeft(8, '2026-05-04', '2026-06-30', '2026-06-01')).toBe(4);
  });

  it('says each village state in words', () => {
    const project = {
      kind: 'expansion' as const,
      status: 'in_works' as const,
      progress: 60,
      daysOverdue: 5,
      stalled: false,
      lastMilestone: '室内装修',
    };
    expect(venueStateText({ standing: 'in_progress', project }, 'zh')).toBe('施工中 60%（扩建）：室内装修；逾期 5 天');
    expect(venueStateText({ standing: 'cleared', project: { ...project, status: 'accepted' } }, 'zh')).toBe(
      '已清零（扩建，已验收，投入使用）',
    );
    expect(venueStateText({ standing: 'no_project', project: null }, 'en')).toBe('No project yet');
    expect(venueStanding(false, { status: 'accepted' }, true)).toBe('cleared');
    expect(venueStanding(true, null, true)).toBe('no_project');
  });

  it('words the circular section with names', () => {
    const text = venueSectionText(
      {
        campaignName: '清零行动',
        deadline: '2026-06-30',
        daysLeft: 20,
        baseline: 8,
        left: 6,
        cleared: ['良田村', '大闵村'],
        clearedThisMonth: ['大闵村'],
        open: [
          { name: '上庄村', kind: '改建', status: '施工中', progress: 45, daysOverdue: 0, stalled: false },
          { name: '张东村', kind: '新建', status: '施工中', progress: 30, daysOverdue: 12, stalled: false },
          { name: '麻李村', kind: '新建', status: '方案草拟', progress: 0, daysOverdue: 0, stalled: true },
        ],
      },
      '2026-06-10',
    );
    expect(text).toContain('已清零2个（良田村、大闵村）');
    expect(text).toContain('本月大闵村完成整改并通过验收');
    expect(text).toContain('张东村（逾期12天）');
    expect(text).toContain('进展停滞的1个：麻李村');
  });
});

describe('venue lateness in RAG and interviews', () => {
  const green: RagResult = { colour: 'green', reasons: [{ code: 'on_pace' }] };
  it('turns green amber for any overdue venue project and red past the red threshold', () => {
    expect(withVenueLateness(green, { overdueDays: [3], stalled: 0 }, 14)).toEqual({
      colour: 'amber',
      reasons: [{ code: 'venue_overdue', count: 1 }],
    });
    expect(withVenueLateness(green, { overdueDays: [15, 3], stalled: 0 }, 14)).toEqual({
      colour: 'red',
      reasons: [{ code: 'venue_overdue_long', count: 1, days: 14 }],
    });
    expect(withVenueLateness(green, { overdueDays: [], stalled: 2 }, 14)).toBe(green);
  });

  it('names overdue and stalled projects as interview reasons, each switchable', () => {
    const rules = { interviewOnOverdue: true, interviewOnStalled: true, stalledWeeks: 3 };
    expect(venueInterviewReasons({ overdueDays: [4, 9], stalled: 1 }, rules)).toEqual([
      { code: 'venue_overdue', count: 2, days: 9 },
      { code: 'venue_stalled', count: 1, weeks: 3 },
    ]);
    expect(venueInterviewReasons({ overdueDays: [4], stalled: 1 }, { ...rules, interviewOnOverdue: false })).toEqual([
      { code: 'venue_stalled', count: 1, weeks: 3 },
    ]);
  });
});
