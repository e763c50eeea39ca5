import { shanghaiDate } from './time.ts';

/**
 * Leaders' supervision visits (调研督导, DOMAIN.md step 6): a leader visits
 * villages and gives instructions; an instruction may become a tracked item
 * (交办事项) with an owner unit and a deadline, closed with an outcome: done,
 * or not done (checked and found unfinished: it stays on the books and may
 * still be done later). As data, like the other workflows.
 */
export const VISIT_TASK_STATUSES = ['open', 'done', 'not_done'] as const;
export type VisitTaskStatus = (typeof VISIT_TASK_STATUSES)[number];

export const VISIT_TASK_ACTIONS = ['complete', 'mark_not_done'] as const;
export type VisitTaskAction = (typeof VISIT_TASK_ACTIONS)[number];

export interface VisitTaskTransition {
  from: readonly VisitTaskStatus[];
  to: VisitTaskStatus;
  /** The outcome needs a note in words. */
  noteRequired: boolean;
}

export const VISIT_TASK_WORKFLOW = {
  /** 办结: done (also later, after it was found not done). */
  complete: { from: ['open', 'not_done'], to: 'done', noteRequired: false },
  /** 未办结: checked and found unfinished, with what is missing. */
  mark_not_done: { from: ['open'], to: 'not_done', noteRequired: true },
} as const satisfies Record<VisitTaskAction, VisitTaskTransition>;

export const VISIT_TASK_STATUS_LABELS = {
  open: { zh: '办理中', en: 'In progress' },
  done: { zh: '已办结', en: 'Done' },
  not_done: { zh: '未办结', en: 'Not done' },
} as const satisfies Record<VisitTaskStatus, { zh: string; en: string }>;

export const VISIT_TASK_ACTION_LABELS = {
  complete: { zh: '办结', en: 'Mark done' },
  mark_not_done: { zh: '记为未办结', en: 'Mark not done' },
} as const satisfies Record<VisitTaskAction, { zh: string; en: string }>;

export function canVisitTaskTransition(action: VisitTaskAction, status: VisitTaskStatus): boolean {
  return (VISIT_TASK_WORKFLOW[action].from as readonly VisitTaskStatus[]).includes(status);
}

export function visitTaskActionsFrom(status: VisitTaskStatus): VisitTaskAction[] {
  return VISIT_TASK_ACTIONS.filter((a) => canVisitTaskTransition(a, status));
}

/** Still owed: open, or found not done. */
export function isTaskUnfinished(status: VisitTaskStatus): boolean {
  switch (status) {
    case 'open':
    case 'not_done':
      return true;
    case 'done':
      return false;
  }
}

/** Late (逾期) = unfinished on a Shanghai calendar day after its deadline, as problems are. */
export function isTaskOverdue(status: VisitTaskStatus, dueOn: string, now: Date): boolean {
  return isTaskUnfinished(status) && shanghaiDate(now) > dueOn;
}

/**
 * Late as at a moment of the past (`end`, whose Shanghai day is `asAt`):
 * assigned before it, due on a day before `asAt`, and not done by then (done
 * later or never). The circular uses it with the month's end.
 */
export function wasTaskOverdue(t: { dueOn: string; createdAt: string; doneAt: string | null }, asAt: string, end: Date): boolean {
  return Date.parse(t.createdAt) < end.getTime() && t.dueOn < asAt && (t.doneAt === null || Date.parse(t.doneAt) >= end.getTime());
}

/** Whole days past the deadline at `asAt` (0 when not past it). */
export function daysLate(dueOn: string, asAt: string): number {
  return Math.max(0, Math.round((Date.parse(asAt) - Date.parse(dueOn)) / 86_400_000));
}

/** The longest text of a visit (what was seen, instructions, a task, an outcome note), in characters. */
export const VISIT_TEXT_MAX = 4000;
