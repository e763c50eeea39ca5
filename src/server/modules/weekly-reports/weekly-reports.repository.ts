import type { Insertable, Selectable } from 'kysely';
import type { WeeklyReportsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';
import { inJsonArray, precompiled } from '../../db/precompiled.ts';

export type WeeklyReportRow = Selectable<WeeklyReportsTable>;

export async function findById(db: Executor, id: string): Promise<WeeklyReportRow | undefined> {
  return db.selectFrom('weekly_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByUnitWeek(db: Executor, week: string, unitType: string, unitId: string): Promise<WeeklyReportRow | undefined> {
  return db
    .selectFrom('weekly_reports')
    .selectAll()
    .where('week_start', '=', week)
    .where('unit_type', '=', unitType)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

/** What the list shows of a report (not its texts or figures). */
export type WeeklyReportListRow = Pick<
  WeeklyReportRow,
  'id' | 'unit_type' | 'unit_id' | 'week_start' | 'status' | 'submitted_at' | 'due_at' | 'is_late' | 'version'
>;

/** A report's state as the list's counts and filters need it: its status, whether it was filed, and late. */
export interface WeeklyReportState {
  id: string;
  unit_id: string;
  status: string;
  /** 1/0 on SQLite, a boolean on PostgreSQL (toBool). */
  filed: number | boolean;
  is_late: number | boolean;
}

/** The state of every report of a week for one kind of unit (weekly-report-units.cache.ts keeps them). */
export async function listWeekStates(db: Executor, week: string, unitType: string): Promise<WeeklyReportState[]> {
  return db
    .selectFrom('weekly_reports')
    .select((eb) => ['id', 'unit_id', 'status', eb('submitted_at', 'is not', null).as('filed'), 'is_late'])
    .where('week_start', '=', week)
    .where('unit_type', '=', unitType)
    .execute();
}

/**
 * The states of the given reports (those written since a reader's kept states), with their week and unit: by primary
 * key, so that no plan depends on statistics of the running week (PostgreSQL analyzes a table of a year's reports
 * every ≈ 100,000 rows written, and took the week's 20,000 rows for one while it had not).
 */
export const listStatesByIds = precompiled((db: Executor, idsJson: string) =>
  db
    .selectFrom('weekly_reports')
    .select((eb) => ['id', 'week_start', 'unit_type', 'unit_id', 'status', eb('submitted_at', 'is not', null).as('filed'), 'is_late'])
    .where(inJsonArray(db, 'id', idsJson)),
);

/** At most how many rows of the change log a reader takes in one go (listChangesSince); more, it reads its weeks again. */
export const MAX_CHANGES_READ = 2_000;

/**
 * The reports written in the generations of weekly_reports after `after` up to `upTo`, oldest first, at most
 * MAX_CHANGES_READ + 1 rows (migration 2026-12-04-15's log: a generation's rows are committed with it).
 */
export const listChangesSince = precompiled((db: Executor, after: number, upTo: number) =>
  db
    .selectFrom('weekly_report_changes')
    .select(['gen', 'report_id', 'week_start', 'unit_type', 'unit_id'])
    .where('gen', '>', after)
    .where('gen', '<=', upTo)
    .orderBy('gen')
    .limit(MAX_CHANGES_READ + 1),
);

/** The given reports (a page of the list), as the list shows them, by primary key (listStatesByIds says why). */
export const listByIds = precompiled((db: Executor, idsJson: string) =>
  db
    .selectFrom('weekly_reports')
    .select(['id', 'unit_type', 'unit_id', 'week_start', 'status', 'submitted_at', 'due_at', 'is_late', 'version'])
    .where(inJsonArray(db, 'id', idsJson)),
);

export async function insert(db: Executor, row: Insertable<WeeklyReportsTable>): Promise<void> {
  await db.insertInto('weekly_reports').values(row).execute();
}

export interface ReportChanges {
  status?: string;
  figures?: string;
  progress?: string;
  difficulties?: string;
  next_plan?: string;
  due_at?: string;
  submitted_at?: string;
  submitted_by?: string;
  is_late?: number;
}

/** Conditional write on `version`; false when the row changed meanwhile. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: ReportChanges, now: string): Promise<boolean> {
  const res = await db
    .updateTable('weekly_reports')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function listComments(db: Executor, reportId: string) {
  return db
    .selectFrom('weekly_report_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.kind', 'c.text', 'c.at', 'u.display_name as author_name'])
    .where('c.report_id', '=', reportId)
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
}
export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

export async function insertComment(
  db: Executor,
  row: { id: string; reportId: string; authorId: string; kind: 'comment' | 'return'; text: string; at: string },
): Promise<void> {
  await db
    .insertInto('weekly_report_comments')
    .values({ id: row.id, report_id: row.reportId, author_id: row.authorId, kind: row.kind, text: row.text, at: row.at })
    .execute();
}

export async function userName(db: Executor, id: string | null): Promise<string | null> {
  if (!id) return null;
  const row = await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? null;
}

/** Ids of the active liaison groups the user sits in. */
export async function memberGroupIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('liaison_group_members as m')
    .innerJoin('liaison_groups as lg', 'lg.id', 'm.group_id')
    .select('lg.id')
    .where('m.user_id', '=', userId)
    .where('lg.archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
