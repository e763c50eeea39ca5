import { createHmac, randomBytes } from 'node:crypto';
import type { ChangePasswordBody, LoginBody, Session } from '../../../domain/contracts/session.ts';
import { ROLES, type Role } from '../../../domain/roles.ts';
import type { Db } from '../../db/dialect.ts';
import type { Actor, AuthedContext, ServiceContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as liaisonGroups from '../liaison-groups/liaison-groups.repository.ts';
import * as users from '../users/users.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, TOUCH_INTERVAL_SECONDS } from './sessions.policy.ts';
import { presentSession } from './sessions.presenter.ts';
import * as repo from './sessions.repository.ts';

export interface SessionSettings {
  secret: string;
  idleMinutes: number;
  maxHours: number;
}

/** The database keeps an HMAC of the token, never the token. */
export function sessionIdFor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

const minutesBefore = (now: Date, m: number) => new Date(now.getTime() - m * 60_000).toISOString();

async function loadActor(
  db: Db['kysely'],
  sessionId: string,
  expiresAt: string,
  user: { id: string; username: string; display_name: string },
): Promise<Actor> {
  const [assignments, liaison] = await Promise.all([users.listAssignments(db, [user.id]), liaisonGroups.listLiaisonScopes(db, user.id)]);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId,
    sessionExpiresAt: expiresAt,
    assignments: [
      ...assignments
        .filter((a) => (ROLES as readonly string[]).includes(a.role))
        .map((a) => ({
          id: a.id,
          role: a.role as Role,
          organizationId: a.organization_id,
          organizationName: a.organization_name,
          organizationKind: a.organization_kind,
          organizationPath: a.organization_path,
        })),
      // Membership of an active liaison group is the liaison role on each of its
      // villages: derived here, never stored, so it follows the group's edits.
      ...liaison.map((l) => ({
        id: `liaison:${l.group_id}:${l.organization_id}`,
        role: 'liaison_member' as const,
        organizationId: l.organization_id,
        organizationName: l.organization_name,
        organizationKind: l.organization_kind,
        organizationPath: l.organization_path,
      })),
    ],
  };
}

/** Resolves a cookie token to its actor, or null when absent, expired, idle too long or disabled. */
export async function resolveSession(
  db: Db,
  settings: SessionSettings,
  token: string,
  now: Date,
): Promise<{ actor: Actor; expiresAt: string } | null> {
  const id = sessionIdFor(settings.secret, token);
  const nowIso = now.toISOString();
  const s = await repo.findLive(db.kysely, id, nowIso);
  if (!s || s.disabled_at) return null;
  if (s.last_seen_at < minutesBefore(now, settings.idleMinutes)) return null;
  if (s.last_seen_at < new Date(now.getTime() - TOUCH_INTERVAL_SECONDS * 1000).toISOString()) {
    await repo.touch(db.kysely, id, nowIso);
  }
  return {
    actor: await loadActor(db.kysely, id, s.expires_at, { id: s.user_id, username: s.username, display_name: s.display_name }),
    expiresAt: s.expires_at,
  };
}

function lockedMessage(last: string | null, now: Date): string {
  const until = last ? new Date(Date.parse(last) + LOGIN_WINDOW_MINUTES * 60_000) : now;
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `登录失败次数过多，请 ${minutes} 分钟后再试；如忘记密码请联系管理员重置 (too many failed attempts; try again in ${minutes} min)`;
}

/**
 * Signs in. Returns the cookie token and the session.
 * Throws UNAUTHENTICATED (wrong credentials or disabled) and RATE_LIMITED.
 */
