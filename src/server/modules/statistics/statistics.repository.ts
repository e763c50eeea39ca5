import type { Insertable } from 'kysely';
import type { WeeklySnapshotsTable } from '../../db/database.ts';
import { type DialectKind, insertRowsStreamed } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/** SQL of the frozen weekly snapshots (snapshot_weeks + weekly_snapshots). */

export type NewWeeklySnapshotRow = Insertable<WeeklySnapshotsTable>;

/** The instant of the oldest problem_history row, or null when the ledger is empty. */
export async function earliestHistoryAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('problem_history')
    .select((eb) => eb.fn.min('at').as('first'))
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}

export function listSnapshotWeeks(db: Executor, range: { from?: string; to?: string } = {}) {
  let q = db
    .selectFrom('snapshot_weeks as s')
    .leftJoin('users as u', 'u.id', 's.computed_by')
    .select(['s.week_start', 's.computed_at', 's.computed_by', 's.trigger', 's.version', 'u.display_name as computed_by_name']);
  if (range.from) q = q.where('s.week_start', '>=', range.from);
  if (range.to) q = q.where('s.week_start', '<=', range.to);
  return q.orderBy('s.week_start', 'desc').execute();
}
export type SnapshotWeekRow = Awaited<ReturnType<typeof listSnapshotWeeks>>[number];

export function findSnapshotWeek(db: Executor, weekStart: string) {
  return db
    .selectFrom('snapshot_weeks as s')
    .leftJoin('users as u', 'u.id', 's.computed_by')
    .select(['s.week_start', 's.computed_at', 's.computed_by', 's.trigger', 's.version', 'u.display_name as computed_by_name'])
    .where('s.week_start', '=', weekStart)
    .executeTakeFirst();
}

/** Throws a unique violation when the week is already frozen (by this or another process). */
export async function insertSnapshotWeek(
  db: Executor,
  row: { weekStart: string; computedAt: string; computedBy: string | null; trigger: 'job' | 'recompute' },
): Promise<void> {
  await db
    .insertInto('snapshot_weeks')
    .values({ week_start: row.weekStart, computed_at: row.computedAt, computed_by: row.computedBy, trigger: row.trigger, version: 1 })
    .execute();
}

/** Conditional write for a recompute: true when the row was at `version` (and is now at version + 1). */
export async function bumpSnapshotWeekIfVersion(
  db: Executor,
  row: { weekStart: string; version: number; computedAt: string; computedBy: string | null },
): Promise<boolean> {
  const res = await db
    .updateTable('snapshot_weeks')
    .set((eb) => ({
      version: eb('version', '+', 1),
      computed_at: row.computedAt,
      computed_by: row.computedBy,
      trigger: 'recompute',
    }))
    .where('week_start', '=', row.weekStart)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteWeekRows(db: Executor, weekStart: string): Promise<void> {
  await db.deleteFrom('weekly_snapshots').where('week_start', '=', weekStart).execute();
}

/** 10,000 rows a statement: at national scale 100-row INSERTs took 30 s for 530,031 rows. */
export const ROWS_A_STATEMENT = 10_000;

/**
 * The rows, given piece by piece, `batch` (or a little more) a statement, each statement's rows built while the
 * previous one runs (dialect.ts insertRowsStreamed). Returns how many.
 */
export function insertWeekRows(
  db: Executor,
  kind: DialectKind,
  pieces: Iterable<NewWeeklySnapshotRow[]>,
  batch = ROWS_A_STATEMENT,
): Promise<number> {
  return insertRowsStreamed(db, kind, 'weekly_snapshots', pieces, batch);
}

/** A frozen week's rows with each organization's current name and parent. */
function weekRows(db: Executor, weekStart: string) {
  return db
    .selectFrom('weekly_snapshots as w')
    .leftJoin('organizations as o', 'o.id', 'w.organization_id')
    .selectAll('w')
    .select(['o.name as organization_name', 'o.parent_id as parent_id'])
    .where('w.week_start', '=', weekStart);
}

/** A frozen week's rows with each organization's current name. */
export function listWeekRows(db: Executor, weekStart: string) {
  return weekRows(db, weekStart).execute();
}
export type WeekRow = Awaited<ReturnType<typeof listWeekRows>>[number];

/**
 * A frozen week's row of one organization and those of its children in the tree as it was frozen (the
 * organization's id second to last on their path), with their current names: a province's root reads 101 of its
 * 20,101 rows (whose overdue ages together run to hundreds of thousands).
 */
export function listWeekRowsOfChildren(db: Executor, weekStart: string, organizationId: string): Promise<WeekRow[]> {
  return weekRows(db, weekStart)
    .where((eb) =>
      eb.or([
        eb('w.organization_id', '=', organizationId),
        // Ids are UUIDs (no % or _): below the organization, and no deeper than one level.
        eb.and([eb('w.org_path', 'like', `%/${organizationId}/%/`), eb('w.org_path', 'not like', `%/${organizationId}/%/%/`)]),
      ]),
    )
    .execute();
}

/** One organization's frozen rows between two weeks (both included), oldest first. */
export function listOrgSeries(db: Executor, organizationId: string, fromWeek: string, toWeek: string) {
  return db
    .selectFrom('weekly_snapshots as w')
    .leftJoin('organizations as o', 'o.id', 'w.organization_id')
    .selectAll('w')
    .select(['o.name as organization_name', 'o.parent_id as parent_id'])
    .where('w.organization_id', '=', organizationId)
    .where('w.week_start', '>=', fromWeek)
    .where('w.week_start', '<=', toWeek)
    .orderBy('w.week_start')
    .execute();
}
