import { sql, type Transaction } from 'kysely';
import type { Database, LoginAttemptsTable, SessionRow } from '../../db/database.ts';
import { toNumber, type DialectKind } from '../../db/dialect.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

// Every API request reads its session and its scopes: both are precompiled (src/server/db/precompiled.ts).
const liveSession = precompiled((db: Executor, id: string, now: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.username', 'u.display_name', 'u.disabled_at'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now),
);

/** The session with its user, if the session has not expired by `now`. */
export async function findLive(db: Executor, id: string, now: string) {
  return (await liveSession(db, id, now))[0];
}

/**
 * Everything the actor's scope is made of, in one statement: the user's role
 * assignments (by depth, then when assigned) followed by the villages of the
 * active liaison groups the user belongs to (by depth, then name). Read on
 * every API request, so one round trip instead of two.
 */
const actorScopes = precompiled((db: Executor, userId: string) => {
  const assigned = db
    .selectFrom('role_assignments as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      sql<number>`0`.as('source'),
      'a.id',
      'a.role',
      'o.id as organization_id',
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.path as organization_path',
      'o.depth',
      'a.created_at as then_by',
    ])
    .where('a.user_id', '=', userId);
  const liaison = db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
    .innerJoin('liaison_group_orgs as g', 'g.group_id', 'lg.id')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select([
      sql<number>`1`.as('source'),
      'lg.id as id',
      sql<string>`'liaison_member'`.as('role'),
      'o.id as organization_id',
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.path as organization_path',
      'o.depth',
      'o.name as then_by',
    ])
    .where('m.user_id', '=', userId)
    .where('lg.archived_at', 'is', null);
  return assigned.unionAll(liaison).orderBy('source').orderBy('depth').orderBy('then_by');
});

export async function listActorScopes(db: Executor, userId: string) {
  const rows = await actorScopes(db, userId);
  return rows.map((r) => ({ ...r, source: toNumber(r.source) === 0 ? ('assignment' as const) : ('liaison' as const) }));
}

export async function touch(db: Executor, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function remove(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a user except, optionally, one. */
export async function removeForUser(db: Executor, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function removeExpired(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export type AttemptKind = 'login' | 'password_change';

/** Keeps the advisory locks of sign-in throttling apart from any other use of them. */
const THROTTLE_LOCK_SPACE = 0x7468726f; // 'thro'

/**
 * Serializes throttling decisions on these keys until the transaction ends, so
 * that concurrent attempts count each other's reservations. PostgreSQL takes a
 * transaction-scoped advisory lock per key (callers pass keys in one fixed
 * order: account before address, so two decisions never wait on each other);
 * SQLite needs nothing, its one connection runs one transaction at a time.
 */
export async function lockThrottleKeys(trx: Transaction<Database>, kind: DialectKind, keys: readonly string[]): Promise<void> {
  if (kind !== 'postgres') return;
  for (const key of keys) await sql`select pg_advisory_xact_lock(${THROTTLE_LOCK_SPACE}, hashtext(${key}))`.execute(trx);
}

/** Records an attempt before its password is checked: state 'pending' counts as a failure until resolved. */
export async function insertAttempt(db: Executor, row: LoginAttemptsTable): Promise<void> {
  await db.insertInto('login_attempts').values(row).execute();
}

export async function markAttemptFailed(db: Executor, id: string): Promise<void> {
  await db.updateTable('login_attempts').set({ state: 'failed' }).where('id', '=', id).execute();
}

/** Failures (pending or failed) of a pair since `since`; `ip` null counts the account from every address. */
export async function countFailures(db: Executor, kind: AttemptKind, username: string, ip: string | null, since: string) {
  let q = db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('at').as('last')])
    .where('username', '=', username)
    .where('kind', '=', kind);
  if (ip !== null) q = q.where('ip', '=', ip);
  const row = await q.where('at', '>=', since).executeTakeFirst();
  return { count: toNumber(row?.n), lastAt: (row?.last as string | null | undefined) ?? null };
}

/**
 * The time of the n-th newest sign-in failure of an account (all addresses) or
 * of an address (all accounts) since `since`; null when there are fewer than n.
 */
export async function nthNewestFailureAt(db: Executor, by: { username: string } | { ip: string }, since: string, n: number) {
  let q = db.selectFrom('login_attempts').select('at').where('kind', '=', 'login');
  q = 'username' in by ? q.where('username', '=', by.username) : q.where('ip', '=', by.ip);
  const row = await q
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(1)
    .offset(n - 1)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** Forgets an attempt that succeeded, with the failures before it of the same pair (`ip` null: of the account). */
export async function clearFailures(
  db: Executor,
  kind: AttemptKind,
  username: string,
  ip: string | null,
  attemptId: string,
): Promise<void> {
  let q = db.deleteFrom('login_attempts').where('username', '=', username).where('kind', '=', kind);
  if (ip !== null) q = q.where('ip', '=', ip);
  // Attempts of the pair still being checked resolve themselves.
  await q.where((eb) => eb.or([eb('state', '=', 'failed'), eb('id', '=', attemptId)])).execute();
}

/** Forgets every failed sign-in of an account (an administrator set a new password: the old guesses no longer matter). */
export async function clearAccountFailures(db: Executor, username: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('username', '=', username).where('state', '=', 'failed').execute();
}

export async function removeAttemptsBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}

export async function rememberAddress(db: Executor, username: string, ip: string, at: string): Promise<void> {
  await db
    .insertInto('login_addresses')
    .values({ username, ip, last_success_at: at })
    .onConflict((oc) => oc.columns(['username', 'ip']).doUpdateSet({ last_success_at: at }))
    .execute();
}

/** Whether the account signed in successfully from this address since `since`. */
export async function isUsualAddress(db: Executor, username: string, ip: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('login_addresses')
    .select('ip')
    .where('username', '=', username)
    .where('ip', '=', ip)
    .where('last_success_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function forgetAddressesBefore(db: Executor, username: string, before: string): Promise<void> {
  await db.deleteFrom('login_addresses').where('username', '=', username).where('last_success_at', '<', before).execute();
}
