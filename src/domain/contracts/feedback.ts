import { z } from 'zod';
import { IdSchema, isSingleLine, PageQuerySchema, pageOf, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';
import { CreateProblemBodySchema } from './problems.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';
import {
  FEEDBACK_ACTIONS,
  FEEDBACK_BODY_MAX,
  FEEDBACK_BODY_MIN,
  FEEDBACK_KINDS,
  FEEDBACK_NAME_MAX,
  FEEDBACK_REPLY_MAX,
  FEEDBACK_STATUSES,
} from '../feedback-rules.ts';

/** The kinds, states and limits live in a zod-free module the web app imports (feedback-rules.ts). */
export * from '../feedback-rules.ts';

/** 群众监督: villagers' feedback on a village or a problem, moderated before it shows. */

/**
 * The public form (application/x-www-form-urlencoded, works without
 * JavaScript). `token` is the time trap (signed when the form was rendered;
 * too fast or too old is refused); `website` is a field people never see and
 * bots fill in.
 */
export const FeedbackFormSchema = z.object({
  villageId: IdSchema,
  problemId: z.union([IdSchema, z.literal('')]).optional(),
  kind: z.enum(FEEDBACK_KINDS).default('comment'),
  body: z
    .string()
    .trim()
    .min(FEEDBACK_BODY_MIN, `内容至少 ${FEEDBACK_BODY_MIN} 个字 (at least ${FEEDBACK_BODY_MIN} characters)`)
    .max(FEEDBACK_BODY_MAX, `内容不超过 ${FEEDBACK_BODY_MAX} 个字 (at most ${FEEDBACK_BODY_MAX} characters)`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE),
  name: z
    .string()
    .trim()
    .max(FEEDBACK_NAME_MAX, `称呼不超过 ${FEEDBACK_NAME_MAX} 个字`)
    .refine(isSingleLine, SINGLE_LINE_MESSAGE)
    .optional(),
  token: z.string().max(200).default(''),
  website: z.string().max(200).optional(),
});
export type FeedbackForm = z.infer<typeof FeedbackFormSchema>;

export const FeedbackItemSchema = z.object({
  id: z.string(),
  village: z.object({ id: z.string(), name: z.string() }),
  problem: z.object({ id: z.string(), code: z.string(), description: z.string() }).nullable(),
  kind: z.enum(FEEDBACK_KINDS),
  /** As written (moderators see it unmasked; the portal shows it masked). */
  body: z.string(),
  /**
   * What the portal shows (or would show, while pending): the text as published (the moderator's edit, if any) with
   * the names the system knows masked. Names it does not know (a bystander) show here in full: the moderator takes
   * them out before publishing (`publicText`).
   */
  publicPreview: z.string(),
  /** The moderator changed the text before publishing it. */
  publicEdited: z.boolean(),
  authorName: z.string().nullable(),
  status: z.enum(FEEDBACK_STATUSES),
  reply: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  moderatedAt: z.string().nullable(),
  moderatedByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** The ledger problem recorded from it. */
  convertedProblem: z.object({ id: z.string(), code: z.string() }).nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(FEEDBACK_ACTIONS)),
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export const FeedbackListQuerySchema = PageQuerySchema.extend({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  organizationId: IdSchema.optional(),
  /** The feedback a ledger problem was recorded from, or that was left on it. */
  problemId: IdSchema.optional(),
});
export type FeedbackListQuery = z.infer<typeof FeedbackListQuerySchema>;
export const FeedbackListSchema = pageOf(FeedbackItemSchema).extend({
  counts: z.object({ pending: z.number().int(), published: z.number().int(), rejected: z.number().int(), withdrawn: z.number().int() }),
});
export type FeedbackList = z.infer<typeof FeedbackListSchema>;

export const ModerateFeedbackBodySchema = z.object({
  /**
   * publish (with an optional public reply), reply (to a published one), reject (a pending one, with a reason),
   * withdraw (take a published one off the portal, with a reason).
   */
  action: z.enum(['publish', 'reply', 'reject', 'withdraw']),
  version: VersionSchema,
  reply: z.string().trim().max(FEEDBACK_REPLY_MAX).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
  reason: z.string().trim().max(200).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  /**
   * publish only: the text to publish instead of what was written, e.g. with a bystander's name taken out (the
   * masking knows only the names the system holds). What was written is kept for the moderators.
   */
  publicText: z
    .string()
    .trim()
    .min(1, '公开内容不能为空 (the public text is empty)')
    .max(FEEDBACK_BODY_MAX, `内容不超过 ${FEEDBACK_BODY_MAX} 个字 (at most ${FEEDBACK_BODY_MAX} characters)`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE)
    .optional(),
});
export type ModerateFeedbackBody = z.infer<typeof ModerateFeedbackBodySchema>;

/** Records a ledger problem from a feedback (in the feedback's village); the two are linked. */
export const ConvertFeedbackBodySchema = CreateProblemBodySchema.omit({ organizationId: true }).extend({ version: VersionSchema });
export type ConvertFeedbackBody = z.infer<typeof ConvertFeedbackBodySchema>;
