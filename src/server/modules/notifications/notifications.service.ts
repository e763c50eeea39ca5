import type {
  MarkReadBody,
  MarkReadResult,
  NotificationList,
  NotificationListQuery,
  UnreadCount,
} from '../../../domain/contracts/notifications.ts';
import type { NotificationKind } from '../../../domain/reminders.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { presentNotification } from './notifications.presenter.ts';
import * as repo from './notifications.repository.ts';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  /** Unique per user: a second notification with the same key is silently skipped (e.g. `interview:<id>:scheduled:<at>`). */
  dedupeKey: string;
  title: string;
  body: string;
  /** An in-app path such as `/ledger/<problemId>` or `/interviews/<id>`. */
  link?: string | null;
  organizationId?: string | null;
}

/**
 * Adds in-app notifications (the reminders job delivers them outbound later).
 * Call it inside your own transaction (`trx`) so the notification commits
 * with the change it announces; a (userId, dedupeKey) that already exists is
 * skipped without error, so retries and restarts never duplicate. Returns how
 * many were new. Writes no audit event (notifications are not a user's action).
 */
export async function createNotifications(trx: Executor, items: readonly NewNotification[], now: Date): Promise<number> {
  const at = now.toISOString();
  return repo.insertIgnoringDuplicates(
    trx,
    items.map((n) => ({
      id: newId(),
      user_id: n.userId,
      kind: n.kind,
      dedupe_key: n.dedupeKey,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      organization_id: n.organizationId ?? null,
      created_at: at,
      read_at: null,
      delivered_at: null,
      delivery_attempts: 0,
      delivery_error: null,
    })),
  );
}

/** The caller's own notifications, newest first. Throws nothing beyond sign-in. */
export async function listNotifications(ctx: AuthedContext, query: NotificationListQuery): Promise<NotificationList> {
  const db = ctx.db.kysely;
  const [{ rows, total }, unread] = await Promise.all([
    repo.listForUser(db, ctx.actor.userId, {
      unreadOnly: query.unreadOnly ?? false,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
    repo.countUnread(db, ctx.actor.userId),
  ]);
  return { items: rows.map(presentNotification), total, page: query.page, pageSize: query.pageSize, unread };
}

export async function unreadCount(ctx: AuthedContext): Promise<UnreadCount> {
  return { count: await repo.countUnread(ctx.db.kysely, ctx.actor.userId) };
}

/**
 * Marks the caller's own notifications read: the given ids, or all unread.
 * One transaction and one audit event `notification.read` with the count.
 * Throws NOT_FOUND when an id is not the caller's (another user's looks like
 * one that does not exist). When nothing changes (all already read, or none
 * unread) it answers count 0 and writes no audit event: nothing happened.
 */
export async function markRead(ctx: AuthedContext, body: MarkReadBody): Promise<MarkReadResult> {
  const userId = ctx.actor.userId;
  const count = await ctx.db.kysely.transaction().execute(async (trx) => {
    let ids: string[] | 'all' = 'all';
    if (body.ids) {
      ids = [...new Set(body.ids)];
      const own = await repo.ownIds(trx, userId, ids);
      if (own.length !== ids.length) throw notFound('提醒');
    }
    const changed = await repo.markRead(trx, userId, ids, ctx.now.toISOString());
    if (changed > 0) {
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'notification.read', count: changed },
        { entityType: 'notification', entityId: ids !== 'all' && ids.length === 1 ? ids[0]! : null, organizationId: null },
      );
    }
    return changed;
  });
  return { count, unread: await repo.countUnread(ctx.db.kysely, userId) };
}
