import { describe, expect, it } from 'vitest';
import { reportDueAt } from './cadence.ts';
import { canTransition, hasBeenFiled, isEditable, lateOnFiling, reportFlag, WEEKLY_REPORT_WORKFLOW } from './weekly-report-workflow.ts';

// Week of Monday 2026-11-23; due Friday 18:00 Shanghai = 10:00 UTC.
const due = reportDueAt('2026-11-23', 5, '18:00');

describe('weekly report workflow', () => {
  it('files from a draft or after a send-back, and sends back only a filed report, with a reason', () => {
    expect(canTransition('submit', 'draft')).toBe(true);
    expect(canTransition('submit', 'returned')).toBe(true);
    expect(canTransition('submit', 'submitted')).toBe(false);
    expect(canTransition('return', 'submitted')).toBe(true);
    expect(canTransition('return', 'draft')).toBe(false);
    expect(canTransition('return', 'returned')).toBe(false);
    expect(WEEKLY_REPORT_WORKFLOW.return.reasonRequired).toBe(true);
    expect(WEEKLY_REPORT_WORKFLOW.submit.to).toBe('submitted');
    expect(WEEKLY_REPORT_WORKFLOW.return.to).toBe('returned');
  });

  it('lets the filer edit drafts and sent-back reports only; reviewers comment once filed', () => {
    expect([isEditable('draft'), isEditable('submitted'), isEditable('returned')]).toEqual([true, false, true]);
    expect([hasBeenFiled('draft'), hasBeenFiled('submitted'), hasBeenFiled('returned')]).toEqual([false, true, true]);
  });

  it('decides lateness at the first filing and keeps it when refiling', () => {
    expect(due.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(lateOnFiling(null, new Date('2026-11-27T09:59:59Z'), due)).toBe(false);
    expect(lateOnFiling(null, new Date('2026-11-27T10:00:00Z'), due)).toBe(false);
    expect(lateOnFiling(null, new Date('2026-11-27T10:00:01Z'), due)).toBe(true);
    // Refiled on Sunday after an on-time filing was sent back: still on time.
    expect(lateOnFiling({ late: false }, new Date('2026-11-29T03:00:00Z'), due)).toBe(false);
    // A late filing stays late even if refiled.
    expect(lateOnFiling({ late: true }, new Date('2026-11-27T08:00:00Z'), due)).toBe(true);
  });

  it('flags filed reports by lateness, and unfiled ones as pending until due, missing after', () => {
    expect(reportFlag({ late: false }, due, new Date('2026-11-30T00:00:00Z'))).toBe('on_time');
    expect(reportFlag({ late: true }, due, new Date('2026-11-30T00:00:00Z'))).toBe('late');
    expect(reportFlag(null, due, new Date('2026-11-27T09:00:00Z'))).toBe('pending');
    expect(reportFlag(null, due, new Date('2026-11-27T10:00:00Z'))).toBe('missing');
  });
});
