import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { ReviewOutcomesTable, VillageReviewsTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export type ReviewRow = VillageReviewsTable & {
  organization_name: string;
  /** When the village was archived (撤销): its review and plans are then read only. */
  organization_archived_at: string | null;
  round_name: string;
  group_name: string | null;
  created_by_name: string | null;
};

function withNames(db: Executor) {
  return db
    .selectFrom('village_reviews as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .innerJoin('inspection_rounds as ir', 'ir.id', 'r.round_id')
    .leftJoin('liaison_groups as g', 'g.id', 'r.liaison_group_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select([
      'o.name as organization_name',
      'o.archived_at as organization_archived_at',
      'ir.name as round_name',
      'g.name as group_name',
      'u.display_name as created_by_name',
    ]);
}

export function findById(db: Executor, id: string): Promise<ReviewRow | undefined> {
  return withNames(db).where('r.id', '=', id).executeTakeFirst();
}

export function findByChecklist(db: Executor, checklistId: string) {
  return db.selectFrom('village_reviews').select(['id']).where('checklist_id', '=', checklistId).executeTakeFirst();
}

export async function insert(db: Executor, row: VillageReviewsTable): Promise<void> {
  await db.insertInto('village_reviews').values(row).execute();
}

export type ReviewChanges = Partial<Pick<VillageReviewsTable, 'held_on' | 'place' | 'attendees' | 'minutes'>>;

/** Conditional write (also a bare version bump when `changes` is empty): true when the row was at `version`. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: ReviewChanges, at: string): Promise<boolean> {
  const res = await db
    .updateTable('village_reviews')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The village's problems found in the round, with check item and area, in code order. */
export function problemsOf(db: Executor, roundId: string, organizationId: string) {
  return db
    .selectFrom('problems as p')
    .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
    .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .leftJoin('organizations as ro', 'ro.id', 'p.responsible_org_id')
    .select([
      'p.id',
      'p.code',
      'p.description',
      'p.status',
      'p.version',
      'p.org_path',
      'p.accepted_by',
      'p.lead_official',
      'p.owner_name',
      'p.due_on',
      'ro.name as responsible_org_name',
      'ci.code as check_item_code',
      'ci.title as check_item_title',
      'ci.sort_order as check_item_order',
      'sa.code as area_code',
      'sa.name as area_name',
      'sa.sort_order as area_order',
    ])
    .where('p.source_round_id', '=', roundId)
    .where('p.organization_id', '=', organizationId)
    .orderBy('p.code')
    .execute();
}
export type ReviewProblemRow = Awaited<ReturnType<typeof problemsOf>>[number];

export function outcomesOf(db: Executor, reviewId: string) {
  return db.selectFrom('review_outcomes').selectAll().where('review_id', '=', reviewId).execute();
}

export async function insertOutcome(db: Executor, row: ReviewOutcomesTable): Promise<void> {
  await db.insertInto('review_outcomes').values(row).execute();
}

export async function updateOutcome(
  db: Executor,
  id: string,
  changes: Pick<ReviewOutcomesTable, 'outcome' | 'reason' | 'recorded_by' | 'recorded_at'>,
): Promise<void> {
  await db.updateTable('review_outcomes').set(changes).where('id', '=', id).execute();
}

/** The measures serving these problems, with the problems each serves. */
export async function measuresOf(db: Executor, problemIds: readonly string[]) {
  if (problemIds.length === 0) return [];
  const links = await db
    .selectFrom('measure_problems as mp')
    .innerJoin('measures as m', 'm.id', 'mp.measure_id')
    .select([
      'mp.problem_id',
      'm.id',
      'm.description',
      'm.owner_name',
      'm.due_on',
      'm.progress',
      'm.review_id',
      'm.version',
      'm.created_at',
    ])
    .where('mp.measure_id', 'in', (eb) =>
      eb
        .selectFrom('measure_problems')
        .select('measure_id')
        .where('problem_id', 'in', [...problemIds]),
    )
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return links;
}

/** Finished checklists in the reader's subtrees: the villages whose lists can go to the 两委会. */
export async function workList(
  db: Executor,
  f: { scopeRoots: readonly string[]; roundId?: string; organizationId?: string; limit: number; offset: number },
) {
  let q = db
    .selectFrom('inspection_checklists as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .innerJoin('inspection_rounds as ir', 'ir.id', 'c.round_id')
    .where('c.status', '=', 'done')
    .where((eb) => eb.or(f.scopeRoots.map((r) => eb.and([eb('o.path', '>=', r), eb('o.path', '<', subtreeUpperBound(r))]))));
  if (f.roundId) q = q.where('c.round_id', '=', f.roundId);
  if (f.organizationId) q = q.where('c.organization_id', '=', f.organizationId);
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q
    .leftJoin('liaison_groups as g', 'g.id', 'c.liaison_group_id')
    .leftJoin('village_reviews as r', 'r.checklist_id', 'c.id')
    .select((eb) => [
      'c.id as checklist_id',
      'c.round_id',
      'ir.name as round_name',
      'c.organization_id',
      'o.name as organization_name',
      'o.path as organization_path',
      'o.archived_at as organization_archived_at',
      'g.name as group_name',
      'r.id as review_id',
      'r.held_on',
      eb
        .selectFrom('problems as p')
        .select((e2) => e2.fn.countAll().as('n'))
        .whereRef('p.source_round_id', '=', 'c.round_id')
        .whereRef('p.organization_id', '=', 'c.organization_id')
        .as('problems'),
    ])
    .orderBy('ir.created_at', 'desc')
    .orderBy('o.path')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(total?.n), rows };
}

/**
 * Problems of these (round, village) pairs grouped by outcome (null: none yet)
 * and status: the work list's counts, folded by countReview.
 */
export async function problemCounts(db: Executor, pairs: ReadonlyArray<{ roundId: string; organizationId: string }>) {
  if (pairs.length === 0) return [];
  return db
    .selectFrom('problems as p')
    .leftJoin('review_outcomes as ro', 'ro.problem_id', 'p.id')
    .select((eb) => ['p.source_round_id as round_id', 'p.organization_id', 'ro.outcome', 'p.status', eb.fn.countAll().as('n')])
    .where((eb) =>
      eb.or(pairs.map((x) => eb.and([eb('p.source_round_id', '=', x.roundId), eb('p.organization_id', '=', x.organizationId)]))),
    )
    .groupBy(['p.source_round_id', 'p.organization_id', 'ro.outcome', 'p.status'])
    .execute();
}

/** Per review: its plan versions (newest first). */
export function plansOf(db: Executor, reviewIds: readonly string[]) {
  if (reviewIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('village_plans')
    .select(['id', 'review_id', 'version_no', 'status'])
    .where('review_id', 'in', [...reviewIds])
    .orderBy('version_no', 'desc')
    .execute();
}

/** Batched inserts for seeding (SQLite caps bound parameters per statement). */
export async function insertOutcomesMany(db: Executor, rows: ReviewOutcomesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('review_outcomes')
      .values(rows.slice(i, i + 100))
      .execute();
}
