import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { VenueMilestonesTable, VenueProjectHistoryTable, VenueProjectsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

export type VenueProjectRow = VenueProjectsTable & {
  venue_name: string;
  organization_name: string;
  organization_archived_at: string | null;
  parent_name: string | null;
};

function base(db: Executor) {
  return db
    .selectFrom('venue_projects as p')
    .innerJoin('venues as v', 'v.id', 'p.venue_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('organizations as s', 's.id', 'o.parent_id')
    .selectAll('p')
    .select(['v.name as venue_name', 'o.name as organization_name', 'o.archived_at as organization_archived_at', 's.name as parent_name']);
}

export function findById(db: Executor, id: string): Promise<VenueProjectRow | undefined> {
  return base(db).where('p.id', '=', id).executeTakeFirst();
}

/** The venue's project under way (not yet accepted). */
export function findOpenOfVenue(db: Executor, venueId: string): Promise<VenueProjectRow | undefined> {
  return base(db).where('p.venue_id', '=', venueId).where('p.status', '<>', 'accepted').executeTakeFirst();
}

export function findOpenOfVenues(db: Executor, venueIds: readonly string[]): Promise<VenueProjectRow[]> {
  if (venueIds.length === 0) return Promise.resolve([]);
  return base(db)
    .where('p.venue_id', 'in', [...venueIds])
    .where('p.status', '<>', 'accepted')
    .execute();
}

export async function list(
  db: Executor,
  f: { scopeRoots: readonly string[]; status?: string; limit: number; offset: number },
): Promise<{ total: number; rows: VenueProjectRow[] }> {
  let count = db
    .selectFrom('venue_projects as p')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.or(f.scopeRoots.map((r) => eb.and([eb('p.org_path', '>=', r), eb('p.org_path', '<', subtreeUpperBound(r))]))));
  let rows = base(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('p.org_path', '>=', r), eb('p.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.status) {
    count = count.where('p.status', '=', f.status);
    rows = rows.where('p.status', '=', f.status);
  }
  const n = await count.executeTakeFirstOrThrow();
  return {
    total: Number(n.n),
    rows: await rows.orderBy('p.deadline').orderBy('p.org_path').orderBy('p.id').limit(f.limit).offset(f.offset).execute(),
  };
}

/** Every project (the campaign's figures and the fund's totals run over all of them). */
/** Every project, or with `rootPath` those of that subtree (a province of a database of several roots). */
export function listAll(db: Executor, rootPath?: string): Promise<VenueProjectRow[]> {
  let q = base(db);
  if (rootPath !== undefined) q = q.where('p.org_path', '>=', rootPath).where('p.org_path', '<', subtreeUpperBound(rootPath));
  return q.orderBy('p.created_at').orderBy('p.id').execute();
}

export async function insert(db: Executor, row: VenueProjectsTable): Promise<void> {
  await db.insertInto('venue_projects').values(row).execute();
}

export type VenueProjectChanges = Partial<
  Pick<
    VenueProjectsTable,
    | 'kind'
    | 'plan'
    | 'budget'
    | 'planned_area'
    | 'deadline'
    | 'status'
    | 'progress'
    | 'last_moved_at'
    | 'return_reason'
    | 'accepted_at'
    | 'accepted_by'
  >
>;

/** Conditional write: true when the row was at `version` and `status`. */
export async function updateIfVersion(
  db: Executor,
  id: string,
  version: number,
  status: string,
  changes: VenueProjectChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('venue_projects')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertHistory(db: Executor, row: VenueProjectHistoryTable): Promise<void> {
  await db.insertInto('venue_project_history').values(row).execute();
}

export function listHistory(db: Executor, projectId: string) {
  return db
    .selectFrom('venue_project_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .selectAll('h')
    .select('u.display_name as actor_name')
    .where('h.project_id', '=', projectId)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
}

/** The ids of the projects in the subtree at `rootPath` (a subquery). */
function projectIdsIn(db: Executor, rootPath: string) {
  return db.selectFrom('venue_projects').select('id').where('org_path', '>=', rootPath).where('org_path', '<', subtreeUpperBound(rootPath));
}

/** Every step up to `before` (exclusive), oldest first. */
export function listAllHistory(db: Executor, before: string, rootPath?: string) {
  let q = db.selectFrom('venue_project_history').select(['project_id', 'at', 'to_status']).where('at', '<', before);
  if (rootPath !== undefined) q = q.where('project_id', 'in', projectIdsIn(db, rootPath));
  return q.orderBy('at').orderBy('id').execute();
}

export async function insertMilestone(db: Executor, row: VenueMilestonesTable): Promise<void> {
  await db.insertInto('venue_milestones').values(row).execute();
}

export function findMilestone(db: Executor, id: string) {
  return db.selectFrom('venue_milestones').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listMilestones(db: Executor, projectId: string) {
  return db
    .selectFrom('venue_milestones as m')
    .leftJoin('users as u', 'u.id', 'm.recorded_by')
    .selectAll('m')
    .select('u.display_name as recorded_by_name')
    .where('m.project_id', '=', projectId)
    .orderBy('m.recorded_at')
    .orderBy('m.id')
    .execute();
}

/** Every milestone up to `before` (exclusive), oldest first. */
export function listAllMilestones(db: Executor, before: string, rootPath?: string) {
  let q = db.selectFrom('venue_milestones').select(['project_id', 'recorded_at', 'progress', 'title']).where('recorded_at', '<', before);
  if (rootPath !== undefined) q = q.where('project_id', 'in', projectIdsIn(db, rootPath));
  return q.orderBy('recorded_at').orderBy('id').execute();
}

// ── The fund's running totals: the no-overspend rule is one conditional UPDATE ──

/** Adds an allocation to the project's total while the total stays within `maxTotal` fen (one statement). */
export async function addAllocated(db: Executor, id: string, amount: number, maxTotal: number): Promise<boolean> {
  const res = await db
    .updateTable('venue_projects')
    .set((eb) => ({ allocated: eb('allocated', '+', amount) }))
    .where('id', '=', id)
    .where('allocated', '<=', maxTotal - amount)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Takes a reversed allocation off the project's total, only while what stays allocated still covers what was spent
 * (checked and written in one statement). False: it would leave the project overspent.
 */
export async function subtractAllocated(db: Executor, id: string, amount: number): Promise<boolean> {
  const res = await db
    .updateTable('venue_projects')
    .set((eb) => ({ allocated: eb('allocated', '-', amount) }))
    .where('id', '=', id)
    .where((eb) => eb(eb('allocated', '-', eb.ref('spent')), '>=', amount))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Takes a reversed spend off the project's total. */
export async function subtractSpent(db: Executor, id: string, amount: number): Promise<void> {
  await db
    .updateTable('venue_projects')
    .set((eb) => ({ spent: eb('spent', '-', amount) }))
    .where('id', '=', id)
    .execute();
}

/**
 * Adds a spend to the project's total. Without `override` it only succeeds while the balance covers it
 * (allocated − spent ≥ amount), checked and written in one statement, so two spends at once cannot both pass.
 */
export async function addSpent(db: Executor, id: string, amount: number, override: boolean, maxTotal: number): Promise<boolean> {
  let q = db
    .updateTable('venue_projects')
    .set((eb) => ({ spent: eb('spent', '+', amount) }))
    .where('id', '=', id)
    .where('spent', '<=', maxTotal - amount);
  if (!override) q = q.where((eb) => eb(eb('allocated', '-', eb.ref('spent')), '>=', amount));
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
