import { describe, expect, it } from 'vitest';
import {
  actionsFrom,
  COUNTED_STATUSES,
  daysOverdue,
  fourEyesForbids,
  isActionable,
  isCounted,
  isDueSoon,
  isLateAcceptance,
  isOverdue,
  PROBLEM_ACTIONS,
  PROBLEM_STATUSES,
  PROBLEM_WORKFLOW,
  isSettled,
  SETTLED_STATUSES,
} from './problem-workflow.ts';

describe('problem workflow table', () => {
  it('follows DOMAIN.md: open → rectifying → submitted → accepted → closed, with reject and reopen', () => {
    const path = ['start', 'submit', 'accept', 'close'] as const;
    let status = 'open' as string;
    for (const a of path) {
      expect(PROBLEM_WORKFLOW[a].from).toBe(status);
      status = PROBLEM_WORKFLOW[a].to;
    }
    expect(status).toBe('closed');
    expect(PROBLEM_WORKFLOW.reject).toMatchObject({ from: 'submitted', to: 'rectifying', reasonRequired: true });
    expect(PROBLEM_WORKFLOW.reopen).toMatchObject({ from: 'closed', to: 'rectifying', reasonRequired: true });
    expect(PROBLEM_WORKFLOW.submit.evidenceRequired).toBe(true);
  });

  it('withdraws (撤销) an open problem recorded by mistake, with a reason, and counts it nowhere', () => {
    expect(PROBLEM_WORKFLOW.withdraw).toMatchObject({
      from: 'open',
      to: 'withdrawn',
      permission: 'problem.withdraw',
      reasonRequired: true,
    });
    expect(PROBLEM_STATUSES.filter((s) => !isCounted(s))).toEqual(['withdrawn']);
    expect(COUNTED_STATUSES).not.toContain('withdrawn');
    expect(isActionable('withdrawn')).toBe(false);
    expect(isOverdue('withdrawn', '2020-01-01', new Date())).toBe(false);
  });

  it('settles a problem by closing or withdrawing it; accepted still waits for 销号', () => {
    expect(PROBLEM_STATUSES.filter(isSettled)).toEqual(['closed', 'withdrawn']);
    expect(SETTLED_STATUSES).toEqual(['closed', 'withdrawn']);
  });

  it('offers from each status exactly the actions whose source it is', () => {
    expect(actionsFrom('open')).toEqual(['start', 'withdraw']);
    expect(actionsFrom('rectifying')).toEqual(['submit']);
    expect(actionsFrom('submitted')).toEqual(['reject', 'accept']);
    expect(actionsFrom('accepted')).toEqual(['close']);
    expect(actionsFrom('closed')).toEqual(['reopen']);
    expect(actionsFrom('withdrawn')).toEqual([]);
    const all = PROBLEM_STATUSES.flatMap((s) => actionsFrom(s));
    expect([...all].sort()).toEqual([...PROBLEM_ACTIONS].sort());
  });
});

describe('deadlines by Shanghai calendar day', () => {
  // 2026-06-30 23:30 in Shanghai is 15:30 UTC the same day; 00:30 on 07-01 is 16:30 UTC on 06-30.
  const lastEvening = new Date('2026-06-30T15:30:00Z');
  const nextMorning = new Date('2026-06-30T16:30:00Z');

  it('is not overdue on the due day itself, and overdue from the next Shanghai day', () => {
    expect(isOverdue('rectifying', '2026-06-30', lastEvening)).toBe(false);
    expect(isOverdue('rectifying', '2026-06-30', nextMorning)).toBe(true);
    expect(daysOverdue('open', '2026-06-30', nextMorning)).toBe(1);
  });

  it('does not count submitted, accepted or closed problems as overdue', () => {
    for (const s of ['submitted', 'accepted', 'closed'] as const) expect(isOverdue(s, '2026-01-01', nextMorning)).toBe(false);
    expect(isOverdue('open', null, nextMorning)).toBe(false);
  });

  it('marks due-soon within the window, today included', () => {
    expect(isDueSoon('open', '2026-07-01', nextMorning, 1)).toBe(true);
    expect(isDueSoon('open', '2026-07-02', nextMorning, 1)).toBe(false);
    expect(isDueSoon('open', '2026-07-07', nextMorning, 7)).toBe(true);
    expect(isDueSoon('open', '2026-07-08', nextMorning, 7)).toBe(false);
    expect(isDueSoon('accepted', '2026-07-01', nextMorning)).toBe(false);
  });

  it('counts an acceptance on a later Shanghai day as late', () => {
    expect(isLateAcceptance(lastEvening, '2026-06-30')).toBe(false);
    expect(isLateAcceptance(nextMorning, '2026-06-30')).toBe(true);
  });
});

describe('four eyes', () => {
  const base = { action: 'close' as const, acceptedBy: 'u1', actorId: 'u1', actorIsDistrictAdmin: false, ruleOn: true };

  it('refuses the close to whoever accepted the problem', () => {
    expect(fourEyesForbids(base)).toBe(true);
  });

  it('lets anyone else close, and never touches another action', () => {
    expect(fourEyesForbids({ ...base, actorId: 'u2' })).toBe(false);
    expect(fourEyesForbids({ ...base, acceptedBy: null })).toBe(false);
    for (const action of PROBLEM_ACTIONS.filter((a) => a !== 'close')) expect(fourEyesForbids({ ...base, action })).toBe(false);
  });

  it('exempts a district admin, and is off when the program switches it off', () => {
    expect(fourEyesForbids({ ...base, actorIsDistrictAdmin: true })).toBe(false);
    expect(fourEyesForbids({ ...base, ruleOn: false })).toBe(false);
  });
});
