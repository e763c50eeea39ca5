import { sql, type SqlBool } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { StudySnapshotsTable } from '../../db/database.ts';
import { type DialectKind, insertRows, toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

/**
 * `rootPath`: only the facts of the organizations in that subtree (by organization id: the facts' own org_path is
 * not rewritten when an organization moves). Undefined: every organization.
 */
type Root = string | undefined;

/** `<column> in (the ids of the organizations in the subtree at rootPath)`. */
function inSubtree(column: string, rootPath: string) {
  return sql<SqlBool>`${sql.ref(column)} in (select id from organizations where path >= ${rootPath} and path < ${subtreeUpperBound(rootPath)})`;
}

/** Every organization taking part in the period (in the subtree; tookPartIn, `endedAt` for one that has ended), for rolling figures up the tree. */
export function listOrganizations(db: Executor, rootPath?: Root, endedAt?: string) {
  let q = db
    .selectFrom('organizations')
    .select(['id', 'parent_id', 'kind', 'name', 'path', 'depth', 'created_at'])
    .where(tookPartIn('archived_at', endedAt));
  if (rootPath !== undefined) q = q.where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath));
  return q.orderBy('depth').orderBy('name').execute();
}

/** Sessions held per organization between two instants (from inclusive, to exclusive). */
export async function countSessions(db: Executor, from: string, to: string, rootPath?: Root): Promise<Map<string, number>> {
  let q = db
    .selectFrom('study_sessions')
    .select((eb) => ['organization_id', eb.fn.countAll().as('n')])
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to);
  if (rootPath !== undefined) q = q.where(inSubtree('organization_id', rootPath));
  const rows = await q.groupBy('organization_id').execute();
  return new Map(rows.map((r) => [r.organization_id, toNumber(r.n)]));
}

/** Attendance entries of the sessions between two instants, per organization and status, with those made up by `day`. */
export async function countAttendance(db: Executor, from: string, to: string, day: string, rootPath?: Root) {
  let q = db
    .selectFrom('study_attendance as a')
    .innerJoin('study_sessions as s', 's.id', 'a.session_id')
    .select((eb) => [
      's.organization_id',
      'a.status',
      eb.fn.countAll().as('n'),
      eb.fn.sum<number>(sql<number>`case when a.made_up_on is not null and a.made_up_on <= ${day} then 1 else 0 end`).as('made_up'),
    ])
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to);
  if (rootPath !== undefined) q = q.where(inSubtree('s.organization_id', rootPath));
  const rows = await q.groupBy(['s.organization_id', 'a.status']).execute();
  return rows.map((r) => ({ organization_id: r.organization_id, status: r.status, n: toNumber(r.n), made_up: toNumber(r.made_up) }));
}

export function listPlans(db: Executor, rootPath?: Root) {
  let q = db.selectFrom('study_plans').select(['organization_id', 'starts_on', 'ends_on', 'sessions_per_month']);
  if (rootPath !== undefined) q = q.where(inSubtree('organization_id', rootPath));
  return q.execute();
}

/** Members in the register at `day` whose entry existed by `at`. */
export function listMembersAt(db: Executor, at: string, day: string, rootPath?: Root) {
  let q = db
    .selectFrom('party_members')
    .select(['id', 'organization_id', 'org_path', 'name', 'works_away'])
    .where('created_at', '<', at)
    .where((eb) => eb.or([eb('joined_on', 'is', null), eb('joined_on', '<=', day)]))
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', day)]));
  if (rootPath !== undefined) q = q.where(inSubtree('organization_id', rootPath));
  return q.orderBy('name').execute();
}

/**
 * Members reached (present, by broadcast, or made up by `day`) by a session between two instants; with `rootPath`,
 * the members of that subtree (by a session of any organization: a 街道's lecture reaches a village's members).
 */
export async function reachedMembers(db: Executor, from: string, to: string, day: string, rootPath?: Root): Promise<Set<string>> {
  let q = db
    .selectFrom('study_attendance as a')
    .innerJoin('study_sessions as s', 's.id', 'a.session_id')
    .select('a.member_id')
    .distinct()
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where((eb) =>
      eb.or([eb('a.status', 'in', ['present', 'reached']), eb.and([eb('a.made_up_on', 'is not', null), eb('a.made_up_on', '<=', day)])]),
    );
  if (rootPath !== undefined)
    q = q.where((eb) =>
      eb('a.member_id', 'in', eb.selectFrom('party_members as m').select('m.id').where(inSubtree('m.organization_id', rootPath))),
    );
  const rows = await q.execute();
  return new Set(rows.map((r) => r.member_id));
}

/** Every meeting of 三会一课 held before `at`, and every 专题党课 session (which counts as a Party lesson). */
export async function listMeetingsBefore(db: Executor, at: string, rootPath?: Root) {
  let meetingsQ = db.selectFrom('party_meetings').select(['organization_id', 'kind', 'held_at']).where('held_at', '<', at);
  let lecturesQ = db
    .selectFrom('study_sessions')
    .select(['organization_id', 'starts_at as held_at'])
    .where('kind', '=', 'party_lecture')
    .where('starts_at', '<', at);
  if (rootPath !== undefined) {
    meetingsQ = meetingsQ.where(inSubtree('organization_id', rootPath));
    lecturesQ = lecturesQ.where(inSubtree('organization_id', rootPath));
  }
  const [meetings, lectures] = await Promise.all([meetingsQ.execute(), lecturesQ.execute()]);
  return [...meetings, ...lectures.map((l) => ({ organization_id: l.organization_id, kind: 'party_lesson', held_at: l.held_at }))];
}

export async function replaceSnapshotWeek(
  db: Executor,
  kind: DialectKind,
  weekStart: string,
  rows: readonly StudySnapshotsTable[],
): Promise<void> {
  await db.deleteFrom('study_snapshots').where('week_start', '=', weekStart).execute();
  // 10,000 rows a statement: the nation's 530,031 rows took 2,651 INSERTs (14 s) at 200 a statement.
  await insertRows(db, kind, 'study_snapshots', rows);
}

/** Where an organization stood in the tree when the week was frozen (its frozen row's path), if it had a row. */
export async function findSnapshotPath(db: Executor, weekStart: string, organizationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('study_snapshots')
    .select('org_path')
    .where('week_start', '=', weekStart)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row?.org_path;
}

/** A frozen week's rows in a subtree as it was frozen (`rootPath`: the root's frozen path), in tree order, with the organizations' names. */
export function listSnapshotWeekIn(db: Executor, weekStart: string, rootPath: string) {
  return db
    .selectFrom('study_snapshots as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .selectAll('s')
    .select(['o.name as organization_name', 'o.kind as org_kind', 'o.depth'])
    .where('s.week_start', '=', weekStart)
    .where('s.org_path', '>=', rootPath)
    .where('s.org_path', '<', subtreeUpperBound(rootPath))
    .orderBy('s.org_path')
    .execute();
}
