import { createHmac, randomBytes } from 'node:crypto';
import type { ChangePasswordBody, LoginBody, Session } from '../../../domain/contracts/session.ts';
import { ROLES, type Role } from '../../../domain/roles.ts';
import type { Db } from '../../db/dialect.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, ServiceContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as users from '../users/users.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  ACCOUNT_CEILING,
  ADDRESS_CEILING,
  judgeSignIn,
  minutesUntil,
  PAIR_FREE_FAILURES,
  PAIR_MEMORY_HOURS,
  pairRetryAt,
  THROTTLE_WINDOW_MINUTES,
  throttleAddress,
  TOUCH_INTERVAL_SECONDS,
  USUAL_ADDRESS_DAYS,
  waitMinutesAfter,
  type ThrottleReason,
} from './sessions.policy.ts';
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
  const scopes = await repo.listActorScopes(db, user.id);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId,
    sessionExpiresAt: expiresAt,
    assignments: scopes
      .filter((a) => a.source === 'liaison' || (ROLES as readonly string[]).includes(a.role))
      .map((a) => ({
        // Membership of an active liaison group is the liaison role on each of its
        // villages: derived here, never stored, so it follows the group's edits.
        id: a.source === 'liaison' ? `liaison:${a.id}:${a.organization_id}` : a.id,
        role: a.source === 'liaison' ? ('liaison_member' as const) : (a.role as Role),
        organizationId: a.organization_id,
        organizationName: a.organization_name,
        organizationKind: a.organization_kind,
        organizationPath: a.organization_path,
      })),
  };
}

/**
 * Resolves a cookie token to its actor, or null when absent, expired, idle too long or disabled. A `background`
 * request (the header bell's poll, made by the page on its own) is served but does not count as use: it leaves
 * the idle clock running, so a page left open on an office desk still ends after the idle timeout.
 */
