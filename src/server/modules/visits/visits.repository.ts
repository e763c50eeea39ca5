import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { SupervisionVisitsTable, VisitTasksTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

export type VisitRow = SupervisionVisitsTable & { created_by_name: string | null };

const inRoots = (roots: readonly string[]) => roots.map((r) => ({ from: r, to: subtreeUpperBound(r) }));

export function findVisit(db: Executor, id: string): Promise<VisitRow | undefined> {
  return db
    .selectFrom('supervision_visits as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .selectAll('v')
    .select('u.display_name as created_by_name')
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/** Visits to a village inside the reader's subtrees, newest first. */
export async function listVisits(
  db: Executor,
  f: { scopeRoots: readonly string[]; limit: number; offset: number },
): Promise<{ total: number; rows: VisitRow[] }> {
  const ranges = inRoots(f.scopeRoots);
  const visible = db
    .selectFrom('visit_organizations as vo')
    .select('vo.visit_id')
    .where((eb) => eb.or(ranges.map((r) => eb.and([eb('vo.org_path', '>=', r.from), eb('vo.org_path', '<', r.to)]))));
  const n = await db
    .selectFrom('supervision_visits as v')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('v.id', 'in', visible)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('supervision_visits as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .selectAll('v')
    .select('u.display_name as created_by_name')
    .where('v.id', 'in', visible)
    .orderBy('v.visited_on', 'desc')
    .orderBy('v.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(n?.n), rows };
}

export async function insertVisit(db: Executor, row: SupervisionVisitsTable): Promise<void> {
  await db.insertInto('supervision_visits').values(row).execute();
}

export async function insertVisitOrganizations(
  db: Executor,
  visitId: string,
  orgs: ReadonlyArray<{ id: string; path: string }>,
): Promise<void> {
  if (orgs.length === 0) return;
  await db
    .insertInto('visit_organizations')
    .values(orgs.map((o) => ({ visit_id: visitId, organization_id: o.id, org_path: o.path })))
    .execute();
}

export async function deleteVisitOrganizations(db: Executor, visitId: string): Promise<void> {
  await db.deleteFrom('visit_organizations').where('visit_id', '=', visitId).execute();
}

/**
 * Takes the visit's row lock until the transaction ends (PostgreSQL; SQLite runs one writer at a time) by a write
 * that changes nothing: an edit of its villages and a task for one of them wait for each other, the later one then
 * reading what the first wrote. False when there is no such visit.
 */
export async function lockVisit(db: Executor, id: string): Promise<boolean> {
  const res = await db
    .updateTable('supervision_visits')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type VisitChanges = Partial<
  Pick<SupervisionVisitsTable, 'visited_on' | 'leader_name' | 'leader_title' | 'observations' | 'instructions'>
>;

export async function updateVisitIfVersion(db: Executor, id: string, version: number, changes: VisitChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('supervision_visits')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The villages of these visits, by name. */
export function organizationsOf(db: Executor, visitIds: readonly string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('visit_organizations as vo')
    .innerJoin('organizations as o', 'o.id', 'vo.organization_id')
    .select(['vo.visit_id', 'vo.organization_id', 'vo.org_path', 'o.name', 'o.archived_at'])
    .where('vo.visit_id', 'in', [...visitIds])
    .orderBy('o.path')
    .execute();
}

export type TaskRow = VisitTasksTable & {
  organization_name: string;
  organization_archived_at: string | null;
  visited_on: string;
  leader_name: string;
  leader_title: string;
};

function tasksWithNames(db: Executor) {
  return db
    .selectFrom('visit_tasks as t')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .innerJoin('supervision_visits as v', 'v.id', 't.visit_id')
    .selectAll('t')
    .select([
      'o.name as organization_name',
      'o.archived_at as organization_archived_at',
      'v.visited_on',
      'v.leader_name',
      'v.leader_title',
    ]);
}

export function findTask(db: Executor, id: string): Promise<TaskRow | undefined> {
  return tasksWithNames(db).where('t.id', '=', id).executeTakeFirst();
}

export interface TaskFilter {
  scopeRoots: readonly string[];
  visitIds?: readonly string[];
  status?: string;
  /** Only unfinished ones due before this Shanghai date (overdue as of today). */
  dueBefore?: string;
  /** Only unfinished ones. */
  unfinished?: boolean;
}

function filtered(db: Executor, f: TaskFilter) {
  let q = tasksWithNames(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('t.org_path', '>=', r), eb('t.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.visitIds) q = f.visitIds.length ? q.where('t.visit_id', 'in', [...f.visitIds]) : q.where('t.id', '=', '-none-');
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.unfinished || f.dueBefore) q = q.where('t.status', 'in', ['open', 'not_done']);
  if (f.dueBefore) q = q.where('t.due_on', '<', f.dueBefore);
  return q;
}

export async function listTasks(
  db: Executor,
  f: TaskFilter & { limit: number; offset: number },
): Promise<{ total: number; rows: TaskRow[] }> {
  const all = filtered(db, f);
  const n = await db
    .selectFrom(all.as('x'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const rows = await all.orderBy('t.due_on').orderBy('t.id').limit(f.limit).offset(f.offset).execute();
  return { total: toNumber(n?.n), rows };
}

export async function insertTask(db: Executor, row: VisitTasksTable): Promise<void> {
  await db.insertInto('visit_tasks').values(row).execute();
}

export type TaskChanges = Partial<Pick<VisitTasksTable, 'status' | 'outcome_note' | 'outcome_at' | 'outcome_by' | 'done_at'>>;

/** Conditional write: true when the task was at `version` and still in `status`. */
export async function updateTaskIfVersion(
  db: Executor,
  id: string,
  version: number,
  status: string,
  changes: TaskChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('visit_tasks')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Tasks of the subtree assigned before `createdBefore` and due before `dueBefore`: the circular's candidates. */
export function tasksDueBefore(
  db: Executor,
  /** `endedAt`: the month has ended (a village archived since still takes part in it, tookPartIn); else not archived. */
  f: { pathFrom: string; pathTo: string; dueBefore: string; createdBefore: string; endedAt?: string },
) {
  return tasksWithNames(db)
    .where('t.org_path', '>=', f.pathFrom)
    .where('t.org_path', '<', f.pathTo)
    .where(tookPartIn('o.archived_at', f.endedAt))
    .where('t.due_on', '<', f.dueBefore)
    .where('t.created_at', '<', f.createdBefore)
    .orderBy('t.due_on')
    .orderBy('t.id')
    .execute();
}

/** How many tasks name this village of this visit (a village with tasks stays on the visit). */
export async function countTasksOf(db: Executor, visitId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('visit_tasks')
    .select((eb) => ['organization_id', eb.fn.countAll().as('n')])
    .where('visit_id', '=', visitId)
    .groupBy('organization_id')
    .execute();
  return new Map(rows.map((r) => [r.organization_id, toNumber(r.n)]));
}
