import type { Insertable, Selectable } from 'kysely';
import type { CheckItemsTable, StandardAreasTable, StandardsTable, StandardVersionsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export type StandardRow = Selectable<StandardsTable>;
export type StandardVersionRow = Selectable<StandardVersionsTable>;
export type StandardAreaRow = Selectable<StandardAreasTable>;
export type CheckItemRow = Selectable<CheckItemsTable>;

/** A version with its standard's name and its publisher's name. */
export type VersionWithNames = StandardVersionRow & { standard_name: string; published_by_name: string | null };

export interface VersionStats {
  areaCount: number;
  itemCount: number;
  totalWeight: number;
}

export async function listStandards(db: Executor): Promise<StandardRow[]> {
  return db.selectFrom('standards').selectAll().orderBy('created_at').orderBy('name').execute();
}

export async function findStandard(db: Executor, id: string): Promise<StandardRow | undefined> {
  return db.selectFrom('standards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStandard(db: Executor, row: Insertable<StandardsTable>): Promise<void> {
  await db.insertInto('standards').values(row).execute();
}

/**
 * Takes the standard's row lock (and records the change time): drafts of one
 * standard are created one at a time, so "only one draft" holds under races.
 */
export async function touchStandard(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('standards').set({ updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function versionsWithNames(db: Executor) {
  return db
    .selectFrom('standard_versions as v')
    .innerJoin('standards as s', 's.id', 'v.standard_id')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .selectAll('v')
    .select(['s.name as standard_name', 'u.display_name as published_by_name']);
}

export async function listVersions(db: Executor): Promise<VersionWithNames[]> {
  return versionsWithNames(db).orderBy('v.standard_id').orderBy('v.version_no', 'desc').execute();
}

export async function listVersionsOf(db: Executor, standardId: string): Promise<StandardVersionRow[]> {
  return db.selectFrom('standard_versions').selectAll().where('standard_id', '=', standardId).orderBy('version_no', 'desc').execute();
}

export async function findVersion(db: Executor, id: string): Promise<VersionWithNames | undefined> {
  return versionsWithNames(db).where('v.id', '=', id).executeTakeFirst();
}

/** Area count, item count and total weight per version. */
export async function versionStats(db: Executor, versionIds: readonly string[]): Promise<Map<string, VersionStats>> {
  const stats = new Map<string, VersionStats>(versionIds.map((id) => [id, { areaCount: 0, itemCount: 0, totalWeight: 0 }]));
  if (versionIds.length === 0) return stats;
  const areas = await db
    .selectFrom('standard_areas')
    .select((eb) => ['standard_version_id', eb.fn.countAll().as('n')])
    .where('standard_version_id', 'in', versionIds)
    .groupBy('standard_version_id')
    .execute();
  const items = await db
    .selectFrom('check_items')
    .select((eb) => ['standard_version_id', eb.fn.countAll().as('n'), eb.fn.sum('weight').as('w')])
    .where('standard_version_id', 'in', versionIds)
    .groupBy('standard_version_id')
    .execute();
  for (const a of areas) stats.get(a.standard_version_id)!.areaCount = toNumber(a.n);
  for (const i of items) {
    const s = stats.get(i.standard_version_id)!;
    s.itemCount = toNumber(i.n);
    s.totalWeight = toNumber(i.w);
  }
  return stats;
}

export async function insertVersion(db: Executor, row: Insertable<StandardVersionsTable>): Promise<void> {
  await db.insertInto('standard_versions').values(row).execute();
}

export interface VersionChanges {
  title?: string;
  notes?: string | null;
  notice_title?: string | null;
  notice_date?: string | null;
  status?: 'published';
  published_at?: string;
  published_by?: string | null;
}

/**
 * Conditional write on a draft: bumps `version` only when the row is still a
 * draft at the expected version. Every draft edit starts here, so concurrent
 * edits of one draft are serialized and the loser gets false.
 */
export async function updateDraftIfVersion(
  db: Executor,
  id: string,
  version: number,
  changes: VersionChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('standard_versions')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAreas(db: Executor, versionId: string): Promise<StandardAreaRow[]> {
  return db
    .selectFrom('standard_areas')
    .selectAll()
    .where('standard_version_id', '=', versionId)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

export async function listItems(db: Executor, versionId: string): Promise<CheckItemRow[]> {
  return db
    .selectFrom('check_items')
    .selectAll()
    .where('standard_version_id', '=', versionId)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

export async function findArea(db: Executor, versionId: string, areaId: string): Promise<StandardAreaRow | undefined> {
  return db
    .selectFrom('standard_areas')
    .selectAll()
    .where('id', '=', areaId)
    .where('standard_version_id', '=', versionId)
    .executeTakeFirst();
}

export async function findItem(db: Executor, versionId: string, itemId: string): Promise<CheckItemRow | undefined> {
  return db.selectFrom('check_items').selectAll().where('id', '=', itemId).where('standard_version_id', '=', versionId).executeTakeFirst();
}

export async function findAreaByCode(db: Executor, versionId: string, code: string): Promise<StandardAreaRow | undefined> {
  return db
    .selectFrom('standard_areas')
    .selectAll()
    .where('standard_version_id', '=', versionId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findItemByCode(db: Executor, versionId: string, code: string): Promise<CheckItemRow | undefined> {
  return db.selectFrom('check_items').selectAll().where('standard_version_id', '=', versionId).where('code', '=', code).executeTakeFirst();
}

export async function nextAreaSortOrder(db: Executor, versionId: string): Promise<number> {
  const row = await db
    .selectFrom('standard_areas')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('standard_version_id', '=', versionId)
    .executeTakeFirst();
  return row?.m === null || row?.m === undefined ? 1 : toNumber(row.m) + 1;
}

export async function nextItemSortOrder(db: Executor, areaId: string): Promise<number> {
  const row = await db
    .selectFrom('check_items')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('area_id', '=', areaId)
    .executeTakeFirst();
  return row?.m === null || row?.m === undefined ? 1 : toNumber(row.m) + 1;
}

export async function insertAreas(db: Executor, rows: readonly Insertable<StandardAreasTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('standard_areas')
    .values([...rows])
    .execute();
}

export async function insertItems(db: Executor, rows: readonly Insertable<CheckItemsTable>[]): Promise<void> {
  // Chunked: SQLite limits the number of bound parameters per statement.
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto('check_items')
      .values(rows.slice(i, i + 50))
      .execute();
  }
}

export async function updateArea(db: Executor, id: string, changes: { code?: string; name?: string; sort_order?: number }): Promise<void> {
  await db.updateTable('standard_areas').set(changes).where('id', '=', id).execute();
}

export interface CheckItemChanges {
  area_id?: string;
  code?: string;
  title?: string;
  criterion?: string;
  weight?: number;
  expected_evidence?: string;
  applies_to?: string;
  sort_order?: number;
}

export async function updateItem(db: Executor, id: string, changes: CheckItemChanges): Promise<void> {
  await db.updateTable('check_items').set(changes).where('id', '=', id).execute();
}

/** Removes an area and its check items. */
export async function deleteArea(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('check_items').where('area_id', '=', id).execute();
  await db.deleteFrom('standard_areas').where('id', '=', id).execute();
}

export async function deleteItem(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('check_items').where('id', '=', id).execute();
}
