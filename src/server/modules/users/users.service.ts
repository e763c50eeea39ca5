import type { CreateUserBody, RoleGrant, UpdateUserBody, User } from '../../../domain/contracts/users.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { LIAISON_SEAT_BARS, ROLE_LABELS, scopeRoots } from '../../../domain/roles.ts';
import type { UserRow } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { AppError, archivedOrganization, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { loadReadable } from '../organizations/organizations.service.ts';
import { actorCan } from '../organizations/organizations.policy.ts';
import { hashPassword } from '../sessions/passwords.ts';
import * as liaisonGroups from '../liaison-groups/liaison-groups.repository.ts';
import * as sessions from '../sessions/sessions.repository.ts';
import { allowedUserActions, canManageUser, canSeeUser } from './users.policy.ts';
import { presentUser } from './users.presenter.ts';
import * as repo from './users.repository.ts';
import { REMINDER_ROLES, wakeWaitingForHolder } from '../notifications/reminders.service.ts';

const USER = '用户';

function snapshot(u: UserRow) {
  return { username: u.username, displayName: u.display_name, phone: u.phone, email: u.email, disabled: u.disabled_at !== null };
}

/** User events are filed under the user's first role's organization, so scoped admins see them. */
function userTarget(id: string, assignments: { organization_id: string }[]) {
  return { entityType: 'user' as const, entityId: id, organizationId: assignments[0]?.organization_id ?? null };
}

async function loadVisible(ctx: AuthedContext, db: Executor, id: string) {
  const user = await repo.findById(db, id);
  if (!user) throw notFound(USER);
  const assignments = await repo.listAssignments(db, [id]);
  const seatPaths = assignments.length === 0 ? ((await repo.seatPathsOf(db, [id])).get(id) ?? []) : [];
  const target = { id, disabled_at: user.disabled_at, assignmentPaths: assignments.map((a) => a.organization_path), seatPaths };
  if (!canSeeUser(ctx.actor, target)) throw notFound(USER);
  return { user, assignments, target };
}

async function loadManageable(ctx: AuthedContext, db: Executor, id: string, version: number) {
  const loaded = await loadVisible(ctx, db, id);
  if (!canManageUser(ctx.actor, loaded.target)) throw forbidden('您没有管理此用户的权限（其角色超出了您的管辖范围）');
  if (loaded.user.version !== version) throw conflict(USER);
  return loaded;
}

async function present(ctx: AuthedContext, db: Executor, id: string): Promise<User> {
  const { user, assignments, target } = await loadVisible(ctx, db, id);
  return presentUser(user, assignments, allowedUserActions(ctx.actor, target));
}

/** Locks these accounts' rows in id order, so changes touching the same accounts take turns instead of deadlocking. */
async function lockUsers(db: Executor, ids: readonly string[]): Promise<void> {
  for (const id of [...new Set(ids)].sort()) await repo.lockRow(db, id);
}

/**
 * Re-reads the acting account, whose row the caller has locked: its session was checked before the transaction
 * began, and another admin may since have disabled it or revoked its role. Returns the context with only the roles
 * the actor still holds. Throws FORBIDDEN.
 */
async function recheckActor(ctx: AuthedContext, db: Executor): Promise<AuthedContext> {
  const me = await repo.findById(db, ctx.actor.userId);
  if (!me || me.disabled_at) throw forbidden('您的账号已被停用，不能再管理用户 (your account has been disabled)');
  const held = new Set((await repo.listAssignments(db, [me.id])).map((a) => a.id));
  // Liaison roles are derived from groups rather than stored; none of them manages users.
  const assignments = ctx.actor.assignments.filter((a) => held.has(a.id) || a.id.startsWith('liaison:'));
  // Only a lost admin role answers here; anyone else gets the usual NOT_FOUND or FORBIDDEN of the checks that follow.
  if (scopeRoots(assignments, 'user.manage').length === 0 && scopeRoots(ctx.actor.assignments, 'user.manage').length > 0) {
    throw forbidden('您的管理员角色已被撤销，不能再管理用户 (your admin role has been revoked)');
  }
  return { ...ctx, actor: { ...ctx.actor, assignments } };
}

/**
 * Locks the actor, the target and every enabled admin over the organizations at `adminPaths` (the admin roles the
 * change would take away), then re-checks the actor. Throws FORBIDDEN.
 */
async function lockForChange(ctx: AuthedContext, db: Executor, targetId: string, adminPaths: string[]): Promise<AuthedContext> {
  const admins = await repo.enabledAdminsOver(db, adminPaths);
  await lockUsers(db, [ctx.actor.userId, targetId, ...admins.map((a) => a.user_id)]);
  return recheckActor(ctx, db);
}

/**
 * Refuses to take away (`removed`: the admin role assignments that go) the last enabled admin over an organization.
 * Call with those admins' rows locked, so two such changes count one after the other.
 */
async function assertNotLastAdmin(
  db: Executor,
  adminPaths: string[],
  removed: (a: { id: string; user_id: string }) => boolean,
): Promise<void> {
  for (const path of adminPaths) {
    const others = (await repo.enabledAdminsOver(db, [path])).filter((a) => !removed(a));
    if (others.length === 0) {
      throw new AppError(
        'INVALID_TRANSITION',
        '这是该组织最后一位启用的区级管理员，不能停用或撤销其管理员角色；请先为其他账号授予区级管理员角色 (this is the last enabled district admin of the organization: grant the role to another account first)',
      );
    }
  }
}

const adminPathsOf = (assignments: readonly { role: string; organization_path: string }[]) =>
  assignments.filter((a) => a.role === 'district_admin').map((a) => a.organization_path);

async function assertCanGrant(ctx: AuthedContext, db: Executor, grant: RoleGrant) {
  const org = await loadReadable(ctx, db, grant.organizationId);
  if (!actorCan(ctx.actor, 'user.manage', org.path)) throw forbidden(`您不能在“${org.name}”授予角色`);
  if (org.archived_at) throw archivedOrganization(org.name, '授予角色');
  return org;
}

/** Lists users whose roles lie in the reader's scope. Throws FORBIDDEN without user.read. */
export async function listUsers(ctx: AuthedContext, query: { q?: string; includeDisabled?: boolean; page: number; pageSize: number }) {
  const roots = scopeRoots(ctx.actor.assignments, 'user.read');
  if (roots.length === 0) throw forbidden('您没有查看用户的权限');
  const { total, rows } = await repo.search(ctx.db.kysely, ctx.db.kind, {
    scopeRoots: roots,
    includeUnassigned: roots.some((r) => pathIds(r).length === 1),
    q: query.q || undefined,
    includeDisabled: query.includeDisabled ?? false,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const assignments = await repo.listAssignments(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  const unassigned = rows.filter((u) => !assignments.some((a) => a.user_id === u.id)).map((u) => u.id);
  const seats = await repo.seatPathsOf(ctx.db.kysely, unassigned);
  const items = rows.map((u) => {
    const mine = assignments.filter((a) => a.user_id === u.id);
    return presentUser(
      u,
      mine,
      allowedUserActions(ctx.actor, {
        id: u.id,
        disabled_at: u.disabled_at,
        assignmentPaths: mine.map((a) => a.organization_path),
        seatPaths: seats.get(u.id) ?? [],
      }),
    );
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** Throws NOT_FOUND when absent or outside the reader's scope. */
export async function getUser(ctx: AuthedContext, id: string): Promise<User> {
  return present(ctx, ctx.db.kysely, id);
}

/** Creates an account with its roles. Throws FORBIDDEN, NOT_FOUND (organization), CONFLICT (username taken). */
export async function createUser(ctx: AuthedContext, body: CreateUserBody): Promise<User> {
  const roots = scopeRoots(ctx.actor.assignments, 'user.manage');
  if (roots.length === 0) throw forbidden('您没有新建用户的权限');
  if (body.roles.length === 0 && !roots.some((r) => pathIds(r).length === 1)) {
    throw new AppError('VALIDATION_FAILED', '请至少为新用户指定一个角色', {
      fields: [{ in: 'body', path: 'roles', message: 'at least one role' }],
    });
  }
  const passwordHash = await hashPassword(body.password);
  const id = newId();
  const now = ctx.now.toISOString();
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      await lockUsers(trx, [ctx.actor.userId]);
      const actor = await recheckActor(ctx, trx);
      const row: UserRow = {
        id,
        username: body.username.toLowerCase(),
        display_name: body.displayName,
        phone: body.phone ?? null,
        email: body.email ?? null,
        password_hash: passwordHash,
        disabled_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await repo.insert(trx, row);
      const granted = new Set<string>();
      const hearing: string[] = [];
      for (const grant of body.roles) {
        const key = `${grant.role}@${grant.organizationId}`;
        if (granted.has(key)) continue;
        granted.add(key);
        const org = await assertCanGrant(actor, trx, grant);
        if (REMINDER_ROLES.includes(grant.role)) hearing.push(org.path);
        await repo.insertAssignment(trx, {
          id: newId(),
          user_id: id,
          role: grant.role,
          organization_id: grant.organizationId,
          created_at: now,
        });
      }
      // Reminders nobody could hear in those organizations reach the new account on the next run.
      await wakeWaitingForHolder(trx, hearing, ctx.now);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'user.created', after: snapshot(row), roles: body.roles.map((r) => ({ role: r.role, organizationId: r.organizationId })) },
        { entityType: 'user', entityId: id, organizationId: body.roles[0]?.organizationId ?? null },
      );
      return present(actor, trx, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', `用户名“${body.username}”已被使用，请换一个`);
    throw err;
  }
}

/**
 * Edits name/phone/email or disables/enables.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION (oneself, or the last enabled admin).
 */
export async function updateUser(actx: AuthedContext, id: string, body: UpdateUserBody): Promise<User> {
  return actx.db.kysely.transaction().execute(async (trx) => {
    const disabling = body.disabled === true;
    const ctx = await lockForChange(actx, trx, id, disabling ? adminPathsOf(await repo.listAssignments(trx, [id])) : []);
    const { user, assignments } = await loadManageable(ctx, trx, id, body.version);
    if (disabling && id === ctx.actor.userId) throw new AppError('INVALID_TRANSITION', '不能停用自己的账号');
    if (disabling && !user.disabled_at) await assertNotLastAdmin(trx, adminPathsOf(assignments), (a) => a.user_id === id);
    const now = ctx.now.toISOString();
    const changes = {
      ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.disabled !== undefined ? { disabled_at: body.disabled ? (user.disabled_at ?? now) : null } : {}),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, now))) throw conflict(USER);
    if (body.disabled) await sessions.removeForUser(trx, id);
    // Enabled again: reminders nobody could hear where the account holds its roles reach it on the next run.
    if (body.disabled === false && user.disabled_at)
      await wakeWaitingForHolder(
        trx,
        assignments.filter((a) => REMINDER_ROLES.includes(a.role)).map((a) => a.organization_path),
        ctx.now,
      );
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(trx, ctx, { type: 'user.updated', before: snapshot(user), after: snapshot(after) }, userTarget(id, assignments));
    return present(ctx, trx, id);
  });
}

/**
 * Grants a role on an organization. Throws NOT_FOUND, FORBIDDEN, CONFLICT (stale or already held),
 * VALIDATION_FAILED (a role that bars a liaison seat, for someone who sits in an active liaison group).
 */
export async function grantRole(actx: AuthedContext, id: string, body: RoleGrant & { version: number }): Promise<User> {
  return actx.db.kysely.transaction().execute(async (trx) => {
    const ctx = await lockForChange(actx, trx, id, []);
    const { user, assignments } = await loadManageable(ctx, trx, id, body.version);
    const org = await assertCanGrant(ctx, trx, body);
    const now = ctx.now.toISOString();
    // Bump the user's version before any check: the conditional write serializes concurrent grants on this account
    // (the loser gets CONFLICT rather than hitting the unique index, a 500 on PostgreSQL, after the winner commits),
    // and seating the user in a liaison group, which locks the row too, waits or is waited for.
    if (!(await repo.updateIfVersion(trx, id, body.version, {}, now))) throw conflict(USER);
    // Separation of duties holds both ways: a seated member does not become, say, a read-only viewer who verifies.
    const bar = LIAISON_SEAT_BARS[body.role];
    if (bar) {
      const groups = await liaisonGroups.activeGroupNamesOf(trx, [id]);
      if (groups.length > 0) {
        const names = groups.map((g) => `“${g.name}”`).join('、');
        throw new AppError(
          'VALIDATION_FAILED',
          `此用户是${names}的成员，不能再授予“${ROLE_LABELS[body.role].zh}”角色：${bar.zh}。请先在包联组中换人 (a liaison group member cannot be given this role: ${bar.en})`,
          { fields: [{ in: 'body', path: 'role', message: 'bars a liaison seat the user holds' }] },
        );
      }
    }
    if (assignments.some((a) => a.role === body.role && a.organization_id === body.organizationId)) {
      throw new AppError('CONFLICT', '该用户已拥有此角色');
    }
    const assignmentId = newId();
    await repo.insertAssignment(trx, {
      id: assignmentId,
      user_id: id,
      role: body.role,
      organization_id: body.organizationId,
      created_at: now,
    });
    if (REMINDER_ROLES.includes(body.role) && !user.disabled_at) await wakeWaitingForHolder(trx, [org.path], ctx.now);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'user.role_granted', assignmentId, after: { role: body.role, organizationId: body.organizationId } },
      { entityType: 'user', entityId: id, organizationId: body.organizationId },
    );
    return present(ctx, trx, id);
  });
}

/**
 * Removes one role assignment.
 * Throws NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_TRANSITION (own admin role, or the last enabled admin's).
 */
export async function revokeRole(actx: AuthedContext, id: string, assignmentId: string, version: number): Promise<User> {
  return actx.db.kysely.transaction().execute(async (trx) => {
    const seen = (await repo.listAssignments(trx, [id])).filter((a) => a.id === assignmentId);
    const ctx = await lockForChange(actx, trx, id, adminPathsOf(seen));
    const { user, assignments } = await loadManageable(ctx, trx, id, version);
    const assignment = assignments.find((a) => a.id === assignmentId);
    if (!assignment) throw notFound('角色');
    if (id === ctx.actor.userId && assignment.role === 'district_admin') {
      throw new AppError('INVALID_TRANSITION', '不能撤销自己的管理员角色，请由其他管理员操作');
    }
    if (!user.disabled_at) await assertNotLastAdmin(trx, adminPathsOf([assignment]), (a) => a.id === assignmentId);
    const now = ctx.now.toISOString();
    await repo.deleteAssignment(trx, assignmentId);
    if (!(await repo.updateIfVersion(trx, id, version, {}, now))) throw conflict(USER);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'user.role_revoked', assignmentId, before: { role: assignment.role, organizationId: assignment.organization_id } },
      { entityType: 'user', entityId: id, organizationId: assignment.organization_id },
    );
    return present(ctx, trx, id);
  });
}

/**
 * Sets a new password for someone else and ends all their sessions. One's own password is changed with the current
 * one (POST /api/account/password): a reset needs no current password, so a stolen session could take the account
 * for good. Throws NOT_FOUND, FORBIDDEN (oneself, or out of scope), CONFLICT.
 */
export async function resetPassword(ctx: AuthedContext, id: string, body: { version: number; newPassword: string }): Promise<void> {
  if (id === ctx.actor.userId)
    throw new AppError(
      'FORBIDDEN',
      '不能重置自己的密码，请在“我的账户”中修改（需要输入当前密码） (change your own password under My account, with the current one)',
    );
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const actor = await lockForChange(ctx, trx, id, []);
    const { user, assignments } = await loadManageable(actor, trx, id, body.version);
    if (!(await repo.updateIfVersion(trx, id, body.version, { password_hash: passwordHash }, ctx.now.toISOString()))) throw conflict(USER);
    await sessions.removeForUser(trx, id);
    // The owner was probably locked out by wrong guesses: the new password starts with a clean slate.
    await sessions.clearAccountFailures(trx, user.username);
    await recordAuditEvent(trx, ctx, { type: 'user.password_reset' }, userTarget(id, assignments));
  });
}
