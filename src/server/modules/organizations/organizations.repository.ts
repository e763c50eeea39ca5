import { type RawBuilder, sql, type SqlBool } from 'kysely';
import { buildPath, subtreeUpperBound } from '../../../domain/organizations.ts';
import { allColumns } from '../../db/columns.ts';
import type { NewOrganizationRow, OrganizationRow, OrganizationsTable } from '../../db/database.ts';
import { inJsonArray, precompiled } from '../../db/precompiled.ts';
import { containsText, toNumber, type DialectKind } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/** Every column, named (a prepared statement's select list must not say `*`: db/columns.ts). */
const ORGANIZATION_COLUMNS = allColumns<OrganizationsTable>()([
  'id',
  'parent_id',
  'kind',
  'name',
  'code',
  'path',
  'depth',
  'is_sample',
  'archived_at',
  'version',
  'created_at',
  'updated_at',
]);

// Every ledger list narrowed to an organization and every problem's detail read these: precompiled.
const byId = precompiled((db: Executor, id: string) => db.selectFrom('organizations').select(ORGANIZATION_COLUMNS).where('id', '=', id));
const byIds = precompiled((db: Executor, idsJson: string) =>
  db
    .selectFrom('organizations')
    .select(ORGANIZATION_COLUMNS)
    .where(inJsonArray(db, 'id', idsJson)),
);

export async function findById(db: Executor, id: string): Promise<OrganizationRow | undefined> {
  return (await byId(db, id))[0];
}

/** An active child of `parentId` named `name`, other than `exceptId` (a sibling's name must say which one is meant). */
export async function findActiveSiblingNamed(
  db: Executor,
  parentId: string,
  name: string,
  exceptId: string | null,
): Promise<{ id: string } | undefined> {
  let q = db
    .selectFrom('organizations')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('name', '=', name)
    .where('archived_at', 'is', null);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return q.limit(1).executeTakeFirst();
}

export async function findByIds(db: Executor, ids: readonly string[]): Promise<OrganizationRow[]> {
  if (ids.length === 0) return [];
  return byIds(db, JSON.stringify(ids));
}

/** Every organization, archived too, in no order (organization-directory.cache.ts keeps them, and orders them). */
export async function listAll(db: Executor): Promise<OrganizationRow[]> {
  return db.selectFrom('organizations').select(ORGANIZATION_COLUMNS).execute();
}

/** At most how many rows of the change log a reader takes in one go (listChangesSince); more, it reads everything. */
export const MAX_CHANGES_READ = 2_000;

/**
 * The organizations changed in the generations of organizations after `after` up to `upTo`, oldest first, at most
 * MAX_CHANGES_READ + 1 rows (migration 2026-12-05-01's log: a generation's rows are committed with it).
 */
export const listChangesSince = precompiled((db: Executor, after: number, upTo: number) =>
  db
    .selectFrom('organization_changes')
    .select(['gen', 'organization_id'])
    .where('gen', '>', after)
    .where('gen', '<=', upTo)
    .orderBy('gen')
    .limit(MAX_CHANGES_READ + 1),
);

/** Every organization in the given subtrees, ordered for tree building. */
export async function listInSubtrees(
  db: Executor,
  roots: readonly string[],
  includeArchived: boolean,
  /** Only this deep (the roots themselves always). */
  maxDepth?: number,
): Promise<OrganizationRow[]> {
  if (roots.length === 0) return [];
  let q = db
    .selectFrom('organizations')
    .selectAll()
    .where((eb) => eb.or(roots.map((r) => eb.and([eb('path', '>=', r), eb('path', '<', subtreeUpperBound(r))]))));
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  if (maxDepth !== undefined) q = q.where((eb) => eb.or([eb('depth', '<=', maxDepth), eb('path', 'in', [...roots])]));
  return q.orderBy('depth').orderBy('name').execute();
}

