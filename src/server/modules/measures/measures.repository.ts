import { sql } from 'kysely';
import { allColumns, qualified } from '../../db/columns.ts';
import { inJsonArray, precompiled } from '../../db/precompiled.ts';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { MeasuresTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: MeasuresTable): Promise<void> {
  await db.insertInto('measures').values(row).execute();
}

/** The review a measure is drafted in: its organization and scope path. */
export async function findReview(db: Executor, id: string) {
  return db.selectFrom('village_reviews').select(['id', 'organization_id', 'org_path']).where('id', '=', id).executeTakeFirst();
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('measures').selectAll().where('id', '=', id).executeTakeFirst();
}

export type MeasureChanges = Partial<Pick<MeasuresTable, 'description' | 'owner_id' | 'owner_name' | 'due_on' | 'progress'>>;

export async function updateIfVersion(db: Executor, id: string, version: number, changes: MeasureChanges, now: string): Promise<boolean> {
  const result = await db
    .updateTable('measures')
    .set({ ...changes, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function link(db: Executor, measureId: string, problemIds: readonly string[]): Promise<void> {
  if (problemIds.length === 0) return;
  await db
    .insertInto('measure_problems')
    .values(problemIds.map((problem_id) => ({ measure_id: measureId, problem_id })))
    .execute();
}

export async function unlinkAll(db: Executor, measureId: string): Promise<void> {
  await db.deleteFrom('measure_problems').where('measure_id', '=', measureId).execute();
}

/** The links of measures given as a JSON array: one statement text for any count (an `in` list was compiled anew each time). */
const linksOf = precompiled((db: Executor, idsJson: string) =>
  db
    .selectFrom('measure_problems')
    .select(['measure_id', 'problem_id'])
    .where(inJsonArray(db, 'measure_id', idsJson)),
);

export async function problemIdsOf(db: Executor, measureIds: readonly string[]) {
  if (measureIds.length === 0) return new Map<string, string[]>();
  const rows = await linksOf(db, JSON.stringify(measureIds));
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.measure_id, [...(map.get(r.measure_id) ?? []), r.problem_id]);
  return map;
}

const MEASURE_COLUMNS = allColumns<MeasuresTable>()([
  'id',
  'organization_id',
  'org_path',
  'description',
  'owner_id',
  'owner_name',
  'due_on',
  'progress',
  'review_id',
  'version',
  'created_by',
  'created_at',
  'updated_at',
]);

/**
 * The measures serving a problem (its detail reads them: precompiled, src/server/db/precompiled.ts; its columns
 * named, so that it runs as a prepared statement on PostgreSQL).
 */
export const listForProblem = precompiled((db: Executor, problemId: string) =>
  db
    .selectFrom('measures as m')
    .innerJoin('measure_problems as mp', 'mp.measure_id', 'm.id')
    .select(qualified('m', MEASURE_COLUMNS))
    .where('mp.problem_id', '=', problemId)
    .orderBy('m.created_at'),
);

export interface MeasureFilter {
  scopeRoots: readonly string[];
  problemId?: string;
  limit: number;
  offset: number;
}

export async function list(db: Executor, f: MeasureFilter) {
  let q = db.selectFrom('measures as m').where((eb) =>
    eb.or(
      f.scopeRoots.map((r) =>
        // A root's scope as measures_root_due_idx's expression (migration 2026-12-05-02): its page is the index's
        // first rows in the list's order, instead of every measure of the province sorted (≈ 300 ms).
        r.length === 38
          ? eb(sql<string>`substr(${sql.ref('m.org_path')}, 1, 38)`, '=', r)
          : eb.and([eb('m.org_path', '>=', r), eb('m.org_path', '<', subtreeUpperBound(r))]),
      ),
    ),
  );
  if (f.problemId) {
    const pid = f.problemId;
    q = q.where('m.id', 'in', (eb) => eb.selectFrom('measure_problems').select('measure_id').where('problem_id', '=', pid));
  }
  // Counted from the scope index alone (with the organizations joined, a province's count took 420 ms, not 50).
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .selectAll('m')
    .select('o.name as organization_name')
    .orderBy('m.due_on')
    .orderBy('m.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(total?.n), rows };
}

export async function insertMany(
  db: Executor,
  rows: MeasuresTable[],
  links: Array<{ measure_id: string; problem_id: string }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 50)
    await db
      .insertInto('measures')
      .values(rows.slice(i, i + 50))
      .execute();
  for (let i = 0; i < links.length; i += 200)
    await db
      .insertInto('measure_problems')
      .values(links.slice(i, i + 200))
      .execute();
}
