import { describe, expect, it } from 'vitest';
import {
  firstReminderOn,
  nextReminderOn,
  problemReminder,
  problemReminderKey,
  type ReminderRules,
  remindOnAfterWrite,
  remindOnForNew,
  reportKey,
  reportReminder,
  submittedKey,
} from './reminders.ts';
import { PROBLEM_STATUSES } from './problem-workflow.ts';
import { addDays } from './time.ts';

const rules = { dueInDays: [7, 3, 1], overdueDays: [1, 7, 14] };
const due = '2026-12-20';

describe('problemReminder', () => {
  it.each([
    // today, expected
    ['2026-12-01', null],
    ['2026-12-12', null],
    ['2026-12-13', { kind: 'problem_due', threshold: 7, daysLeft: 7 }],
    ['2026-12-14', { kind: 'problem_due', threshold: 7, daysLeft: 6 }],
    ['2026-12-17', { kind: 'problem_due', threshold: 3, daysLeft: 3 }],
    ['2026-12-19', { kind: 'problem_due', threshold: 1, daysLeft: 1 }],
    ['2026-12-20', { kind: 'problem_due', threshold: 1, daysLeft: 0 }],
    ['2026-12-21', { kind: 'problem_overdue', threshold: 1, daysOverdue: 1, level: 'village' }],
    ['2026-12-26', { kind: 'problem_overdue', threshold: 1, daysOverdue: 6, level: 'village' }],
    ['2026-12-27', { kind: 'problem_overdue', threshold: 7, daysOverdue: 7, level: 'subdistrict' }],
    ['2027-01-02', { kind: 'problem_overdue', threshold: 7, daysOverdue: 13, level: 'subdistrict' }],
    ['2027-01-03', { kind: 'problem_overdue', threshold: 14, daysOverdue: 14, level: 'district' }],
    ['2027-03-01', { kind: 'problem_overdue', threshold: 14, daysOverdue: 71, level: 'district' }],
  ])('on %s for a deadline of 2026-12-20 → %o', (today, expected) => {
    expect(problemReminder({ status: 'rectifying', dueOn: due }, today, rules)).toEqual(expected);
  });

  it('after a missed day sends the nearest step once, not the stale ones passed', () => {
    // The job was down from 7 days before to 2 days before: one "due in 2 days" keyed at step 3.
    const r = problemReminder({ status: 'open', dueOn: due }, '2026-12-18', rules);
    expect(r).toEqual({ kind: 'problem_due', threshold: 3, daysLeft: 2 });
  });

  it('catching up after downtime past several overdue steps sends only the highest reached', () => {
    const r = problemReminder({ status: 'open', dueOn: due }, '2027-01-10', rules);
    expect(r).toMatchObject({ threshold: 14, level: 'district' });
  });

  it('ignores problems that are not the village’s to act on, and those without a deadline', () => {
    for (const status of ['submitted', 'accepted', 'closed'] as const) {
      expect(problemReminder({ status, dueOn: due }, '2026-12-25', rules)).toBeNull();
    }
    expect(problemReminder({ status: 'open', dueOn: null }, '2026-12-25', rules)).toBeNull();
  });

  it('takes unsorted and custom steps', () => {
    const custom = { dueInDays: [1, 5], overdueDays: [30, 3] };
    expect(problemReminder({ status: 'open', dueOn: due }, '2026-12-16', custom)).toEqual({
      kind: 'problem_due',
      threshold: 5,
      daysLeft: 4,
    });
    expect(problemReminder({ status: 'open', dueOn: due }, '2026-12-22', custom)).toBeNull();
    expect(problemReminder({ status: 'open', dueOn: due }, '2026-12-23', custom)).toMatchObject({ threshold: 3, level: 'village' });
    expect(problemReminder({ status: 'open', dueOn: due }, '2027-01-19', custom)).toMatchObject({ threshold: 30, level: 'subdistrict' });
    expect(problemReminder({ status: 'open', dueOn: due }, '2026-12-25', { dueInDays: [], overdueDays: [] })).toBeNull();
  });

  it('keys include the step and the deadline, so a new deadline re-arms the reminders', () => {
    const r = problemReminder({ status: 'open', dueOn: due }, '2026-12-17', rules)!;
    expect(problemReminderKey('p1', r, due)).toBe('problem:p1:due:3:2026-12-20');
    const o = problemReminder({ status: 'open', dueOn: due }, '2026-12-28', rules)!;
    expect(problemReminderKey('p1', o, due)).toBe('problem:p1:overdue:7:2026-12-20');
    expect(submittedKey('p1', '2026-12-01T02:00:00.000Z')).toBe('problem:p1:submitted:2026-12-01T02:00:00.000Z');
  });
});

