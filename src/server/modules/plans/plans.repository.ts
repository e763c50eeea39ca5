import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { VillagePlansTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export type PlanRow = VillagePlansTable & {
  organization_name: string;
  /** When the village was archived (撤销): its plans are then read only. */
  organization_archived_at: string | null;
  round_name: string;
  review_held_on: string;
  group_name: string | null;
  approved_by_name: string | null;
  created_by_name: string | null;
};

function withNames(db: Executor) {
  return db
    .selectFrom('village_plans as vp')
    .innerJoin('village_reviews as r', 'r.id', 'vp.review_id')
    .innerJoin('organizations as o', 'o.id', 'vp.organization_id')
    .innerJoin('inspection_rounds as ir', 'ir.id', 'r.round_id')
    .leftJoin('liaison_groups as g', 'g.id', 'r.liaison_group_id')
    .leftJoin('users as ua', 'ua.id', 'vp.approved_by')
    .leftJoin('users as uc', 'uc.id', 'vp.created_by')
    .selectAll('vp')
    .select([
      'o.name as organization_name',
      'o.archived_at as organization_archived_at',
      'ir.name as round_name',
      'r.held_on as review_held_on',
      'g.name as group_name',
      'ua.display_name as approved_by_name',
      'uc.display_name as created_by_name',
    ]);
}

export function findById(db: Executor, id: string): Promise<PlanRow | undefined> {
  return withNames(db).where('vp.id', '=', id).executeTakeFirst();
}

export async function list(
  db: Executor,
  f: { scopeRoots: readonly string[]; reviewId?: string; status?: string; limit: number; offset: number },
): Promise<{ total: number; rows: PlanRow[] }> {
  let count = db
    .selectFrom('village_plans as vp')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.or(f.scopeRoots.map((r) => eb.and([eb('vp.org_path', '>=', r), eb('vp.org_path', '<', subtreeUpperBound(r))]))));
  let rows = withNames(db).where((eb) =>
    eb.or(f.scopeRoots.map((r) => eb.and([eb('vp.org_path', '>=', r), eb('vp.org_path', '<', subtreeUpperBound(r))]))),
  );
  if (f.reviewId) {
    count = count.where('vp.review_id', '=', f.reviewId);
    rows = rows.where('vp.review_id', '=', f.reviewId);
  }
  if (f.status) {
    count = count.where('vp.status', '=', f.status);
    rows = rows.where('vp.status', '=', f.status);
  }
  const n = await count.executeTakeFirst();
  return {
    total: toNumber(n?.n),
    rows: await rows.orderBy('vp.org_path').orderBy('vp.version_no', 'desc').limit(f.limit).offset(f.offset).execute(),
  };
}

/** Every version of a review's plan, newest first. */
export function versionsOf(db: Executor, reviewId: string) {
  return db
    .selectFrom('village_plans')
    .select(['id', 'version_no', 'status', 'created_at'])
    .where('review_id', '=', reviewId)
    .orderBy('version_no', 'desc')
    .execute();
}

export async function insert(db: Executor, row: VillagePlansTable): Promise<void> {
  await db.insertInto('village_plans').values(row).execute();
}

export type PlanChanges = Partial<
  Pick<VillagePlansTable, 'status' | 'title' | 'preamble' | 'closing' | 'content' | 'approved_at' | 'approved_by'>
>;

/** Conditional write: true when the row was at `version` and still in `status`. */
export async function updateIfVersion(
  db: Executor,
  id: string,
  version: number,
  status: string,
  changes: PlanChanges,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('village_plans')
    .set({ ...changes, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Marks the review's approved version (if any) superseded; returns its number. */
export async function supersedeApproved(db: Executor, reviewId: string, at: string): Promise<number | null> {
  const approved = await db
    .selectFrom('village_plans')
    .select(['id', 'version_no'])
    .where('review_id', '=', reviewId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (!approved) return null;
  await db
    .updateTable('village_plans')
    .set((eb) => ({ status: 'superseded', version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', approved.id)
    .where('status', '=', 'approved')
    .execute();
  return approved.version_no;
}

/** The title of the standard version the review's round checked against, and the notice it was issued under. */
export function standardOfRound(db: Executor, roundId: string) {
  return db
    .selectFrom('inspection_rounds as ir')
    .innerJoin('standard_versions as v', 'v.id', 'ir.standard_version_id')
    .select(['v.title', 'v.notice_title'])
    .where('ir.id', '=', roundId)
    .executeTakeFirst();
}
