import { z } from 'zod';
import { isMonth } from '../cadence.ts';
import { INTERVIEW_ACTIONS, INTERVIEW_STATUSES, INTERVIEW_TEXT_MAX } from '../interview-workflow.ts';
import { isCalendarDate } from '../time.ts';
import { IdSchema, instantSchema, isSingleLine, SINGLE_LINE_MESSAGE, VersionSchema, PageQuerySchema } from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

const MonthSchema = z
  .string()
  .refine(isMonth, '月份应为 2000 至 2999 年间的 YYYY-MM，如 2026-11 (a month from 2000 to 2999, like 2026-11)');
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-12-31)');
/** An instant with its zone, e.g. 2026-12-03T09:30:00+08:00 or …Z. */
const InstantSchema = instantSchema('2026-12-03T09:30:00+08:00');

/** Why an organization is a candidate (see src/domain/interview-triggers.ts). */
export const InterviewReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('red_months'), months: z.number().int().min(1).max(12) }),
  z.object({ code: z.literal('ranking_tail'), rank: z.number().int().min(1), of: z.number().int().min(1) }),
  z.object({ code: z.literal('overdue_long'), count: z.number().int().min(1), days: z.number().int().min(1) }),
  z.object({ code: z.literal('venue_overdue'), count: z.number().int().min(1), days: z.number().int().min(1) }),
  z.object({ code: z.literal('venue_stalled'), count: z.number().int().min(1), weeks: z.number().int().min(1) }),
  z.object({ code: z.literal('meetings_missed'), count: z.number().int().min(1), months: z.number().int().min(1) }),
]);

export const InterviewReasonViewSchema = z.object({
  reason: InterviewReasonSchema,
  zh: z.string(),
  en: z.string(),
});

export const InterviewCandidatesQuerySchema = PageQuerySchema.extend({
  /** Default: the last complete month. */
  month: MonthSchema.optional(),
});
export type InterviewCandidatesQuery = z.infer<typeof InterviewCandidatesQuerySchema>;

export const InterviewCandidateSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  parentName: z.string().nullable(),
  /** Every trigger met, as data and in words. */
  reasons: z.array(InterviewReasonViewSchema),
  /** An interview of this organization for the month that is not cancelled; null when none. */
  interviewId: z.string().nullable(),
  interviewStatus: z.enum(INTERVIEW_STATUSES).nullable(),
});
export type InterviewCandidate = z.infer<typeof InterviewCandidateSchema>;

/**
 * One page of the month's candidates (a province has thousands), in their order: villages and communities before
 * subdistricts, most reasons first, then by name; `total` counts them all.
 */
export const InterviewCandidatesSchema = z.object({
  month: z.string(),
  /** The triggers in force, in words. */
  rulesZh: z.string(),
  rulesEn: z.string(),
  items: z.array(InterviewCandidateSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type InterviewCandidates = z.infer<typeof InterviewCandidatesSchema>;

export const InterviewAllowedActionSchema = z.enum(INTERVIEW_ACTIONS);

export const InterviewSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  organizationKind: z.string(),
  status: z.enum(INTERVIEW_STATUSES),
  /** The month whose assessment led to it (`YYYY-MM`). */
  month: z.string().nullable(),
  reasons: z.array(InterviewReasonViewSchema),
  /** ISO instant (UTC). */
  scheduledAt: z.string(),
  location: z.string(),
  /** Who conducts it (约谈人). */
  interviewer: z.string(),
  /** Who attends (参加人员). */
  attendees: z.string(),
  /** The notice sent (约谈通知). */
  notice: z.string(),
  talkingPoints: z.string().nullable(),
  commitments: z.string().nullable(),
  commitmentDueOn: z.string().nullable(),
  heldAt: z.string().nullable(),
  followUp: z.string().nullable(),
  /** Why it was cancelled (only for a cancelled interview). */
  cancelReason: z.string().nullable(),
  /** When it was closed or cancelled. */
  closedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(InterviewAllowedActionSchema),
});
export type Interview = z.infer<typeof InterviewSchema>;

export const InterviewListQuerySchema = z.object({
  /** Interviews of this organization and its subtree (history per organization). */
  organizationId: IdSchema.optional(),
  status: z.enum(INTERVIEW_STATUSES).optional(),
  ...PageQuerySchema.shape,
});
export type InterviewListQuery = z.infer<typeof InterviewListQuerySchema>;

export const InterviewListSchema = z.object({
  items: z.array(InterviewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The reader may schedule interviews (somewhere in scope). */
  canSchedule: z.boolean(),
});
export type InterviewList = z.infer<typeof InterviewListSchema>;

const scheduleFields = {
  scheduledAt: InstantSchema,
  location: line(100, '地点'),
  interviewer: line(100, '约谈人'),
  attendees: text(500, '参加人员'),
  notice: text(INTERVIEW_TEXT_MAX, '约谈通知'),
};

export const CreateInterviewBodySchema = z.object({
  organizationId: IdSchema,
  /** The month it answers for; default the current month. */
  month: MonthSchema.optional(),
  /** The reasons from the candidates list (default none: an interview may be called for other reasons). */
  reasons: z.array(InterviewReasonSchema).max(10).default([]),
  ...scheduleFields,
});
export type CreateInterviewBody = z.infer<typeof CreateInterviewBodySchema>;

export const RescheduleInterviewBodySchema = z
  .object({
    version: VersionSchema,
    scheduledAt: scheduleFields.scheduledAt.optional(),
    location: scheduleFields.location.optional(),
    interviewer: scheduleFields.interviewer.optional(),
    attendees: scheduleFields.attendees.optional(),
    notice: scheduleFields.notice.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type RescheduleInterviewBody = z.infer<typeof RescheduleInterviewBodySchema>;

export const RecordInterviewBodySchema = z.object({
  version: VersionSchema,
  talkingPoints: text(INTERVIEW_TEXT_MAX, '约谈要点'),
  commitments: text(INTERVIEW_TEXT_MAX, '整改承诺'),
  commitmentDueOn: DateSchema,
});
export type RecordInterviewBody = z.infer<typeof RecordInterviewBodySchema>;

export const CloseInterviewBodySchema = z.object({
  version: VersionSchema,
  followUp: text(INTERVIEW_TEXT_MAX, '跟踪落实情况'),
});
export type CloseInterviewBody = z.infer<typeof CloseInterviewBodySchema>;

export const CancelInterviewBodySchema = z.object({
  version: VersionSchema,
  reason: text(500, '取消原因'),
});
export type CancelInterviewBody = z.infer<typeof CancelInterviewBodySchema>;