describe('reportReminder (due Friday 18:00 Shanghai)', () => {
  const reports = { dueWeekday: 5, dueTime: '18:00' };
  it.each([
    // 2026-11-23 is a Monday; Friday is 11-27; 18:00 Shanghai = 10:00 UTC.
    ['2026-11-26T09:00:00.000Z', null],
    ['2026-11-26T16:30:00.000Z', 'report_due'], // Friday 00:30 Shanghai
    ['2026-11-27T09:59:59.000Z', 'report_due'],
    ['2026-11-27T10:00:00.000Z', 'report_missing'],
    ['2026-11-29T15:59:00.000Z', 'report_missing'], // Sunday 23:59 Shanghai
    ['2026-11-29T16:00:00.000Z', null], // the next Monday: a new week
  ])('at %s → %s', (at, kind) => {
    const r = reportReminder(new Date(at), reports);
    expect(r?.kind ?? null).toBe(kind);
    if (r) expect(r.weekStart).toBe('2026-11-23');
  });

  it('keys name the week, the unit and the kind', () => {
    expect(reportKey('2026-11-23', 'u1', 'report_missing')).toBe('report:2026-11-23:u1:missing');
  });
});

describe('nextReminderOn', () => {
  const ruleSets: ReminderRules[] = [
    { dueInDays: [7, 3, 1], overdueDays: [1, 7, 14] },
    { dueInDays: [2], overdueDays: [3] },
    { dueInDays: [1, 5, 5], overdueDays: [30, 1, 1] },
    { dueInDays: [], overdueDays: [7] },
    { dueInDays: [], overdueDays: [] },
  ];
  const step = (r: ReturnType<typeof problemReminder>) => (r ? `${r.kind}:${r.threshold}` : null);

  it('is the first later day with another step to tell, for every deadline within 60 days and every status', () => {
    const today = '2026-03-01'; // across a month end and February
    for (const rules of ruleSets) {
      for (const status of PROBLEM_STATUSES) {
        for (let offset = -60; offset <= 60; offset++) {
          const p = { status, dueOn: addDays(today, offset) };
          // Day by day, as problemReminder answers it (the last step is reached at most 365 days after the deadline).
          const now = step(problemReminder(p, today, rules));
          let expected: string | null = null;
          for (let d = 1; d <= 500 && expected === null; d++) {
            const then = step(problemReminder(p, addDays(today, d), rules));
            if (then !== null && then !== now) expected = addDays(today, d);
          }
          expect(nextReminderOn(p, today, rules), `${status} ${p.dueOn} ${JSON.stringify(rules)}`).toBe(expected);
        }
      }
    }
  });

  it("is null without a deadline, for a problem not the village's to act on, and past the last overdue step", () => {
    const rules = { dueInDays: [7, 3, 1], overdueDays: [1, 7, 14] };
    expect(nextReminderOn({ status: 'open', dueOn: null }, '2026-12-01', rules)).toBeNull();
    expect(nextReminderOn({ status: 'submitted', dueOn: '2026-12-20' }, '2026-12-01', rules)).toBeNull();
    expect(nextReminderOn({ status: 'rectifying', dueOn: '2026-12-20' }, '2027-01-03', rules)).toBeNull();
    expect(nextReminderOn({ status: 'rectifying', dueOn: '2026-12-20' }, '2026-12-01', rules)).toBe('2026-12-13');
    expect(nextReminderOn({ status: 'rectifying', dueOn: '2026-12-20' }, '2026-12-20', rules)).toBe('2026-12-21');
  });

  it('firstReminderOn is the first day at any step', () => {
    const rules = { dueInDays: [7, 3, 1], overdueDays: [1, 7, 14] };
    expect(firstReminderOn({ status: 'open', dueOn: '2026-12-20' }, rules)).toBe('2026-12-13');
    expect(firstReminderOn({ status: 'open', dueOn: '2026-12-20' }, { dueInDays: [], overdueDays: [7] })).toBe('2026-12-27');
    expect(firstReminderOn({ status: 'closed', dueOn: '2026-12-20' }, rules)).toBeNull();
  });
});

describe('remind_on on a write', () => {
  const at = '2026-12-03T17:00:00.000Z'; // already 12-04 in Shanghai
  it('is the day of a write to the status, the deadline or the submission; other writes leave it', () => {
    expect(remindOnAfterWrite({ status: 'rectifying' }, at)).toBe('2026-12-04');
    expect(remindOnAfterWrite({ due_on: null }, at)).toBe('2026-12-04');
    expect(remindOnAfterWrite({ submitted_at: null }, new Date(at))).toBe('2026-12-04');
    expect(remindOnAfterWrite({}, at)).toBeUndefined();
  });
  it('of a new problem: when it has a deadline to remind of or waits for acceptance', () => {
    expect(remindOnForNew({ status: 'open', due_on: '2026-12-31' }, at)).toBe('2026-12-04');
    expect(remindOnForNew({ status: 'submitted', due_on: null }, at)).toBe('2026-12-04');
    expect(remindOnForNew({ status: 'open', due_on: null }, at)).toBeNull();
    expect(remindOnForNew({ status: 'closed', due_on: '2026-12-31' }, at)).toBeNull();
  });
});
