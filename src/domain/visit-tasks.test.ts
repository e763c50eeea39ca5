import { describe, expect, it } from 'vitest';
import { canVisitTaskTransition, daysLate, isTaskOverdue, visitTaskActionsFrom, wasTaskOverdue } from './visit-tasks.ts';

describe('the 交办事项 workflow', () => {
  it('closes a task as done, or marks it not done (which may still be done later)', () => {
    expect(visitTaskActionsFrom('open')).toEqual(['complete', 'mark_not_done']);
    expect(visitTaskActionsFrom('not_done')).toEqual(['complete']);
    expect(visitTaskActionsFrom('done')).toEqual([]);
    expect(canVisitTaskTransition('mark_not_done', 'not_done')).toBe(false);
  });
});

describe('late tasks', () => {
  // 2026-12-03 01:00 UTC is 09:00 on 3 December in Shanghai.
  const now = new Date('2026-12-03T01:00:00Z');

  it('are unfinished on a Shanghai day after the deadline', () => {
    expect(isTaskOverdue('open', '2026-12-02', now)).toBe(true);
    expect(isTaskOverdue('not_done', '2026-12-02', now)).toBe(true);
    expect(isTaskOverdue('open', '2026-12-03', now)).toBe(false);
    expect(isTaskOverdue('done', '2026-11-01', now)).toBe(false);
    // 2026-12-02 18:00 UTC is already 3 December in Shanghai.
    expect(isTaskOverdue('open', '2026-12-02', new Date('2026-12-02T18:00:00Z'))).toBe(true);
    expect(daysLate('2026-11-20', '2026-11-30')).toBe(10);
  });

  it('as at a month end count what was true then: done later still counts, assigned later does not', () => {
    const end = new Date('2026-11-30T16:00:00Z'); // the end of 30 November in Shanghai
    const base = { dueOn: '2026-11-20', createdAt: '2026-11-01T02:00:00Z' };
    expect(wasTaskOverdue({ ...base, doneAt: null }, '2026-11-30', end)).toBe(true);
    expect(wasTaskOverdue({ ...base, doneAt: '2026-12-01T02:00:00Z' }, '2026-11-30', end)).toBe(true);
    expect(wasTaskOverdue({ ...base, doneAt: '2026-11-25T02:00:00Z' }, '2026-11-30', end)).toBe(false);
    expect(wasTaskOverdue({ ...base, createdAt: '2026-12-01T02:00:00Z', doneAt: null }, '2026-11-30', end)).toBe(false);
    expect(wasTaskOverdue({ ...base, dueOn: '2026-11-30', doneAt: null }, '2026-11-30', end)).toBe(false);
  });
});