export async function resolveSession(
  db: Db,
  settings: SessionSettings,
  token: string,
  now: Date,
  options: { background?: boolean } = {},
): Promise<{ actor: Actor; expiresAt: string } | null> {
  const id = sessionIdFor(settings.secret, token);
  const nowIso = now.toISOString();
  const s = await repo.findLive(db.kysely, id, nowIso);
  if (!s || s.disabled_at) return null;
  if (s.last_seen_at < minutesBefore(now, settings.idleMinutes)) return null;
  if (!options.background && s.last_seen_at < new Date(now.getTime() - TOUCH_INTERVAL_SECONDS * 1000).toISOString()) {
    await repo.touch(db.kysely, id, nowIso);
  }
  return {
    actor: await loadActor(db.kysely, id, s.expires_at, { id: s.user_id, username: s.username, display_name: s.display_name }),
    expiresAt: s.expires_at,
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function lockedMessage(retryAt: Date, now: Date): string {
  const minutes = minutesUntil(retryAt, now);
  return `登录失败次数过多，请 ${minutes} 分钟后再试；如忘记密码请联系管理员重置 (too many failed attempts; try again in ${minutes} min)`;
}

function refusedMessage(reason: ThrottleReason, retryAt: Date, now: Date): string {
  if (reason !== 'address_locked') return lockedMessage(retryAt, now);
  const minutes = minutesUntil(retryAt, now);
  return `此网络地址登录失败次数过多，请 ${minutes} 分钟后再试 (too many failed sign-ins from this network address; try again in ${minutes} min)`;
}

/** The answer to a wrong password: the tries left, or how long to wait, after the key's `failures`-th failure. */
function wrongPasswordMessage(failures: number, now: Date): string {
  const left = PAIR_FREE_FAILURES - failures;
  if (left > 0) return `用户名或密码不正确，还可尝试 ${left} 次 (wrong username or password)`;
  return lockedMessage(new Date(now.getTime() + waitMinutesAfter(failures) * 60_000), now);
}

/**
 * Refusals already audited, by what they lock (the pair, the account or the address) and until when. Each refusal
 * was an audit event of its own: 2,000 requests of one client during one wait wrote 2,000 permanent rows (an
 * anonymous client could add ≈ 200 a second, holding SQLite's one writer). Now the first refusal of each wait is
 * audited, per process (several instances: at most one each). Bounded: the oldest are forgotten past 10,000.
 */
const auditedRefusals = new Map<string, number>();
const AUDITED_REFUSALS_MAX = 10_000;

function firstRefusalOfItsWait(reason: string, username: string, ip: string, retryAt: Date, now: Date): boolean {
  const key = reason === 'account_locked' ? `a|${username}` : reason === 'address_locked' ? `i|${ip}` : `p|${username}|${ip}`;
  const until = auditedRefusals.get(`${reason}|${key}`);
  if (until !== undefined && until > now.getTime()) return false;
  auditedRefusals.delete(`${reason}|${key}`);
  auditedRefusals.set(`${reason}|${key}`, retryAt.getTime());
  if (auditedRefusals.size > AUDITED_REFUSALS_MAX) auditedRefusals.delete(auditedRefusals.keys().next().value!);
  return true;
}

/**
 * Decides, one attempt at a time per account and per address, whether this
 * sign-in may have its password checked, and if so records it as pending in
 * the same transaction: concurrent attempts see each other's reservations, so
 * a burst checks no more passwords than the limits allow. A refused attempt is
 * not counted (hammering during a wait does not extend it); the first refusal of each wait is audited.
 * Returns the reserved attempt's id and the pair's failures before it.
 */
async function reserveSignIn(ctx: ServiceContext, username: string, userId: string | null): Promise<{ id: string; pairFailures: number }> {
  const id = newId();
  const nowIso = ctx.now.toISOString();
  const windowStart = minutesBefore(ctx.now, THROTTLE_WINDOW_MINUTES);
  const address = throttleAddress(ctx.ip);
  const outcome = await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.lockThrottleKeys(trx, ctx.db.kind, [`login:account:${username}`, `login:address:${address}`]);
    const pair = await repo.countFailures(trx, 'login', username, address, minutesBefore(ctx.now, PAIR_MEMORY_HOURS * 60));
    const usualAddress = await repo.isUsualAddress(trx, username, address, minutesBefore(ctx.now, USUAL_ADDRESS_DAYS * 24 * 60));
    const verdict = judgeSignIn(
      {
        pair,
        usualAddress,
        // The ceilings do not apply at a usual address: skip their queries there.
        accountCeilingAt: usualAddress ? null : await repo.nthNewestFailureAt(trx, { username }, windowStart, ACCOUNT_CEILING),
        addressCeilingAt: usualAddress ? null : await repo.nthNewestFailureAt(trx, { ip: address }, windowStart, ADDRESS_CEILING),
      },
      ctx.now,
    );
    if (!verdict.allowed) {
      if (firstRefusalOfItsWait(verdict.reason, username, address, verdict.retryAt, ctx.now))
        await recordAuditEvent(
          trx,
          ctx,
          { type: 'session.login_failed', username, reason: verdict.reason },
          { entityType: 'session', entityId: userId, organizationId: null },
          null,
        );
      return verdict;
    }
    await repo.insertAttempt(trx, { id, kind: 'login', username, ip: address, at: nowIso, state: 'pending' });
    return { allowed: true as const, pairFailures: pair.count };
  });
  if (!outcome.allowed) throw new AppError('RATE_LIMITED', refusedMessage(outcome.reason, outcome.retryAt, ctx.now));
  return { id, pairFailures: outcome.pairFailures };
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
  const username = body.username.toLowerCase();
  const user = await users.findByUsername(ctx.db.kysely, username);
  const attempt = await reserveSignIn(ctx, username, user?.id ?? null);

  const fail = async (reason: 'wrong_password' | 'unknown_user' | 'disabled') => {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await repo.markAttemptFailed(trx, attempt.id);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'session.login_failed', username, reason },
        { entityType: 'session', entityId: user?.id ?? null, organizationId: null },
        null,
      );
    });
  };

  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user || !ok) {
    await fail(user ? 'wrong_password' : 'unknown_user');
    throw new AppError('UNAUTHENTICATED', wrongPasswordMessage(attempt.pairFailures + 1, ctx.now));
  }
  if (user.disabled_at) {
    await fail('disabled');
    throw new AppError('UNAUTHENTICATED', '该账号已停用，请联系管理员 (this account is disabled)');
  }

  const token = randomBytes(32).toString('base64url');
  const id = sessionIdFor(settings.secret, token);
  const nowIso = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + settings.maxHours * HOUR_MS).toISOString();
  const refused = await ctx.db.kysely.transaction().execute(async (trx) => {
    // The password was checked against the account as read before: a reset, a change or a disabling may have
    // committed since. Under the row's lock (they write it), the account must still be the one verified.
    await users.lockRow(trx, user.id);
    const current = await users.findById(trx, user.id);
    if (!current || current.disabled_at) return 'disabled' as const;
    if (current.password_hash !== user.password_hash) return 'wrong_password' as const;
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
    // The pair starts afresh and this address becomes (stays) usual; other
    // addresses' failures stay counted, they are not the owner's.
    await repo.clearFailures(trx, 'login', username, throttleAddress(ctx.ip), attempt.id);
    await repo.rememberAddress(trx, username, throttleAddress(ctx.ip), nowIso);
    await repo.forgetAddressesBefore(trx, username, new Date(ctx.now.getTime() - USUAL_ADDRESS_DAYS * DAY_MS).toISOString());
    await repo.removeAttemptsBefore(trx, minutesBefore(ctx.now, PAIR_MEMORY_HOURS * 60));
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'session.created' },
      { entityType: 'session', entityId: user.id, organizationId: null },
      user.id,
    );
    return null;
  });
  if (refused === 'disabled') {
    await fail('disabled');
    throw new AppError('UNAUTHENTICATED', '该账号已停用，请联系管理员 (this account is disabled)');
  }
  if (refused) {
    await fail('wrong_password');
    throw new AppError('UNAUTHENTICATED', wrongPasswordMessage(attempt.pairFailures + 1, ctx.now));
  }
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

