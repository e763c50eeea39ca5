import { addMonths, monthOf, reportDueAt, weekStartOf } from './cadence.ts';
import { isActionable, type ProblemStatus } from './problem-workflow.ts';
import { addDays, shanghaiDate } from './time.ts';

/**
 * Which reminder is due, as pure rules (the reminders job asks these on each
 * run and inserts what they answer under a dedupe key, so asking twice on the
 * same day, or after a restart, repeats nothing).
 */

/**
 * The kinds of in-app notification; the web shows a label per kind, and
 * src/domain/notification-messages.ts holds each kind's parameters and its
 * words in both languages.
 */
export const NOTIFICATION_KINDS = [
  'problem_due',
  'problem_overdue',
  'problem_submitted',
  'problem_rejected',
  'problem_accepted',
  'problem_closed',
  'problem_reopened',
  'report_due',
  'report_missing',
  'report_reminded',
  'circular_due',
  'circular_overdue',
  'interview_scheduled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who hears of an overdue problem: the village; then also the subdistrict above; then also the district. */
export type EscalationLevel = 'village' | 'subdistrict' | 'district';

export interface ReminderRules {
  /** Days before the deadline, e.g. [7, 3, 1]. */
  dueInDays: readonly number[];
  /** Days past the deadline, e.g. [1, 7, 14]; the 2nd step escalates to the subdistrict, the 3rd to the district. */
  overdueDays: readonly number[];
}

export type ProblemReminder =
  /** `threshold` names the step (the dedupe key); `daysLeft` is the truth on the day (0 = due today). */
  | { kind: 'problem_due'; threshold: number; daysLeft: number }
  | { kind: 'problem_overdue'; threshold: number; daysOverdue: number; level: EscalationLevel };

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The one reminder due for a problem on Shanghai day `today`, or null.
 *
 * Due in N days: the step is the tightest N of `dueInDays` already reached
 * (N >= days left). On a job that runs every day this fires exactly on the
 * days when days-left equals 7, 3 and 1. After a missed day (downtime, or a
 * problem created 5 days before its deadline) it fires once, late, for the
 * nearest step — saying the real number of days left — and never a burst of
 * stale ones for steps already passed. On the deadline day itself the last
 * step (1) still fires if it was missed.
 *
 * Overdue by N days: the step is the highest N of `overdueDays` reached
 * (days overdue >= N). Each step fires once; catching up after downtime sends
 * only the highest step reached, not every step in between. The step's rank
 * sets the escalation: 1st → village, 2nd → also the subdistrict, 3rd and
 * later → also the district.
 *
 * Only open or rectifying problems with a deadline get these (a problem
 * waiting for acceptance is not the village's to act on).
 */
export function problemReminder(
  problem: { status: ProblemStatus; dueOn: string | null },
  today: string,
  rules: ReminderRules,
): ProblemReminder | null {
  if (problem.dueOn === null || !isActionable(problem.status)) return null;
  const left = daysBetween(today, problem.dueOn);
  if (left >= 0) {
    const reached = [...rules.dueInDays].filter((n) => n >= left).sort((a, b) => a - b);
    const threshold = reached[0];
    return threshold === undefined ? null : { kind: 'problem_due', threshold, daysLeft: left };
  }
  const over = -left;
  const steps = [...new Set(rules.overdueDays)].sort((a, b) => a - b);
  let rank = -1;
  steps.forEach((n, i) => {
    if (over >= n) rank = i;
  });
  if (rank < 0) return null;
  const level: EscalationLevel = rank === 0 ? 'village' : rank === 1 ? 'subdistrict' : 'district';
  return { kind: 'problem_overdue', threshold: steps[rank]!, daysOverdue: over, level };
}

/** The dedupe key of a problem reminder; it includes the deadline so that a new deadline re-arms every step. */
export function problemReminderKey(problemId: string, reminder: ProblemReminder, dueOn: string): string {
  const step = reminder.kind === 'problem_due' ? 'due' : 'overdue';
  return `problem:${problemId}:${step}:${reminder.threshold}:${dueOn}`;
}

/** One "awaiting acceptance" notice per submission: a re-submission after a send-back is a new one. */
/**
 * Every deadline reminder a problem may have had for the deadline `dueOn` (each step of both lists): once the problem
 * leaves the village's hands (submitted, accepted, closed, withdrawn) they are moot, and are marked read.
 */
export function deadlineReminderKeys(problemId: string, dueOn: string, rules: ReminderRules): string[] {
  return [
    ...rules.dueInDays.map((threshold) => problemReminderKey(problemId, { kind: 'problem_due', threshold, daysLeft: 0 }, dueOn)),
    ...rules.overdueDays.map((threshold) =>
      problemReminderKey(problemId, { kind: 'problem_overdue', threshold, daysOverdue: threshold, level: 'village' }, dueOn),
    ),
  ];
}

export function submittedKey(problemId: string, submittedAt: string): string {
  return `problem:${problemId}:submitted:${submittedAt}`;
}

/** The workflow events the village hears of when they happen (submitting uses `submittedKey`, shared with the job). */
export type ProblemEvent = 'rejected' | 'accepted' | 'closed' | 'reopened';

/**
 * One notice per workflow event: `version` is the problem's version the
 * transition produced, unique per problem and per event, so a second send-back
 * (of a later submission) is a new notice while the same event is never told twice.
 */
export function problemEventKey(problemId: string, event: ProblemEvent, version: number): string {
  return `problem:${problemId}:${event}:v${version}`;
}

export type ReportReminder = { kind: 'report_due' | 'report_missing'; weekStart: string; dueAt: Date };

/**
 * The weekly-report reminder at `now` for a unit that has not filed this
 * week's report: "due" on the due day before the due time, "missing" from the
 * due time to the end of the week. Only the current week is considered: once
 * a new week starts, last week's gap shows in the figures and RAG, not as a
 * fresh notice (which would flood everyone on the first run after an upgrade).
 */
export function reportReminder(now: Date, rules: { dueWeekday: number; dueTime: string }): ReportReminder | null {
  const weekStart = weekStartOf(now);
  const dueAt = reportDueAt(weekStart, rules.dueWeekday, rules.dueTime);
  if (now.getTime() >= dueAt.getTime()) return { kind: 'report_missing', weekStart, dueAt };
  if (shanghaiDate(now) === shanghaiDate(dueAt)) return { kind: 'report_due', weekStart, dueAt };
  return null;
}

export function reportKey(weekStart: string, unitId: string, kind: ReportReminder['kind']): string {
  return `report:${weekStart}:${unitId}:${kind === 'report_due' ? 'due' : 'missing'}`;
}

/** The step a problem is at (its kind and threshold: `problem_due:7`), or null. */
function stepOf(reminder: ProblemReminder | null): string | null {
  return reminder === null ? null : `${reminder.kind}:${reminder.threshold}`;
}

/**
 * The dates on which a deadline's step may change: each "due in N days" day and each "N days overdue" day,
 * in order (problemReminder's answer changes only on these).
 */
function stepDates(dueOn: string, rules: ReminderRules): string[] {
  const dates = [...rules.dueInDays.map((n) => addDays(dueOn, -n)), ...rules.overdueDays.map((n) => addDays(dueOn, n))];
  return [...new Set(dates)].sort();
}

/**
 * The next Shanghai day after `today` worth a look at the problem (problems.remind_on): the first day on which
 * problemReminder gives a step other than today's, one that has something to tell (not null). Null when there is
 * none: no deadline, not the village's to act on (submitted, accepted, closed, withdrawn: a submission is told once,
 * by its own key), or past the last overdue step. The reminders job examines a problem only on or after this day
 * (a write to its status, deadline or submission sets it to the day of the write: remindOnAfterWrite).
 */
export function nextReminderOn(
  problem: { status: ProblemStatus; dueOn: string | null },
  today: string,
  rules: ReminderRules,
): string | null {
  if (problem.dueOn === null || !isActionable(problem.status)) return null;
  const now = stepOf(problemReminder(problem, today, rules));
  for (const day of stepDates(problem.dueOn, rules)) {
    if (day <= today) continue;
    const then = stepOf(problemReminder(problem, day, rules));
    if (then !== null && then !== now) return day;
  }
  return null;
}

/** The problem columns whose change may change what reminder is due (a write touching one sets remind_on). */
export const REMINDER_INPUTS = ['status', 'due_on', 'submitted_at'] as const;

/**
 * problems.remind_on after a write of `changes` at `at`: the write's own Shanghai day ("look at this problem on the
 * next run") when it carries a status, a deadline or a submission time (REMINDER_INPUTS), else undefined (the write
 * leaves remind_on as it is). Simple and safe: the run works out the step and the next day worth a look
 * (nextReminderOn) itself.
 */
export function remindOnAfterWrite(
  changes: Partial<Record<(typeof REMINDER_INPUTS)[number], unknown>>,
  at: Date | string,
): string | undefined {
  return REMINDER_INPUTS.some((c) => changes[c] !== undefined) ? shanghaiDate(typeof at === 'string' ? new Date(at) : at) : undefined;
}

/**
 * problems.remind_on of a problem as first written at `at`: the day of the write when it may have something to
 * tell (a deadline while the village is to act on it, or a submission waiting), else null.
 */
export function remindOnForNew(row: { status: string; due_on: string | null }, at: Date | string): string | null {
  const status = row.status as ProblemStatus;
  return (isActionable(status) && row.due_on !== null) || status === 'submitted'
    ? shanghaiDate(typeof at === 'string' ? new Date(at) : at)
    : null;
}

/**
 * The first day on which a problem is at a reminder step (problemReminder not null), or null: the remind_on of a
 * problem as if the job had looked at it every day since it was written and had nothing to tell before (bench
 * loaders that write rows straight to the table).
 */
export function firstReminderOn(problem: { status: ProblemStatus; dueOn: string | null }, rules: ReminderRules): string | null {
  if (problem.dueOn === null || !isActionable(problem.status)) return null;
  return stepDates(problem.dueOn, rules).find((day) => problemReminder(problem, day, rules) !== null) ?? null;
}

/** 一月一通报: the district office is reminded of last month's circular this many days before its due day. */
export const CIRCULAR_REMIND_DAYS_BEFORE = 3;

export interface CircularReminder {
  kind: 'circular_due' | 'circular_overdue';
  /** The month the circular reports on (the one before `now`'s). */
  month: string;
  /** Its last day on time (Shanghai): `dueDay` of the following month. */
  dueOn: string;
}

/**
 * The reminder due on `now` for last month's circular (一月一通报, due by `dueDay` of the following month; cadence
 * rules `circular.dueDay`): "due" from CIRCULAR_REMIND_DAYS_BEFORE days before that day until it, "overdue" from
 * the day after until the month ends; null before. The caller tells the issuing office only while the circular is
 * not published, once per step (circularKey).
 */
export function circularReminder(now: Date, dueDay: number): CircularReminder | null {
  const running = monthOf(now);
  const month = addMonths(running, -1);
  const dueOn = `${running}-${String(dueDay).padStart(2, '0')}`;
  const today = shanghaiDate(now);
  if (today > dueOn) return { kind: 'circular_overdue', month, dueOn };
  if (daysBetween(today, dueOn) <= CIRCULAR_REMIND_DAYS_BEFORE) return { kind: 'circular_due', month, dueOn };
  return null;
}

/** The dedupe key of a circular reminder: one per issuing organization, month and step. */
export function circularKey(issuerId: string, month: string, kind: CircularReminder['kind']): string {
  return `circular:${month}:${issuerId}:${kind === 'circular_due' ? 'due' : 'overdue'}`;
}