export async function login(
  ctx: ServiceContext,
  settings: SessionSettings,
  body: LoginBody,
  userAgent: string | null,
): Promise<{ token: string; session: Session }> {
  const since = minutesBefore(ctx.now, LOGIN_WINDOW_MINUTES);
  const username = body.username.toLowerCase();
  const [byAccount, byAddress] = await Promise.all([
    repo.failuresSince(ctx.db.kysely, { username }, since),
    repo.failuresSince(ctx.db.kysely, { ip: ctx.ip }, since),
  ]);
  const user = await users.findByUsername(ctx.db.kysely, username);

  // Attempts refused while locked are audited but not counted, so that
  // hammering a locked account does not keep it locked forever.
  const fail = async (reason: string, counts = true) => {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (counts) await repo.insertFailure(trx, username, ctx.ip, ctx.now.toISOString());
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'session.login_failed', username, reason },
        { entityType: 'session', entityId: user?.id ?? null, organizationId: null },
        null,
      );
    });
  };

  if (byAccount.count >= MAX_FAILURES_PER_ACCOUNT) {
    await fail('locked', false);
    throw new AppError('RATE_LIMITED', lockedMessage(byAccount.last, ctx.now));
  }
  if (byAddress.count >= MAX_FAILURES_PER_ADDRESS) {
    await fail('address_locked', false);
    throw new AppError('RATE_LIMITED', lockedMessage(byAddress.last, ctx.now));
  }

  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user || !ok) {
    await fail(user ? 'wrong_password' : 'unknown_user');
    const left = MAX_FAILURES_PER_ACCOUNT - byAccount.count - 1;
    throw new AppError(
      'UNAUTHENTICATED',
      left > 0 ? `用户名或密码不正确，还可尝试 ${left} 次 (wrong username or password)` : lockedMessage(ctx.now.toISOString(), ctx.now),
    );
  }
  if (user.disabled_at) {
    await fail('disabled');
    throw new AppError('UNAUTHENTICATED', '该账号已停用，请联系管理员 (this account is disabled)');
  }

  const token = randomBytes(32).toString('base64url');
  const id = sessionIdFor(settings.secret, token);
  const nowIso = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + settings.maxHours * 3_600_000).toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.removeExpired(trx, nowIso);
    await repo.insert(trx, {
      id,
      user_id: user.id,
      created_at: nowIso,
      last_seen_at: nowIso,
      expires_at: expiresAt,
      ip: ctx.ip,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    await repo.clearFailures(trx, username);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'session.created' },
      { entityType: 'session', entityId: user.id, organizationId: null },
      user.id,
    );
  });
  const actor = await loadActor(ctx.db.kysely, id, expiresAt, user);
  return { token, session: presentSession(actor, expiresAt) };
}

/** Ends the current session. */
export async function logout(ctx: AuthedContext): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.remove(trx, ctx.actor.sessionId);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'session.ended' },
      { entityType: 'session', entityId: ctx.actor.userId, organizationId: null },
    );
  });
}

/** Changes the actor's own password and ends their other sessions. Throws VALIDATION_FAILED (wrong current password), RATE_LIMITED. */
export async function changePassword(ctx: AuthedContext, body: ChangePasswordBody): Promise<void> {
  // Guessing the current password counts against the same per-account limit as signing in.
  const username = ctx.actor.username;
  const failures = await repo.failuresSince(ctx.db.kysely, { username }, minutesBefore(ctx.now, LOGIN_WINDOW_MINUTES));
  if (failures.count >= MAX_FAILURES_PER_ACCOUNT) throw new AppError('RATE_LIMITED', lockedMessage(failures.last, ctx.now));
  const user = await users.findById(ctx.db.kysely, ctx.actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await repo.insertFailure(trx, username, ctx.ip, ctx.now.toISOString());
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'session.login_failed', username, reason: 'wrong_current_password' },
        { entityType: 'session', entityId: ctx.actor.userId, organizationId: null },
      );
    });
    throw new AppError('VALIDATION_FAILED', '当前密码不正确 (the current password is wrong)', {
      fields: [{ in: 'body', path: 'currentPassword', message: 'wrong password' }],
    });
  }
  if (body.currentPassword === body.newPassword) throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同');
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const fresh = await users.findById(trx, ctx.actor.userId);
    if (!fresh || !(await users.updateIfVersion(trx, fresh.id, fresh.version, { password_hash: passwordHash }, ctx.now.toISOString()))) {
      throw new AppError('CONFLICT', '账号刚被修改，请重试');
    }
    await repo.removeForUser(trx, ctx.actor.userId, ctx.actor.sessionId);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'user.password_changed' },
      { entityType: 'user', entityId: ctx.actor.userId, organizationId: null },
    );
  });
}
