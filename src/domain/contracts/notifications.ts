import { z } from 'zod';
import { PROBLEM_STATUSES } from '../problem-workflow.ts';
import { IdSchema, PageQuerySchema, QueryBoolSchema } from './common.ts';

/** GET /api/notifications: the caller's own notifications, newest first. */
export const NotificationListQuerySchema = PageQuerySchema.extend({
  /** Only those not yet read. */
  unreadOnly: QueryBoolSchema.optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  /**
   * A NotificationKind (src/domain/reminders.ts): problem_due, problem_overdue, problem_submitted, problem_rejected,
   * problem_accepted, problem_closed, problem_reopened, report_due, report_missing, interview_scheduled.
   */
  kind: z.string(),
  /** The words in Chinese, as sent outbound; show these when `params` is null. */
  title: z.string(),
  body: z.string(),
  /**
   * The kind's parameters (schemas in src/domain/notification-messages.ts): the client puts them into words in
   * its reader's language with `renderNotification`. Null on notifications from before parameters were stored.
   */
  params: z.record(z.string(), z.unknown()).nullable(),
  /** An in-app path (e.g. /ledger/<id>), or null. */
  link: z.string().nullable(),
  organizationId: z.string().nullable(),
  createdAt: z.string(),
  /** When the caller marked it read; null while unread. */
  readAt: z.string().nullable(),
  /** ['read'] while unread. */
  allowedActions: z.array(z.enum(['read'])),
  /**
   * For a notice about a problem (its link is the problem's page): the problem's status now, so that a notice whose
   * work is done ("请组织验收", then accepted) says so. Null for other notices, or a problem the reader can no longer see.
   */
  problemStatus: z.enum(PROBLEM_STATUSES).nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** How many of the caller's notifications are unread (whatever the filter). */
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const UnreadCountSchema = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCountSchema>;

/** POST /api/notifications/read: either some ids, or all of the caller's unread ones. */
export const MarkReadBodySchema = z
  .object({
    ids: z.array(IdSchema).min(1).max(200).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids !== undefined) !== (b.all !== undefined), {
    message: '请提供 ids 或 all（二选一） (give either ids or all: true)',
  });
export type MarkReadBody = z.infer<typeof MarkReadBodySchema>;

export const MarkReadResultSchema = z.object({
  /** How many went from unread to read by this call. */
  count: z.number().int(),
  /** The caller's unread count afterwards. */
  unread: z.number().int(),
});
export type MarkReadResult = z.infer<typeof MarkReadResultSchema>;
