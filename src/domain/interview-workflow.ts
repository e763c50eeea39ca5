/**
 * 约谈 as data: a district officer schedules an interview of a lagging
 * organization, may move it while it is scheduled, records what was said and
 * promised once it is held, and closes it with the follow-up; a scheduled
 * interview may also be cancelled (with a reason). Adding a status or an
 * action breaks the build until every `satisfies` table and switch handles it.
 */
export const INTERVIEW_STATUSES = ['scheduled', 'held', 'closed', 'cancelled'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

export const INTERVIEW_ACTIONS = ['reschedule', 'record', 'close', 'cancel'] as const;
export type InterviewAction = (typeof INTERVIEW_ACTIONS)[number];

export interface InterviewTransition {
  from: readonly InterviewStatus[];
  to: InterviewStatus;
  /** Text the action cannot go without. */
  requires: readonly ('talkingPoints' | 'commitments' | 'commitmentDueOn' | 'followUp' | 'reason')[];
}

export const INTERVIEW_WORKFLOW = {
  /** 调整时间地点: who, when, where may change until it is held. */
  reschedule: { from: ['scheduled'], to: 'scheduled', requires: [] },
  /** 记录约谈: talking points, commitments and the date they are due. */
  record: { from: ['scheduled'], to: 'held', requires: ['talkingPoints', 'commitments', 'commitmentDueOn'] },
  /** 销号 after the follow-up (整改落实情况) is recorded. */
  close: { from: ['held'], to: 'closed', requires: ['followUp'] },
  /** 取消, with the reason in words. */
  cancel: { from: ['scheduled'], to: 'cancelled', requires: ['reason'] },
} as const satisfies Record<InterviewAction, InterviewTransition>;

export const INTERVIEW_STATUS_LABELS = {
  scheduled: { zh: '已安排', en: 'Scheduled' },
  held: { zh: '已约谈', en: 'Held' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
} as const satisfies Record<InterviewStatus, { zh: string; en: string }>;

export const INTERVIEW_ACTION_LABELS = {
  reschedule: { zh: '调整安排', en: 'Reschedule' },
  record: { zh: '记录约谈', en: 'Record' },
  close: { zh: '办结', en: 'Close' },
  cancel: { zh: '取消约谈', en: 'Cancel' },
} as const satisfies Record<InterviewAction, { zh: string; en: string }>;

export function canInterviewTransition(action: InterviewAction, status: InterviewStatus): boolean {
  return (INTERVIEW_WORKFLOW[action].from as readonly InterviewStatus[]).includes(status);
}

/** The actions a status allows, in the workflow's order. */
export function interviewActionsFrom(status: InterviewStatus): InterviewAction[] {
  return INTERVIEW_ACTIONS.filter((a) => canInterviewTransition(a, status));
}

/** Still needs someone's attention (shown first in lists). */
export function isInterviewOpen(status: InterviewStatus): boolean {
  switch (status) {
    case 'scheduled':
    case 'held':
      return true;
    case 'closed':
    case 'cancelled':
      return false;
  }
}

/** The longest talking points / commitments / follow-up text, in characters. */
export const INTERVIEW_TEXT_MAX = 4000;
