import type {
  MarkReadBody,
  MarkReadResult,
  NotificationList,
  NotificationListQuery,
  UnreadCount,
} from '../../../domain/contracts/notifications.ts';
import { type ProblemActors, type ProblemStatus, rectifyingRoles, verifyingRoles } from '../../../domain/problem-workflow.ts';
import { NOTIFICATION_PARAMS, type NotificationMessage, renderMessage } from '../../../domain/notification-messages.ts';
import type { NotificationsTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { canReadProblem } from '../problems/problems.policy.ts';
import * as problemsRepo from '../problems/problems.repository.ts';
import { presentNotification } from './notifications.presenter.ts';
import * as repo from './notifications.repository.ts';

/** A notification to add: its kind and parameters (put into words when read) and where it leads. */
export type NewNotification = NotificationMessage & {
  userId: string;
  /** Unique per user: a second notification with the same key is silently skipped (e.g. `interview:<id>:scheduled:<at>`). */
  dedupeKey: string;
  /** An in-app path such as `/ledger/<problemId>` or `/interviews/<id>`. */
  link?: string | null;
  organizationId?: string | null;
};

/**
 * Adds in-app notifications (the reminders job delivers them outbound later).
 * Call it inside your own transaction (`trx`) so the notification commits
 * with the change it announces; a (userId, dedupeKey) that already exists is
 * skipped without error, so retries and restarts never duplicate. Returns how
 * many were new. Writes no audit event (notifications are not a user's action).
 * Stores the kind with its parameters (checked against the kind's schema:
 * a mismatch is a programming error and throws) and the Chinese words for
 * the outbound channels.
 */
export async function createNotifications(trx: Executor, items: readonly NewNotification[], now: Date): Promise<number> {
  const at = now.toISOString();
  return repo.insertIgnoringDuplicates(
    trx,
    items.map((n) => {
      const params = NOTIFICATION_PARAMS[n.kind].parse(n.params);
      const { title, body } = renderMessage({ kind: n.kind, params } as NotificationMessage, 'zh');
      return {
        id: newId(),
        user_id: n.userId,
        kind: n.kind,
        dedupe_key: n.dedupeKey,
        title,
        body,
        params: JSON.stringify(params),
        link: n.link ?? null,
        organization_id: n.organizationId ?? null,
        created_at: at,
        read_at: null,
        delivered_at: null,
        delivery_attempts: 0,
        delivery_error: null,
      };
    }),
  );
}

/** `/a/b/c/` → ['/a/', '/a/b/', '/a/b/c/']: the organization and its ancestors, whose roles and groups cover it. */
export function selfAndAncestors(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * Who accepts a problem of this organization: the roles the program lets accept or send back (`actors`, who acts;
 * by default the liaison role), held over it; for the liaison role, also the members of the active liaison group
 * covering it (as the reminders job finds them). A district admin may fire every action but is not told of every
 * submission in the district. Enabled accounts only, each once.
 */
export async function listProblemVerifiers(db: Executor, orgPath: string, actors: ProblemActors): Promise<string[]> {
  const paths = selfAndAncestors(orgPath);
  const roles = verifyingRoles(actors);
  const [members, holders] = await Promise.all([
    roles.includes('liaison_member') ? repo.listLiaisonMembersOn(db, paths) : Promise.resolve([]),
    roles.length > 0 ? repo.listRoleHoldersOn(db, paths, roles) : Promise.resolve([]),
  ]);
  return [...new Set([...members, ...holders])];
}

/**
 * The village's side of a problem: its owner (when the owner is an enabled
 * account, not just a name) and the holders of the roles the program lets
 * rectify over its organization (by default the village secretaries, the ones
 * the deadline reminders go to). Each once.
 */
export async function listProblemVillagePeople(
  db: Executor,
  p: { org_path: string; owner_id: string | null },
  actors: ProblemActors,
): Promise<string[]> {
  const roles = rectifyingRoles(actors);
  const [owner, holders] = await Promise.all([
    repo.listEnabledUsers(db, p.owner_id ? [p.owner_id] : []),
    roles.length > 0 ? repo.listRoleHoldersOn(db, selfAndAncestors(p.org_path), roles) : Promise.resolve([]),
  ]);
  return [...new Set([...owner, ...holders])];
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
  const statuses = await problemStatusesOf(ctx, rows);
  return {
    items: rows.map((r) => presentNotification(r, statuses.get(r.id) ?? null)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    unread,
  };
}

const PROBLEM_LINK = /^\/ledger\/([0-9a-f-]{36})$/;

/** The status now of each listed notice's problem (by notice id), for the problems the reader may still read. */
async function problemStatusesOf(ctx: AuthedContext, rows: readonly NotificationsTable[]): Promise<Map<string, ProblemStatus>> {
  const problemOf = new Map(rows.flatMap((r) => (r.link && PROBLEM_LINK.test(r.link) ? [[r.id, PROBLEM_LINK.exec(r.link)![1]!]] : [])));
  if (problemOf.size === 0) return new Map();
  const problems = new Map(
    (await problemsRepo.findManyPlain(ctx.db.kysely, [...new Set(problemOf.values())]))
      .filter((p) => canReadProblem(ctx.actor, p))
      .map((p) => [p.id, p.status as ProblemStatus]),
  );
  return new Map([...problemOf].flatMap(([notice, problem]) => (problems.has(problem) ? [[notice, problems.get(problem)!]] : [])));
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
