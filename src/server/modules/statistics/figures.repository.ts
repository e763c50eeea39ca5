import { sql } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { Executor } from '../../http/context.ts';

/** `and <column> in the subtree at rootPath` (nothing without a root: the whole tree). */
function inRoot(column: string, rootPath: string | undefined) {
  return rootPath === undefined
    ? sql``
    : sql`and ${sql.ref(column)} >= ${rootPath} and ${sql.ref(column)} < ${subtreeUpperBound(rootPath)}`;
}

/** The rows the figures are computed from, aggregated per organization. The only SQL of the figures computation. */

export function listOrganizations(db: Executor, rootPath?: string) {
  let q = db
    .selectFrom('organizations')
    .select(['id', 'parent_id', 'path', 'kind', 'name', 'depth', 'created_at'])
    .where('archived_at', 'is', null);
  if (rootPath !== undefined) q = q.where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath));
  return q.orderBy('path').execute();
}

/**
 * Problems created before `end`, counted per organization, status and (for the
 * actionable statuses) due date when it lies before `evalDay`: everything
 * computeFigures needs for the status and overdue figures, with one row per
 * group instead of one per problem. `asAt: 'now'` takes the current status;
 * `'end'` the status of the problem's last history row before `end` (latest
 * `at`, then `id`), and leaves out problems without one.
 */
export async function countProblemsByStatus(
  db: Executor,
  q: { end: string; evalDay: string; asAt: 'now' | 'end'; actionable: readonly string[]; rootPath?: string },
): Promise<Array<{ organization_id: string; status: string; overdue_due: string | null; n: number }>> {
  const source =
    q.asAt === 'now'
      ? sql`select p.organization_id, p.status, p.due_on from problems p where p.created_at < ${q.end} ${inRoot('p.org_path', q.rootPath)}`
      : sql`select p.organization_id, p.due_on,
              (select h.to_status from problem_history h
                where h.problem_id = p.id and h.at < ${q.end}
                order by h.at desc, h.id desc limit 1) as status
            from problems p where p.created_at < ${q.end} ${inRoot('p.org_path', q.rootPath)}`;
  const actionable = sql.join(q.actionable.map((st) => sql`${st}`));
  // MATERIALIZED (SQLite ≥ 3.35, PostgreSQL ≥ 12): otherwise the subquery is inlined and the
  // status lookup runs once per reference to `status` below.
  const { rows } = await sql<{ organization_id: string; status: string; overdue_due: string | null; n: unknown }>`
    with s as materialized (${source})
    select t.organization_id, t.status, t.overdue_due, count(*) as n from (
      select s.organization_id, s.status,
        case when s.status in (${actionable}) and s.due_on < ${q.evalDay} then s.due_on else null end as overdue_due
      from s
      where s.status is not null
    ) t
    group by t.organization_id, t.status, t.overdue_due`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * Creations and decisions inside [from, to) per organization and action, for
 * problems created before `to` and not withdrawn (撤销) before it. `late`: acceptances on a Shanghai calendar day
 * after the problem's due date, i.e. at or after 16:00 UTC of the due date
 * (Asia/Shanghai is UTC+8 all year); timestamps are ISO-8601 UTC text, so the
 * comparison is a text one on both databases.
 */
export async function countDecisionsBetween(
  db: Executor,
  from: string,
  to: string,
  rootPath?: string,
): Promise<Array<{ organization_id: string; action: string; n: number; late: number }>> {
  const { rows } = await sql<{ organization_id: string; action: string; n: unknown; late: unknown }>`
    select p.organization_id, h.action, count(*) as n,
      sum(case when p.due_on is not null and h.at >= (p.due_on || 'T16:00:00.000Z') then 1 else 0 end) as late
    from problem_history h
    join problems p on p.id = h.problem_id
    where h.at >= ${from} and h.at < ${to}
      and h.action in ('create', 'accept', 'reject', 'close')
      and p.created_at < ${to} ${inRoot('p.org_path', rootPath)}
      and not exists (select 1 from problem_history w where w.problem_id = p.id and w.action = 'withdraw' and w.at < ${to})
    group by p.organization_id, h.action`.execute(db);
  return rows.map((r) => ({ organization_id: r.organization_id, action: r.action, n: Number(r.n), late: Number(r.late) }));
}

/**
 * Measures created before `createdBefore`, per organization: how many, and how many at 100 % progress. A measure
 * that served only problems withdrawn (撤销) before `createdBefore` counts nowhere, as its problems do. Withdrawn is
 * final, so those problems are the ones withdrawn now whose withdraw came before; found first, they are few.
 */
export async function countMeasures(
  db: Executor,
  createdBefore: string,
  rootPath?: string,
): Promise<Array<{ organization_id: string; n: number; done: number }>> {
  const { rows } = await sql<{ organization_id: string; n: unknown; done: unknown }>`
    with gone as (
      select p.id from problems p
      where p.status = 'withdrawn'
        and exists (select 1 from problem_history w where w.problem_id = p.id and w.to_status = 'withdrawn' and w.at < ${createdBefore})
    ), orphaned as (
      select mp.measure_id from measure_problems mp
      where mp.problem_id in (select id from gone)
        and not exists (select 1 from measure_problems o where o.measure_id = mp.measure_id and o.problem_id not in (select id from gone))
    )
    select m.organization_id, count(*) as n, sum(case when m.progress >= 100 then 1 else 0 end) as done
    from measures m
    where m.created_at < ${createdBefore} ${inRoot('m.org_path', rootPath)} and m.id not in (select measure_id from orphaned)
    group by m.organization_id`.execute(db);
  return rows.map((r) => ({ organization_id: r.organization_id, n: Number(r.n), done: Number(r.done) }));
}

export function listReports(db: Executor, weekStarts: readonly string[]) {
  if (weekStarts.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('weekly_reports')
    .select(['week_start', 'unit_type', 'unit_id', 'submitted_at', 'is_late'])
    .where('week_start', 'in', [...weekStarts])
    .execute();
}

export function listActiveLiaisonGroups(db: Executor) {
  return db.selectFrom('liaison_groups').select(['id', 'name', 'created_at']).where('archived_at', 'is', null).execute();
}
