import { sql } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { NotificationsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { inJsonArray, precompiled } from '../../db/precompiled.ts';

/** Rows per INSERT: 14 columns × 500 = 7,000 parameters, below SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const INSERT_BATCH = 500;

/**
 * Inserts notifications, skipping any whose (user_id, dedupe_key) exists:
 * "insert … on conflict do nothing" runs the same on SQLite and PostgreSQL and
 * never fails a surrounding transaction. Returns how many rows were new (the
 * rows the statements changed: a skipped one changes none), without reading
 * anything back.
 */
export async function insertIgnoringDuplicates(db: Executor, rows: readonly NotificationsTable[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const result = await db
      .insertInto('notifications')
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function listForUser(db: Executor, userId: string, opts: { unreadOnly: boolean; limit: number; offset: number }) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toNumber(total.n) };
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

/** Which of these ids are the user's own (read or not). */
export async function ownIds(db: Executor, userId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Marks the user's unread notifications (these ids, or all) read; returns how many changed. Conditional on read_at, so concurrent calls never double-count. */
export async function markRead(db: Executor, userId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Marks read, for everyone, the unread notifications under these dedupe keys: reminders whose cause is gone (a
 * problem submitted, a week's report filed). They leave the bell, and no outbound channel sends them any more.
 */
export async function settleByKeys(db: Executor, keys: readonly string[], at: string): Promise<number> {
  if (keys.length === 0) return 0;
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('dedupe_key', 'in', [...new Set(keys)])
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Undelivered, unread notifications still worth a try, oldest first, with what a channel needs of the user. Read
 * from the front of notifications_undelivered_idx (created_at, id) where delivered_at is null and read_at is null:
 * the query repeats both conditions so that either engine takes the partial index.
 */
export async function listUndelivered(db: Executor, maxAttempts: number, limit: number) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.user_id', 'n.title', 'n.body', 'n.link', 'n.delivery_attempts', 'u.display_name', 'u.phone', 'u.email'])
    .where('n.delivered_at', 'is', null)
    .where('n.read_at', 'is', null)
    .where('n.delivery_attempts', '<', maxAttempts)
    .where('u.disabled_at', 'is', null)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(limit)
    .execute();
}

/**
 * What delivery_error holds from the moment a notification is taken for sending until its send is confirmed: a row
 * left with it was taken by a run that stopped before it knew whether the channel had it (it is not sent again).
 */
export const SENDING_MARK = '发送中断，未确认是否送达 (sending was interrupted: it may not have gone out)';

/**
 * Takes these notifications for sending, in one statement: marks those still undelivered and unread as delivered at
 * `at`, with SENDING_MARK, and returns their ids. A row is taken once: another run (a lease that ran out under a run still
 * sending) finds it delivered and neither reads nor takes it, so no notification is sent twice.
 */
export async function takeForDelivery(db: Executor, ids: readonly string[], at: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('notifications')
    .set({ delivered_at: at, delivery_error: SENDING_MARK })
    .where('id', 'in', [...ids])
    .where('delivered_at', 'is', null)
    .where('read_at', 'is', null)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** What delivery_error says of a notification given back after an interrupted send (reclaimInterrupted). */
export const INTERRUPTED_ERROR = '上次发送被中断，已重新排队 (the last send was interrupted; queued again)';

/**
 * Gives back the notifications a run took for sending before `before` and never confirmed (it stopped: a crash, a
 * restart): undelivered again with one more attempt, so they are sent again, at least once in all (one that did go
 * out before the stop goes out twice). Reads notifications_sending_idx: SENDING_MARK is written into the SQL as the
 * literal of the index's condition, which both engines need to use a partial index. Returns how many.
 */
export async function reclaimInterrupted(db: Executor, before: string): Promise<number> {
  const res = await db
    .updateTable('notifications')
    .set((eb) => ({ delivered_at: null, delivery_error: INTERRUPTED_ERROR, delivery_attempts: eb('delivery_attempts', '+', 1) }))
    .where(sql<boolean>`delivery_error = ${sql.lit(SENDING_MARK)}`)
    .where('delivered_at', '<', before)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Confirms the sends of notifications taken at `at` (takeForDelivery): clears their SENDING_MARK, one statement. */
export async function confirmDelivered(db: Executor, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ delivery_error: null })
    .where('id', 'in', [...ids])
    .where('delivered_at', '=', at)
    .where('delivery_error', '=', SENDING_MARK)
    .execute();
}

/**
 * Gives back notifications taken at `at` whose send failed with `error`, in one statement: undelivered again, with
 * the error and one more attempt, or `maxAttempts` (not retried) when `giveUp`.
 */
export async function markDeliveryFailed(
  db: Executor,
  ids: readonly string[],
  at: string,
  error: string,
  opts: { giveUp: boolean; maxAttempts: number },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set((eb) => ({
      delivered_at: null,
      delivery_error: error.slice(0, 500),
      delivery_attempts: opts.giveUp ? opts.maxAttempts : eb('delivery_attempts', '+', 1),
    }))
    .where('id', 'in', [...ids])
    .where('delivered_at', '=', at)
    .where('delivery_error', '=', SENDING_MARK)
    .execute();
}

// ---- Who hears of a problem's workflow as it happens (inside the transition's transaction). ----
// A submission or an acceptance asks these on every call: precompiled (src/server/db/precompiled.ts), the lists
// given as JSON arrays (inJsonArray), so that the statement's text does not change with their lengths.

const roleHoldersOn = precompiled((db: Executor, pathsJson: string, rolesJson: string) =>
  db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select('r.user_id')
    .distinct()
    .where(inJsonArray(db, 'o.path', pathsJson))
    .where(inJsonArray(db, 'r.role', rolesJson))
    .where('u.disabled_at', 'is', null),
);

/** Enabled holders of these roles on any of the organizations (given by path: an organization and its ancestors). */
export async function listRoleHoldersOn(db: Executor, paths: readonly string[], roles: readonly string[]): Promise<string[]> {
  if (paths.length === 0 || roles.length === 0) return [];
  const rows = await roleHoldersOn(db, JSON.stringify(paths), JSON.stringify(roles));
  return rows.map((r) => r.user_id);
}

const liaisonMembersOn = precompiled((db: Executor, pathsJson: string) =>
  db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
    .innerJoin('liaison_group_orgs as g', 'g.group_id', 'lg.id')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .distinct()
    .where(inJsonArray(db, 'o.path', pathsJson))
    .where('lg.archived_at', 'is', null)
    .where('u.disabled_at', 'is', null),
);

/** Enabled members of active liaison groups that cover any of the organizations (given by path). */
export async function listLiaisonMembersOn(db: Executor, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const rows = await liaisonMembersOn(db, JSON.stringify(paths));
  return rows.map((r) => r.user_id);
}

const enabledUsers = precompiled((db: Executor, idsJson: string) =>
  db
    .selectFrom('users')
    .select('id')
    .where(inJsonArray(db, 'id', idsJson))
    .where('disabled_at', 'is', null),
);

/** Those of the ids that belong to enabled users. */
export async function listEnabledUsers(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await enabledUsers(db, JSON.stringify(ids));
  return rows.map((r) => r.id);
}

// ---- What the reminders job reads: a handful of set-based queries per run. ----

/**
 * The problems worth a look on `today` (problems.remind_on <= today: a write to their status, deadline or submission,
 * or a step reached, since the last look), the earliest first, at most `limit`: light rows from the front of
 * problems_remind_idx (migration 2026-12-04-09). A run reads these, not every problem in reach of a step.
 * `remind_on` and `version` as read guard the move after the run (moveRemindOn).
 */
export async function listProblemsToExamine(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('problems')
    .select(['id', 'org_path', 'status', 'due_on', 'submitted_at', 'version', 'remind_on'])
    .where('remind_on', 'is not', null)
    .where('remind_on', '<=', today)
    .orderBy('remind_on')
    .limit(limit)
    .execute();
}

/** Problems moved per statement by moveRemindOn (two parameters each). */
const MOVE_BATCH = 500;

/**
 * Moves each problem's remind_on to `next` (null: nothing more to tell), one statement per distinct `next` and
 * MOVE_BATCH problems, only where the row is still as the run read it (its `version` and `remindOn`): a user's write
 * meanwhile (it bumps the version and sets remind_on) or a rules change (it sets remind_on) keeps its look. The
 * version is not bumped: this is the job's bookkeeping, not an edit (nobody gets a 409 for it). Returns how many
 * rows moved.
 */
export async function moveRemindOn(
  db: Executor,
  moves: ReadonlyArray<{ id: string; version: number; remindOn: string; next: string | null }>,
): Promise<number> {
  const byNext = new Map<string | null, Array<(typeof moves)[number]>>();
  for (const m of moves) {
    const list = byNext.get(m.next);
    if (list) list.push(m);
    else byNext.set(m.next, [m]);
  }
  let moved = 0;
  for (const [next, list] of byNext) {
    for (let i = 0; i < list.length; i += MOVE_BATCH) {
      const chunk = list.slice(i, i + MOVE_BATCH);
      const res = await db
        .updateTable('problems')
        .set({ remind_on: next })
        .where(
          'id',
          'in',
          chunk.map((m) => m.id),
        )
        .where(
          sql<string>`id || ':' || cast(version as text) || ':' || remind_on`,
          'in',
          chunk.map((m) => `${m.id}:${m.version}:${m.remindOn}`),
        )
        .executeTakeFirst();
      moved += Number(res.numUpdatedRows);
    }
  }
  return moved;
}

/**
 * Problems in the subtrees whose look was put off to `tomorrow` (a step nobody could hear: no holder of its role, no
 * liaison group covering the village) are looked at from `today` instead: someone can now hear them. A problem whose
 * next step merely falls tomorrow is looked at once more and moved back (its step was told). Returns the rows moved.
 */
export async function wakeWaitingIn(db: Executor, paths: readonly string[], today: string, tomorrow: string): Promise<number> {
  if (paths.length === 0) return 0;
  const res = await db
    .updateTable('problems')
    .set({ remind_on: today })
    .where('remind_on', '=', tomorrow)
    .where((eb) => eb.or(paths.map((p) => eb.and([eb('org_path', '>=', p), eb('org_path', '<', subtreeUpperBound(p))]))))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Every problem that may have a reminder to tell (open, rectifying, submitted) is looked at again from `day` (the
 * reminder steps changed): remind_on = `day` where it was later or null. Returns how many rows changed.
 */
export async function remindAllFrom(db: Executor, day: string): Promise<number> {
  const res = await db
    .updateTable('problems')
    .set({ remind_on: day })
    .where('status', 'in', ['open', 'rectifying', 'submitted'])
    .where((eb) => eb.or([eb('remind_on', 'is', null), eb('remind_on', '>', day)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Ids per statement in listNoticeDetails: a run's told problems (at most MAX_NOTICES_PER_RUN) in one statement.
 * PostgreSQL joins the villages by hashing all of them (≈ 30 ms at province scale) whatever the number of ids, so
 * one statement instead of six saves that five times; within both engines' parameter limits.
 */
const DETAILS_BATCH = 5_000;

/** What a notice says of each problem (code, words, deadline, status, village). */
export async function listNoticeDetails(db: Executor, ids: readonly string[]) {
  const out: Array<{
    id: string;
    code: string;
    description: string;
    status: string;
    due_on: string | null;
    org_path: string;
    organization_id: string;
    organization_name: string;
  }> = [];
  for (let i = 0; i < ids.length; i += DETAILS_BATCH) {
    out.push(
      ...(await db
        .selectFrom('problems as p')
        .innerJoin('organizations as o', 'o.id', 'p.organization_id')
        .select([
          'p.id',
          'p.code',
          'p.description',
          'p.status',
          'p.due_on',
          'p.org_path',
          'p.organization_id',
          'o.name as organization_name',
        ])
        .where('p.id', 'in', ids.slice(i, i + DETAILS_BATCH))
        .execute()),
    );
  }
  return out;
}

/** Keys per statement in listSentKeys: a run's examined problems (MAX_EXAMINED_PER_RUN) in a few statements. */
const KEYS_BATCH = 1_000;

/**
 * Those of the dedupe keys that some notification (to anyone) holds: a key lookup each in notifications_key_idx
 * (a scalar subquery with `limit 1`, as listUnsentReportUnits). Written as `dedupe_key in (…)`, PostgreSQL chose
 * to scan every notification when its statistics lagged behind a day's inserts (1 s for 10,000 keys instead of
 * 0.1 s).
 */
export async function listSentKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  const sent = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_BATCH) {
    const values = sql.join(
      keys.slice(i, i + KEYS_BATCH).map((k) => sql`(cast(${k} as text))`),
      sql`, `,
    );
    const { rows } = await sql<{ key: string }>`
      select v.column1 as key from (values ${values}) as v
      where (select 1 from notifications n where n.dedupe_key = v.column1 limit 1) is not null`.execute(db);
    for (const r of rows) sent.add(r.key);
  }
  return sent;
}

/**
 * The day that never comes: a submission examined while no liaison group covers any organization (nobody could
 * hear of it) waits with this remind_on, and is woken (wakeWaitingForCoverage) once a group covers something.
 */
export const AWAITING_COVERAGE = '9999-12-31';

/** Wakes the submissions AWAITING_COVERAGE: looked at from `day` (a few rows of problems_remind_idx, or none). */
export async function wakeWaitingForCoverage(db: Executor, day: string): Promise<number> {
  const res = await db.updateTable('problems').set({ remind_on: day }).where('remind_on', '=', AWAITING_COVERAGE).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Whether any active liaison group covers an organization (else nobody hears of a submission). */
export async function hasLiaisonCoverage(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('liaison_group_orgs as g')
    .innerJoin('liaison_groups as lg', 'lg.id', 'g.group_id')
    .select('g.group_id')
    .where('lg.archived_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Enabled holders of the roles reminders go to, with the path of the organization each role is held at. */
export async function listRecipientRoles(db: Executor, roles: readonly string[]) {
  return db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.user_id', 'r.role', 'r.organization_id', 'o.path'])
    .where('r.role', 'in', roles)
    .where('u.disabled_at', 'is', null)
    .execute();
}

/** Enabled members of active liaison groups, with each organization their group covers. */
export async function listLiaisonCoverage(db: Executor) {
  return db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('liaison_group_orgs as g', 'g.group_id', 'lg.id')
    .leftJoin('organizations as o', 'o.id', 'g.organization_id')
    .select(['m.user_id', 'lg.id as group_id', 'lg.name as group_name', 'o.path as organization_path'])
    .where('lg.archived_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .execute();
}

/**
 * Active organizations of these kinds (the reporting units in organization mode) that have not filed the week's
 * report and were not told of it yet: no notification holds its reportKey (`step`: 'due' | 'missing'), a key lookup
 * per village (not a join over every notification).
 */
export async function listUnsentReportUnits(
  db: Executor,
  weekStart: string,
  kinds: readonly string[],
  step: 'due' | 'missing',
  /** The week's report falls due then: a unit created since owes it not (一周一统计 does not expect it either). */
  dueAt: string,
) {
  const prefix = `report:${weekStart}:`;
  const suffix = `:${step}`;
  return db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.path'])
    .where('o.kind', 'in', kinds)
    .where('o.archived_at', 'is', null)
    .where('o.created_at', '<', dueAt)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('weekly_reports as r')
            .select(sql.lit(1).as('one'))
            .where('r.week_start', '=', weekStart)
            .where('r.unit_type', '=', 'organization')
            .whereRef('r.unit_id', '=', 'o.id')
            .where('r.submitted_at', 'is not', null),
        ),
      ),
    )
    .where(
      sql<boolean>`(select 1 from notifications n where n.dedupe_key = cast(${prefix} as text) || o.id || cast(${suffix} as text) limit 1) is null`,
    )
    .execute();
}

/** Units that filed (submitted) their report for the week. */
export async function listFiledUnits(db: Executor, weekStart: string, unitType: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('weekly_reports')
    .select('unit_id')
    .where('week_start', '=', weekStart)
    .where('unit_type', '=', unitType)
    .where('submitted_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.unit_id));
}