/**
 * Changes the actor's own password and ends all their sessions, this one included: the session goes on under a
 * new token (returned, for the cookie), with its old end. One changes a password because someone may know it, and
 * whoever took the password may have taken this browser's cookie as well; the old token must not outlive it.
 * Throws VALIDATION_FAILED (wrong current password), RATE_LIMITED, CONFLICT.
 */
export async function changePassword(
  ctx: AuthedContext,
  settings: SessionSettings,
  body: ChangePasswordBody,
  userAgent: string | null,
): Promise<{ token: string }> {
  // Guessing the current password has its own counter, per account, with the
  // sign-in's schedule: a stolen session cannot guess freely, and a fumbled
  // password change does not lock the owner out of signing in.
  const username = ctx.actor.username;
  const attemptId = newId();
  const reserved = await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.lockThrottleKeys(trx, ctx.db.kind, [`password:account:${username}`]);
    const failures = await repo.countFailures(trx, 'password_change', username, null, minutesBefore(ctx.now, PAIR_MEMORY_HOURS * 60));
    const retryAt = pairRetryAt(failures, ctx.now);
    if (retryAt) return { retryAt, failures: failures.count };
    await repo.insertAttempt(trx, {
      id: attemptId,
      kind: 'password_change',
      username,
      ip: ctx.ip,
      at: ctx.now.toISOString(),
      state: 'pending',
    });
    return { retryAt: null, failures: failures.count };
  });
  if (reserved.retryAt) throw new AppError('RATE_LIMITED', lockedMessage(reserved.retryAt, ctx.now));

  const user = await users.findById(ctx.db.kysely, ctx.actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await repo.markAttemptFailed(trx, attemptId);
      await recordAuditEvent(
        trx,
        ctx,
        { type: 'session.login_failed', username, reason: 'wrong_current_password' },
        { entityType: 'session', entityId: ctx.actor.userId, organizationId: null },
      );
    });
    const failures = reserved.failures + 1;
    const left = PAIR_FREE_FAILURES - failures;
    const wait = waitMinutesAfter(failures);
    throw new AppError(
      'VALIDATION_FAILED',
      left > 0
        ? `当前密码不正确，还可尝试 ${left} 次 (the current password is wrong)`
        : `当前密码不正确，请 ${wait} 分钟后再试 (the current password is wrong; try again in ${wait} min)`,
      { fields: [{ in: 'body', path: 'currentPassword', message: 'wrong password' }] },
    );
  }
  // The current password is proven: this account's password-change failures are forgotten.
  await repo.clearFailures(ctx.db.kysely, 'password_change', username, null, attemptId);
  if (body.currentPassword === body.newPassword) throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同');
  const passwordHash = await hashPassword(body.newPassword);
  const token = randomBytes(32).toString('base64url');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const fresh = await users.findById(trx, ctx.actor.userId);
    // The current password was proven against the account as read before: if it was reset (or the account disabled)
    // since, refuse rather than replace the new password with one chosen by whoever knew the old.
    if (!fresh || fresh.disabled_at || fresh.password_hash !== user.password_hash) {
      throw new AppError('CONFLICT', '账号刚被修改（密码已被重置或账号已停用），请重新登录 (the account changed meanwhile; sign in again)');
    }
    if (!(await users.updateIfVersion(trx, fresh.id, fresh.version, { password_hash: passwordHash }, ctx.now.toISOString()))) {
      throw new AppError('CONFLICT', '账号刚被修改，请重试');
    }
    await repo.removeForUser(trx, ctx.actor.userId);
    const nowIso = ctx.now.toISOString();
    await repo.insert(trx, {
      id: sessionIdFor(settings.secret, token),
      user_id: ctx.actor.userId,
      created_at: nowIso,
      last_seen_at: nowIso,
      expires_at: ctx.actor.sessionExpiresAt,
      ip: ctx.ip,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'user.password_changed' },
      { entityType: 'user', entityId: ctx.actor.userId, organizationId: null },
    );
  });
  return { token };
}
