/**
 * 群众监督: the kinds, states and limits of villagers' feedback. Plain values
 * without zod, so the web app can import them without building schemas (a
 * zod object built in the browser probes `new Function`, which the CSP
 * refuses and reports); the contracts (contracts/feedback.ts) re-export them.
 */

export const FEEDBACK_KINDS = ['comment', 'report'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, { zh: string; en: string }> = {
  comment: { zh: '意见建议', en: 'Comment' },
  report: { zh: '反映问题', en: 'Report' },
};
/** withdrawn: published, then taken off the portal by a moderator (with a reason kept, never shown). */
export const FEEDBACK_STATUSES = ['pending', 'published', 'rejected', 'withdrawn'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_ACTIONS = ['publish', 'reply', 'reject', 'withdraw', 'convert'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** Length limits (characters). */
export const FEEDBACK_BODY_MIN = 5;
export const FEEDBACK_BODY_MAX = 500;
export const FEEDBACK_NAME_MAX = 20;
export const FEEDBACK_REPLY_MAX = 1000;