/** How many organizations each depth of the given subtrees holds, shallowest first. */
export async function countByDepth(
  db: Executor,
  roots: readonly string[],
  includeArchived: boolean,
): Promise<Array<{ depth: number; count: number }>> {
  if (roots.length === 0) return [];
  let q = db
    .selectFrom('organizations')
    .select((eb) => ['depth', eb.fn.countAll().as('n')])
    .where((eb) => eb.or(roots.map((r) => eb.and([eb('path', '>=', r), eb('path', '<', subtreeUpperBound(r))]))));
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.groupBy('depth').orderBy('depth').execute();
  return rows.map((r) => ({ depth: Number(r.depth), count: toNumber(r.n) }));
}

/** The number of children of each of these organizations (those with none are absent). */
export async function countChildrenOf(db: Executor, parentIds: readonly string[], includeArchived: boolean): Promise<Map<string, number>> {
  if (parentIds.length === 0) return new Map();
  let q = db
    .selectFrom('organizations')
    .select((eb) => ['parent_id', eb.fn.countAll().as('n')])
    .where(inJsonArray(db, 'parent_id', JSON.stringify(parentIds)));
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.groupBy('parent_id').execute();
  return new Map(rows.map((r) => [r.parent_id ?? '', toNumber(r.n)]));
}

export interface SearchFilter {
  roots: readonly string[];
  q?: string;
  kind?: string;
  parentId?: string;
  includeArchived: boolean;
  limit: number;
}

export async function search(db: Executor, kind: DialectKind, f: SearchFilter): Promise<OrganizationRow[]> {
  if (f.roots.length === 0) return [];
  let q = db
    .selectFrom('organizations')
    .selectAll()
    .where((eb) => eb.or(f.roots.map((r) => eb.and([eb('path', '>=', r), eb('path', '<', subtreeUpperBound(r))]))));
  if (!f.includeArchived) q = q.where('archived_at', 'is', null);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.parentId) q = q.where('parent_id', '=', f.parentId);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsText(kind, 'name', text), containsText(kind, 'code', text)]));
  }
  return q.orderBy('depth').orderBy('name').limit(f.limit).execute();
}

export async function countChildren(db: Executor, id: string): Promise<{ all: number; active: number }> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => [eb.fn.countAll().as('all'), eb.fn.count(eb.case().when('archived_at', 'is', null).then(1).end()).as('active')])
    .where('parent_id', '=', id)
    .executeTakeFirst();
  return { all: toNumber(row?.all), active: toNumber(row?.active) };
}

export async function insert(db: Executor, row: NewOrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export interface OrganizationChanges {
  name?: string;
  code?: string | null;
  archived_at?: string | null;
  parent_id?: string | null;
  path?: string;
  depth?: number;
}

/** Conditional write on `version`; returns false when the row changed meanwhile. */
export async function updateIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: OrganizationChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('organizations')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The ids of the archived organizations (of the subtree at rootPath): few, whatever the size of the tree. */
export async function listArchivedIds(db: Executor, rootPath?: string): Promise<Set<string>> {
  let q = db.selectFrom('organizations').select('id').where('archived_at', 'is not', null);
  if (rootPath !== undefined) q = q.where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath));
  return new Set((await q.execute()).map((r) => r.id));
}

/**
 * Takes part in a period: not archived, or, for a period that ended at `endedAt` (exclusive), archived at or after
 * its end. A village archived (撤并) this month still counts in the months and weeks it took part in, so archiving
 * it does not rewrite their rankings and figures. Without `endedAt` (a period still running): not archived.
 */
export function tookPartIn(column: string, endedAt: string | undefined): RawBuilder<SqlBool> {
  return endedAt === undefined
    ? sql<SqlBool>`${sql.ref(column)} is null`
    : sql<SqlBool>`(${sql.ref(column)} is null or ${sql.ref(column)} >= ${endedAt})`;
}

/**
 * Takes the row lock of a parent that must stay active while a child is added,
 * moved in or restored; false when it is archived. Archiving writes the row
 * first and counts children after, so the two can never both succeed.
 */
