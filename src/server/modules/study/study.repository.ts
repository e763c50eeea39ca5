import type { StudyAttendanceTable, StudyFilesTable, StudyPlansTable, StudySessionsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { rangesOf } from './study-scope.ts';

type Ranges = ReturnType<typeof rangesOf>;
const inRanges =
  (column: 'p.org_path' | 's.org_path', ranges: Ranges) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the expression builder of either table
  (eb: any) =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- as above
    eb.or(ranges.map((r) => eb.and([eb(column, '>=', r.from), eb(column, '<', r.to)])));

// ── Plans ───────────────────────────────────────────────────────────────────

/** A plan with its branch's name, and when the branch was archived (its records are then read only). */
export type PlanRow = StudyPlansTable & { organization_name: string; organization_archived_at: string | null };

export function findPlan(db: Executor, id: string): Promise<PlanRow | undefined> {
  return db
    .selectFrom('study_plans as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .selectAll('p')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** One page of the plans in the subtrees, newest period first, and how many there are. */
export async function listPlans(
  db: Executor,
  f: { roots: readonly string[]; limit: number; offset: number },
): Promise<{ total: number; rows: PlanRow[] }> {
  const base = db
    .selectFrom('study_plans as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .where(inRanges('p.org_path', rangesOf(f.roots)));
  const n = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('p')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .orderBy('p.starts_on', 'desc')
    .orderBy('o.name')
    .orderBy('p.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(n?.n), rows };
}

export async function insertPlan(db: Executor, row: StudyPlansTable): Promise<void> {
  await db.insertInto('study_plans').values(row).execute();
}

export type PlanChanges = Partial<
  Pick<StudyPlansTable, 'title' | 'starts_on' | 'ends_on' | 'topics' | 'forms' | 'sessions_per_month' | 'note'>
>;

export async function updatePlanIfVersion(db: Executor, id: string, version: number, changes: PlanChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('study_plans')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── Sessions ────────────────────────────────────────────────────────────────

/** A session with its branch's name, and when the branch was archived (its records are then read only). */
export type SessionRow = StudySessionsTable & { organization_name: string; organization_archived_at: string | null };

export function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('study_sessions as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .selectAll('s')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export interface SessionFilter {
  roots: readonly string[];
  kind?: string;
  /** Instants (ISO): from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Sessions in the subtrees, newest first. */
export async function listSessions(db: Executor, f: SessionFilter): Promise<{ total: number; rows: SessionRow[] }> {
  let base = db
    .selectFrom('study_sessions as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .where(inRanges('s.org_path', rangesOf(f.roots)));
  if (f.kind) base = base.where('s.kind', '=', f.kind);
  if (f.from) base = base.where('s.starts_at', '>=', f.from);
  if (f.to) base = base.where('s.starts_at', '<', f.to);
  const n = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('s')
    .select(['o.name as organization_name', 'o.archived_at as organization_archived_at'])
    .orderBy('s.starts_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(n?.n), rows };
}

export async function insertSession(db: Executor, row: StudySessionsTable): Promise<void> {
  await db.insertInto('study_sessions').values(row).execute();
}

export type SessionChanges = Partial<
  Pick<StudySessionsTable, 'kind' | 'starts_at' | 'place' | 'speaker' | 'topic' | 'summary' | 'plays_count'>
>;

/** The conditional write every change of a session (its attendance too) goes through. */
export async function updateSessionIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: SessionChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('study_sessions')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ── Attendance ──────────────────────────────────────────────────────────────

export type AttendanceRow = StudyAttendanceTable & { member_name: string; works_away: number };

export function listAttendance(db: Executor, sessionId: string): Promise<AttendanceRow[]> {
  return db
    .selectFrom('study_attendance as a')
    .innerJoin('party_members as m', 'm.id', 'a.member_id')
    .selectAll('a')
    .select(['m.name as member_name', 'm.works_away'])
    .where('a.session_id', '=', sessionId)
    .orderBy('m.name')
    .orderBy('m.id')
    .execute();
}

/** Replaces the given members' entries of a session. */
export async function writeAttendance(db: Executor, sessionId: string, rows: readonly StudyAttendanceTable[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.member_id);
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('study_attendance')
      .where('session_id', '=', sessionId)
      .where('member_id', 'in', ids.slice(i, i + 500))
      .execute();
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('study_attendance')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Attendance counts per session: entries by status, and absences made up. */
export async function attendanceCounts(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .selectFrom('study_attendance')
    .select((eb) => ['session_id', 'status', eb.fn.countAll().as('n'), eb.fn.count('made_up_on').as('made_up')])
    .where('session_id', 'in', sessionIds)
    .groupBy(['session_id', 'status'])
    .execute();
  return rows.map((r) => ({ session_id: r.session_id, status: r.status, n: toNumber(r.n), made_up: toNumber(r.made_up) }));
}

// ── Files ───────────────────────────────────────────────────────────────────

export type FileRow = StudyFilesTable & { uploaded_by_name: string | null };

export async function insertFile(db: Executor, row: StudyFilesTable): Promise<void> {
  await db.insertInto('study_files').values(row).execute();
}

export function findFile(db: Executor, id: string): Promise<StudyFilesTable | undefined> {
  return db.selectFrom('study_files').selectAll().where('id', '=', id).executeTakeFirst();
}

export function filesOf(db: Executor, owner: { sessionIds?: readonly string[]; signinIds?: readonly string[] }): Promise<FileRow[]> {
  const sessions = owner.sessionIds ?? [];
  const signins = owner.signinIds ?? [];
  if (sessions.length === 0 && signins.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('study_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .selectAll('f')
    .select('u.display_name as uploaded_by_name')
    .where((eb) =>
      eb.or([
        ...(sessions.length ? [eb('f.session_id', 'in', sessions)] : []),
        ...(signins.length ? [eb('f.signin_id', 'in', signins)] : []),
      ]),
    )
    .orderBy('f.uploaded_at')
    .execute();
}

/** Sessions (of these) that have a recording. */
export async function sessionsWithRecording(db: Executor, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('study_files')
    .select('session_id')
    .distinct()
    .where('session_id', 'in', sessionIds)
    .where('purpose', '=', 'recording')
    .execute();
  return new Set(rows.map((r) => r.session_id!));
}
