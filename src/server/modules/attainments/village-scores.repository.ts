import { sql } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { SETTLED_STATUSES } from '../../../domain/problem-workflow.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

/**
 * The SQL of the village scores and 达标 standing: checklists, check items,
 * inspection results, unsettled problems and attainment states, each as one
 * set-based query over every village at once (or one subtree), "as at" an
 * instant: `asAt: 'now'` reads current states, `'end'` reconstructs them from
 * the history tables before `end`.
 */

export interface AsAt {
  /** Exclusive upper bound (ISO-8601 UTC): what was recorded before it counts. */
  end: string;
  asAt: 'now' | 'end';
  /** Only this subtree (materialized path). */
  rootPath?: string;
}

const CHUNK = 500;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Checklists of rounds created before `end`, of the organizations taking part (tookPartIn; in the subtree), with their round. */
export function listChecklists(db: Executor, q: AsAt) {
  let query = db
    .selectFrom('inspection_checklists as c')
    .innerJoin('inspection_rounds as r', 'r.id', 'c.round_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id',
      'c.round_id',
      'c.organization_id',
      'c.status',
      'c.completed_at',
      'o.kind as organization_kind',
      'o.path as organization_path',
      'r.name as round_name',
      'r.standard_version_id',
      'r.period_start',
      'r.period_end',
      'r.closed_at',
      'r.rectification_start',
      'r.rectification_end',
      'r.created_at as round_created_at',
    ])
    .where('r.created_at', '<', q.end)
    .where(tookPartIn('o.archived_at', q.asAt === 'end' ? q.end : undefined));
  if (q.rootPath) query = query.where('o.path', '>=', q.rootPath).where('o.path', '<', subtreeUpperBound(q.rootPath));
  return query.execute();
}
export type ChecklistRow = Awaited<ReturnType<typeof listChecklists>>[number];

/** The check items of the given standard versions. */
export async function listCheckItems(db: Executor, versionIds: readonly string[]) {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('check_items as ci')
    .innerJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .select([
      'ci.id',
      'ci.standard_version_id',
      'ci.code',
      'ci.title',
      'ci.weight',
      'ci.applies_to',
      'sa.name as area_name',
      'sa.sort_order as area_sort',
      'ci.sort_order',
    ])
    .where('ci.standard_version_id', 'in', [...versionIds])
    .orderBy('sa.sort_order')
    .orderBy('ci.sort_order')
    .execute();
}
export type CheckItemRow = Awaited<ReturnType<typeof listCheckItems>>[number];

/** Results recorded on the given checklists before `end` (a result is changed only while its round is open). */
export async function listResults(db: Executor, checklistIds: readonly string[], end: string) {
  const out: Array<{ checklist_id: string; check_item_id: string; result: string }> = [];
  for (const ids of chunks(checklistIds)) {
    out.push(
      ...(await db
        .selectFrom('inspection_results')
        .select(['checklist_id', 'check_item_id', 'result'])
        .where('checklist_id', 'in', ids)
        .where('recorded_at', '<', end)
        .execute()),
    );
  }
  return out;
}

/**
 * Problems of the given rounds that are not settled (neither closed nor
 * withdrawn) as at `end`, counted per organization, round and check item
 * (check item null: recorded against the round without one).
 */
export async function countUnsettledProblems(
  db: Executor,
  roundIds: readonly string[],
  q: AsAt,
): Promise<Array<{ organization_id: string; round_id: string; check_item_id: string | null; n: number }>> {
  if (roundIds.length === 0) return [];
  const settled = sql.join(SETTLED_STATUSES.map((s) => sql`${s}`));
  const status =
    q.asAt === 'now'
      ? sql`p.status`
      : sql`(select h.to_status from problem_history h
              where h.problem_id = p.id and h.at < ${q.end}
              order by h.at desc, h.id desc limit 1)`;
  const scope = q.rootPath ? sql`and p.org_path >= ${q.rootPath} and p.org_path < ${subtreeUpperBound(q.rootPath)}` : sql``;
  const out: Array<{ organization_id: string; round_id: string; check_item_id: string | null; n: number }> = [];
  for (const ids of chunks(roundIds)) {
    const { rows } = await sql<{ organization_id: string; round_id: string; check_item_id: string | null; n: unknown }>`
      select s.organization_id, s.round_id, s.check_item_id, count(*) as n from (
        select p.organization_id, p.source_round_id as round_id, p.check_item_id, ${status} as status
        from problems p
        where p.source_round_id in (${sql.join(ids)}) and p.created_at < ${q.end} ${scope}
      ) s
      where coalesce(s.status, 'withdrawn') not in (${settled})
      group by s.organization_id, s.round_id, s.check_item_id`.execute(db);
    out.push(...rows.map((r) => ({ ...r, n: Number(r.n) })));
  }
  return out;
}

/**
 * The attainment (达标) of each checklist that has one, as at `end`: its
 * status then (the last history row before `end`) and when it was reached.
 */
export async function listAttainmentStates(
  db: Executor,
  checklistIds: readonly string[],
  q: AsAt,
): Promise<Array<{ checklist_id: string; status: string; since: string | null; confirmed_on: string | null }>> {
  const out: Array<{ checklist_id: string; status: string; since: string | null; confirmed_on: string | null }> = [];
  for (const ids of chunks(checklistIds)) {
    if (q.asAt === 'now') {
      const rows = await db
        .selectFrom('village_attainments')
        .select(['checklist_id', 'status', 'updated_at as since', 'confirmed_on'])
        .where('checklist_id', 'in', ids)
        .execute();
      out.push(...rows);
      continue;
    }
    const { rows } = await sql<{ checklist_id: string; status: string | null; since: string | null }>`
      select a.checklist_id,
        (select h.to_status from attainment_history h where h.attainment_id = a.id and h.at < ${q.end}
          order by h.at desc, h.id desc limit 1) as status,
        (select h.at from attainment_history h where h.attainment_id = a.id and h.at < ${q.end}
          order by h.at desc, h.id desc limit 1) as since
      from village_attainments a
      where a.checklist_id in (${sql.join(ids)})`.execute(db);
    for (const r of rows)
      if (r.status !== null) out.push({ checklist_id: r.checklist_id, status: r.status, since: r.since, confirmed_on: null });
  }
  return out;
}
