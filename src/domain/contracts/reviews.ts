import { z } from 'zod';
import { PROBLEM_STATUSES } from '../problem-workflow.ts';
import { isCalendarDate } from '../time.ts';
import { REVIEW_OUTCOMES, REVIEW_TEXT_MAX } from '../village-review.ts';
import { IdSchema, isSingleLine, PageQuerySchema, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';
import { ProblemAllowedActionSchema } from './problems.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

const line = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-05-06)');

export const REVIEW_ACTIONS = ['edit', 'recordOutcomes', 'draftMeasure', 'draftPlan'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const ReviewCountsSchema = z.object({
  /** Problems of the village found in the round (withdrawn ones included). */
  problems: z.number().int(),
  confirmed: z.number().int(),
  disputed: z.number().int(),
  /** No outcome recorded yet. */
  unreviewed: z.number().int(),
  withdrawn: z.number().int(),
});
export type ReviewCounts = z.infer<typeof ReviewCountsSchema>;

export const ReviewMeasureSchema = z.object({
  id: z.string(),
  description: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  progress: z.number().int(),
  /** Drafted in this meeting. */
  fromReview: z.boolean(),
  version: z.number().int(),
});

export const ReviewProblemSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  areaName: z.string().nullable(),
  /** "ZDJS-01 活动场所面积和产权", or null. */
  checkItem: z.string().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  /** The problem's own version (a withdrawal sends it). */
  version: z.number().int(),
  outcome: z.enum(REVIEW_OUTCOMES).nullable(),
  /** Why it was disputed. */
  reason: z.string().nullable(),
  recordedAt: z.string().nullable(),
  measures: z.array(ReviewMeasureSchema),
  /** The problem's own allowed actions (e.g. `withdraw`), computed by the server. */
  allowedActions: z.array(ProblemAllowedActionSchema),
});
export type ReviewProblem = z.infer<typeof ReviewProblemSchema>;

export const ReviewSchema = z.object({
  id: z.string(),
  checklistId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  liaisonGroupName: z.string().nullable(),
  /** The meeting's date (YYYY-MM-DD), place, attendees (free text) and minutes. */
  heldOn: z.string(),
  place: z.string(),
  attendees: z.string(),
  minutes: z.string(),
  createdByName: z.string().nullable(),
  counts: ReviewCountsSchema,
  /** The village's problems of the round, in code order, each with its outcome and measures. */
  problems: z.array(ReviewProblemSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(z.enum(REVIEW_ACTIONS)),
});
export type Review = z.infer<typeof ReviewSchema>;

/** A village of a finished checklist, with its review and plan if any: the liaison group's work list. */
export const ReviewWorkItemSchema = z.object({
  checklistId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  liaisonGroupName: z.string().nullable(),
  /** Problems the round found in the village. */
  problems: z.number().int(),
  review: z.object({ id: z.string(), heldOn: z.string(), counts: ReviewCountsSchema }).nullable(),
  /** The plan's newest version and the approved one, if any. */
  plan: z
    .object({
      latestId: z.string(),
      latestVersionNo: z.number().int(),
      latestStatus: z.string(),
      approvedId: z.string().nullable(),
      approvedVersionNo: z.number().int().nullable(),
    })
    .nullable(),
  /** The reader may record this village's review. */
  canRecord: z.boolean(),
});
export type ReviewWorkItem = z.infer<typeof ReviewWorkItemSchema>;

export const ReviewListQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  roundId: IdSchema.optional(),
  ...PageQuerySchema.shape,
});
export type ReviewListQuery = z.infer<typeof ReviewListQuerySchema>;

export const ReviewListSchema = z.object({
  items: z.array(ReviewWorkItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReviewList = z.infer<typeof ReviewListSchema>;

const meetingFields = {
  heldOn: DateSchema,
  place: line(100, '会议地点'),
  attendees: text(1000, '参会人员'),
  minutes: text(REVIEW_TEXT_MAX, '会议纪要'),
};

export const CreateReviewBodySchema = z.object({
  /** The village's checklist of the round (finished). */
  checklistId: IdSchema,
  ...meetingFields,
});
export type CreateReviewBody = z.infer<typeof CreateReviewBodySchema>;

export const UpdateReviewBodySchema = z
  .object({
    version: VersionSchema,
    heldOn: meetingFields.heldOn.optional(),
    place: meetingFields.place.optional(),
    attendees: meetingFields.attendees.optional(),
    minutes: meetingFields.minutes.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type UpdateReviewBody = z.infer<typeof UpdateReviewBodySchema>;

export const ReviewOutcomeInputSchema = z.object({
  problemId: IdSchema,
  outcome: z.enum(REVIEW_OUTCOMES),
  /** Required when disputed: why the village questions the finding. */
  reason: z.string().trim().max(1000, '异议理由最多 1000 字').refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
});

export const RecordOutcomesBodySchema = z.object({
  version: VersionSchema,
  outcomes: z.array(ReviewOutcomeInputSchema).min(1, '请至少记录一个问题的核实结果').max(200, '一次最多记录 200 个问题'),
});
export type RecordOutcomesBody = z.infer<typeof RecordOutcomesBodySchema>;

export const WithdrawProblemBodySchema = z.object({
  problemId: IdSchema,
  /** The problem's version (not the review's). */
  version: VersionSchema,
  /** Default: the dispute's reason, as the 两委会 gave it. */
  reason: z.string().trim().max(1000, '撤销理由最多 1000 字').refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
});
export type WithdrawProblemBody = z.infer<typeof WithdrawProblemBodySchema>;
