import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { InspectionChecklistsTable, InspectionResultsTable, InspectionRoundsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export async function insertRound(db: Executor, row: InspectionRoundsTable) {
  await db.insertInto('inspection_rounds').values(row).execute();
}

export async function insertChecklists(db: Executor, rows: InspectionChecklistsTable[]) {
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('inspection_checklists')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function findRound(db: Executor, id: string) {
  return db
    .selectFrom('inspection_rounds as r')
    .innerJoin('standard_versions as v', 'v.id', 'r.standard_version_id')
    .selectAll('r')
    .select(['v.title as standard_title', 'v.version_no as standard_version_no'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function listRounds(db: Executor) {
  return db
    .selectFrom('inspection_rounds as r')
    .innerJoin('standard_versions as v', 'v.id', 'r.standard_version_id')
    .selectAll('r')
    .select(['v.title as standard_title', 'v.version_no as standard_version_no'])
    .orderBy('r.created_at', 'desc')
    .execute();
}

/** Checklists with their organization, group and progress figures. */
function checklistsWithProgress(db: Executor) {
  return db
    .selectFrom('inspection_checklists as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('liaison_groups as g', 'g.id', 'c.liaison_group_id')
    .selectAll('c')
    .select((eb) => [
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.path as organization_path',
      'o.archived_at as organization_archived_at',
      'g.name as group_name',
      eb
        .selectFrom('inspection_results as ir')
        .select((e2) => e2.fn.countAll().as('n'))
        .whereRef('ir.checklist_id', '=', 'c.id')
        .as('recorded'),
      eb
        .selectFrom('inspection_results as ir')
        .select((e2) => e2.fn.countAll().as('n'))
        .whereRef('ir.checklist_id', '=', 'c.id')
        .where('ir.result', '=', 'fails')
        .as('failed'),
    ]);
}

/** Checklists of the given rounds inside the reader's subtrees. */
export async function listChecklists(db: Executor, roundIds: readonly string[], scopeRoots: readonly string[]) {
  if (roundIds.length === 0 || scopeRoots.length === 0) return [];
  return checklistsWithProgress(db)
    .where('c.round_id', 'in', roundIds)
    .where((eb) => eb.or(scopeRoots.map((r) => eb.and([eb('o.path', '>=', r), eb('o.path', '<', subtreeUpperBound(r))]))))
    .orderBy('o.path')
    .execute();
}
export type ChecklistRow = Awaited<ReturnType<typeof listChecklists>>[number];

/**
 * Of the given rounds, those with a checklist outside the subtrees `roots` (all of them when there are none): the
 * rounds a manager of `roots` does not manage whole.
 */
export async function roundsReachingOutside(db: Executor, roundIds: readonly string[], roots: readonly string[]): Promise<Set<string>> {
  if (roundIds.length === 0 || roots.length === 0) return new Set(roundIds);
  const rows = await db
    .selectFrom('inspection_checklists as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select('c.round_id')
    .distinct()
    .where('c.round_id', 'in', roundIds)
    .where((eb) => eb.not(eb.or(roots.map((r) => eb.and([eb('o.path', '>=', r), eb('o.path', '<', subtreeUpperBound(r))])))))
    .execute();
  return new Set(rows.map((r) => r.round_id));
}

export async function findChecklist(db: Executor, id: string) {
  return checklistsWithProgress(db).where('c.id', '=', id).executeTakeFirst();
}

export async function checkItemsOf(db: Executor, standardVersionId: string) {
  return db
    .selectFrom('check_items as ci')
    .innerJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select([
      'ci.id',
      'ci.code',
      'ci.title',
      'ci.criterion',
      'ci.weight',
      'ci.expected_evidence',
      'ci.applies_to',
      'sa.id as area_id',
      'sa.code as area_code',
      'sa.name as area_name',
    ])
    .where('ci.standard_version_id', '=', standardVersionId)
    .orderBy('sa.sort_order')
    .orderBy('ci.sort_order')
    .execute();
}

export async function resultsOf(db: Executor, checklistId: string) {
  return db.selectFrom('inspection_results').selectAll().where('checklist_id', '=', checklistId).execute();
}

export async function findResult(db: Executor, checklistId: string, checkItemId: string) {
  return db
    .selectFrom('inspection_results')
    .selectAll()
    .where('checklist_id', '=', checklistId)
    .where('check_item_id', '=', checkItemId)
    .executeTakeFirst();
}

export async function insertResult(db: Executor, row: InspectionResultsTable) {
  await db.insertInto('inspection_results').values(row).execute();
}

export async function updateResultIfVersion(db: Executor, id: string, version: number, changes: Partial<InspectionResultsTable>) {
  const r = await db
    .updateTable('inspection_results')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateChecklistIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: Partial<InspectionChecklistsTable>,
  now: string,
) {
  const r = await db
    .updateTable('inspection_checklists')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Takes the checklist for a result: bumps its version (a pending one starts) while it is not done,
 * so a result and the checklist's completion wait for each other and the later one is refused.
 */
export async function claimChecklistForResult(db: Executor, id: string, now: string) {
  // Not on the version read: two inspectors recording different items at once both go through (the second waits for
  // the first's row lock on PostgreSQL, then sees the checklist still open); a completion committed meanwhile stops it.
  const r = await db
    .updateTable('inspection_checklists')
    .set((eb) => ({
      status: eb.case().when('status', '=', 'pending').then('in_progress').else(eb.ref('status')).end(),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('status', '<>', 'done')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateRoundIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: Partial<InspectionRoundsTable>,
  now: string,
) {
  const r = await db
    .updateTable('inspection_rounds')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countOpenChecklists(db: Executor, roundId: string) {
  const row = await db
    .selectFrom('inspection_checklists')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('round_id', '=', roundId)
    .where('status', '!=', 'done')
    .executeTakeFirst();
  return toNumber(row?.n);
}

export async function countProblemsOfRounds(db: Executor, roundIds: readonly string[], scopeRoots: readonly string[]) {
  if (roundIds.length === 0 || scopeRoots.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('problems as p')
    .select((eb) => ['p.source_round_id', eb.fn.countAll().as('n')])
    .where('p.source_round_id', 'in', roundIds)
    // Withdrawn (撤销) problems were recorded by mistake: they count nowhere.
    .where('p.status', '!=', 'withdrawn')
    .where((eb) => eb.or(scopeRoots.map((r) => eb.and([eb('p.org_path', '>=', r), eb('p.org_path', '<', subtreeUpperBound(r))]))))
    .groupBy('p.source_round_id')
    .execute();
  return new Map(rows.map((r) => [r.source_round_id ?? '', toNumber(r.n)]));
}

export async function findStandardVersion(db: Executor, id: string) {
  return db.selectFrom('standard_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active liaison group covering each organization, if any. */
export async function groupsCovering(db: Executor, organizationIds: readonly string[]) {
  if (organizationIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('liaison_group_orgs as lo')
    .innerJoin('liaison_groups as g', 'g.id', 'lo.group_id')
    .select(['lo.organization_id', 'g.id'])
    .where('lo.organization_id', 'in', organizationIds)
    .where('g.archived_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.organization_id, r.id]));
}

export async function insertResultsMany(db: Executor, rows: InspectionResultsTable[]) {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('inspection_results')
      .values(rows.slice(i, i + 100))
      .execute();
}

/** The latest published standard version, if any. */
export async function latestPublishedVersion(db: Executor) {
  return db
    .selectFrom('standard_versions')
    .selectAll()
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .executeTakeFirst();
}

/** Members of the given groups by seat (for demo actors). */
export async function groupMembers(db: Executor, groupIds: readonly string[]) {
  if (groupIds.length === 0) return [];
  return db.selectFrom('liaison_group_members').select(['group_id', 'user_id', 'seat']).where('group_id', 'in', groupIds).execute();
}

/** The village's Party secretary (the first by name when there are several): the default owner of a problem found there. */
export async function firstSecretaryOf(db: Executor, organizationId: string) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select(['u.id', 'u.display_name'])
    .where('ra.organization_id', '=', organizationId)
    .where('ra.role', '=', 'village_secretary')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.display_name')
    .orderBy('u.id')
    .executeTakeFirst();
}