export async function lockIfActive(db: Executor, id: string): Promise<boolean> {
  const result = await db
    .updateTable('organizations')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Every table that keeps a copy of its organization's path (`org_path`) for scope, apart from the frozen ones
 * below. When a subtree moves, their rows in it follow it: the new parent's people read and write them, the old
 * one's no longer do. organizations.move-paths.test.ts checks this list against the schema.
 */
export const TABLES_FOLLOWING_ORG_PATH = [
  'problems',
  'measures',
  'weekly_reports',
  'circulars',
  'interviews',
  'village_reviews',
  'village_plans',
  'visit_organizations',
  'visit_tasks',
  'venues',
  'venue_projects',
  'venue_files',
  'fund_allocations',
  'fund_spendings',
  'feedback',
  'party_members',
  'study_plans',
  'study_sessions',
  'study_files',
  'party_meetings',
  'study_tours',
  'tour_participants',
  'tour_takeaways',
  'service_halls',
  'duty_signins',
] as const;

/** Frozen weeks keep the tree as it was frozen (a week's children are those it had then): never rewritten. */
export const TABLES_FROZEN_WITH_ORG_PATH = ['weekly_snapshots', 'venue_snapshots', 'study_snapshots'] as const;

/** The PostgreSQL advisory lock writers of copied paths share and a move holds alone (migration 2026-12-04-13). */
export const ORGANIZATION_TREE_LOCK = 7_412_503_001;

/**
 * A move's first statement: waits for every transaction that has written a row copying a path to end, and holds
 * new ones (their triggers) until the move commits, so no row keeps a path read before the move (PostgreSQL; on
 * SQLite the move holds the file's write lock anyway).
 */
export async function lockTreeForMove(db: Executor, kind: DialectKind): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${ORGANIZATION_TREE_LOCK})`.execute(db);
}

/**
 * Moves an organization with its subtree under `parent` (in the caller's transaction): the tree's lock first, then
 * the organization (guarded by `version`: false when it changed meanwhile), its descendants' paths and depths, and
 * every row's copy of their paths.
 */
export async function moveSubtree(
  db: Executor,
  kind: DialectKind,
  m: { id: string; version: number; path: string; depth: number; parent: { id: string; path: string; depth: number }; now: string },
): Promise<boolean> {
  await lockTreeForMove(db, kind);
  const newPath = buildPath(m.parent.path, m.id);
  const depth = m.parent.depth + 1;
  if (!(await updateIfVersion(db, m.id, m.version, { parent_id: m.parent.id, path: newPath, depth }, m.now))) return false;
  await rewriteDescendantPaths(db, m.path, newPath, depth - m.depth, m.now);
  await rewriteCopiedPaths(db, m.path, newPath);
  return true;
}

/** Moves the copied paths of a subtree's rows from `oldPath` to `newPath` (in the move's transaction). */
export async function rewriteCopiedPaths(db: Executor, oldPath: string, newPath: string): Promise<void> {
  for (const table of TABLES_FOLLOWING_ORG_PATH) {
    await db
      .updateTable(table)
      .set({ org_path: sql<string>`${newPath} || substr(org_path, ${oldPath.length + 1})` })
      .where('org_path', '>=', oldPath)
      .where('org_path', '<', subtreeUpperBound(oldPath))
      .execute();
  }
}

/** Rewrites the paths of every strict descendant after a move. */
export async function rewriteDescendantPaths(
  db: Executor,
  oldPath: string,
  newPath: string,
  depthDelta: number,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('organizations')
    .set({
      path: sql<string>`${newPath} || substr(path, ${oldPath.length + 1})`,
      depth: sql<number>`depth + ${depthDelta}`,
      updated_at: now,
    })
    .where('path', '>', oldPath)
    .where('path', '<', subtreeUpperBound(oldPath))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countAll(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return toNumber(row?.n);
}

/** The paths of the active top-level organizations (the roots of the trees the database holds). */
/** The roots of the tree still in use (a district; a nation's provinces), with their ids. */
export async function listRoots(db: Executor): Promise<Array<{ id: string; path: string }>> {
  return db.selectFrom('organizations').select(['id', 'path']).where('parent_id', 'is', null).where('archived_at', 'is', null).execute();
}

export async function listRootPaths(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('organizations')
    .select('path')
    .where('parent_id', 'is', null)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.path);
}

/** The oldest top-level organization (the district), if any. */
export async function findFirstRoot(db: Executor): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
}
