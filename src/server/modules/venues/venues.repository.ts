import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { VenueFilesTable, VenueSnapshotsTable, VenueStatusHistoryTable, VenuesTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

/** A venue with its organization's name, kind and archiving, and the parent's (subdistrict's) name. */
export type VenueRow = VenuesTable & {
  organization_name: string;
  organization_kind: string;
  organization_archived_at: string | null;
  parent_name: string | null;
};

function base(db: Executor) {
  return db
    .selectFrom('venues as v')
    .innerJoin('organizations as o', 'o.id', 'v.organization_id')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .selectAll('v')
    .select([
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.archived_at as organization_archived_at',
      'p.name as parent_name',
    ]);
}

export function findById(db: Executor, id: string): Promise<VenueRow | undefined> {
  return base(db).where('v.id', '=', id).executeTakeFirst();
}

export async function list(
  db: Executor,
  f: { scopeRoots: readonly string[]; onList?: boolean; limit: number; offset: number },
): Promise<{ total: number; rows: VenueRow[] }> {
  let count = db
    .selectFrom('venues as v')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.or(f.scopeRoots.map((r) => eb.and([eb('v.org_path', '>=', r), eb('v.org_path', '<', subtreeUpperBound(r))]))));
  let rows = base(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('v.org_path', '>=', r), eb('v.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.onList !== undefined) {
    count = count.where('v.passes', '=', f.onList ? 0 : 1);
    rows = rows.where('v.passes', '=', f.onList ? 0 : 1);
  }
  const n = await count.executeTakeFirstOrThrow();
  return {
    total: Number(n.n),
    rows: await rows.orderBy('v.passes').orderBy('v.org_path').orderBy('v.name').limit(f.limit).offset(f.offset).execute(),
  };
}

/**
 * How many venues on the clearance list (failing a rule now) each organization of the subtrees has; absent: none.
 * One range scan of the venues' paths a root (the list is short; a province's venues are one a village).
 */
export async function countOnListUnder(db: Executor, rootPaths: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (rootPaths.length === 0) return out;
  const rows = await db
    .selectFrom('venues')
    .select(['organization_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where((eb) => eb.or(rootPaths.map((r) => eb.and([eb('org_path', '>=', r), eb('org_path', '<', subtreeUpperBound(r))]))))
    .where('passes', '=', 0)
    .groupBy('organization_id')
    .execute();
  for (const r of rows) out.set(r.organization_id, Number(r.n));
  return out;
}

/** Every venue, or with `rootPath` those of that subtree (a province of a database of several roots). */
export function listAll(db: Executor, rootPath?: string): Promise<VenueRow[]> {
  let q = base(db);
  if (rootPath !== undefined) q = q.where('v.org_path', '>=', rootPath).where('v.org_path', '<', subtreeUpperBound(rootPath));
  return q.orderBy('v.org_path').orderBy('v.name').execute();
}

export async function insert(db: Executor, row: VenuesTable): Promise<void> {
  await db.insertInto('venues').values(row).execute();
}

export type VenueChanges = Partial<
  Pick<
    VenuesTable,
    | 'name'
    | 'address'
    | 'building_area'
    | 'ownership'
    | 'current_use'
    | 'hall_area'
    | 'has_signage'
    | 'rules_posted'
    | 'notes'
    | 'passes'
    | 'reasons'
    | 'listed_at'
  >
>;

/** Conditional write: true when the row was at `version`. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: VenueChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('venues')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A new judgement under changed rules: not a person's edit, so the version stays. */
export async function setJudgement(
  db: Executor,
  id: string,
  j: { passes: number; reasons: string; listed_at: string | null },
): Promise<void> {
  await db.updateTable('venues').set(j).where('id', '=', id).execute();
}

export async function insertStatus(db: Executor, row: VenueStatusHistoryTable): Promise<void> {
  await db.insertInto('venue_status_history').values(row).execute();
}

/** Every judgement change up to `before` (exclusive), oldest first. */
export function listStatusHistory(db: Executor, before: string, rootPath?: string) {
  let q = db.selectFrom('venue_status_history').select(['venue_id', 'at', 'passes', 'reasons', 'cause']).where('at', '<', before);
  if (rootPath !== undefined)
    q = q.where('venue_id', 'in', (eb) =>
      eb.selectFrom('venues').select('id').where('org_path', '>=', rootPath).where('org_path', '<', subtreeUpperBound(rootPath)),
    );
  return q.orderBy('at').orderBy('id').execute();
}

// ── Files ──────────────────────────────────────────────────────────────────

export type VenueFileRow = VenueFilesTable & { uploaded_by_name: string | null };

function files(db: Executor) {
  return db
    .selectFrom('venue_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .selectAll('f')
    .select('u.display_name as uploaded_by_name');
}

export async function insertFile(db: Executor, row: VenueFilesTable): Promise<void> {
  await db.insertInto('venue_files').values(row).execute();
}

export function findFile(db: Executor, id: string): Promise<VenueFileRow | undefined> {
  return files(db).where('f.id', '=', id).executeTakeFirst();
}

export function listFilesOfVenue(db: Executor, venueId: string): Promise<VenueFileRow[]> {
  return files(db).where('f.venue_id', '=', venueId).where('f.purpose', '=', 'venue_photo').orderBy('f.uploaded_at').execute();
}

/** The photos of several venues at once (the register's page), in upload order. */
export function listPhotosOfVenues(db: Executor, venueIds: readonly string[]): Promise<VenueFileRow[]> {
  if (venueIds.length === 0) return Promise.resolve([]);
  return files(db)
    .where('f.venue_id', 'in', [...venueIds])
    .where('f.purpose', '=', 'venue_photo')
    .orderBy('f.uploaded_at')
    .orderBy('f.id')
    .execute();
}

export function listFilesOfProject(db: Executor, projectId: string): Promise<VenueFileRow[]> {
  return files(db).where('f.project_id', '=', projectId).orderBy('f.uploaded_at').orderBy('f.id').execute();
}

/** How many photos the project's milestones carry (竣工 needs one). */
export async function countMilestonePhotos(db: Executor, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('venue_files')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .where('purpose', '=', 'milestone_photo')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── Weekly snapshot ────────────────────────────────────────────────────────

export async function replaceSnapshotWeek(db: Executor, weekStart: string, rows: VenueSnapshotsTable[]): Promise<void> {
  await db.deleteFrom('venue_snapshots').where('week_start', '=', weekStart).execute();
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('venue_snapshots')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Frozen rows of the weeks from `from` to `to` (inclusive). */
export function listSnapshots(db: Executor, from: string, to: string) {
  return db
    .selectFrom('venue_snapshots')
    .selectAll()
    .where('week_start', '>=', from)
    .where('week_start', '<=', to)
    .orderBy('week_start')
    .execute();
}
