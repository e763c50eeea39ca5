import { type RawBuilder, sql } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

/** `and <column> in the subtree at rootPath` (nothing without a root: the whole tree). */
function inRoot(column: string, rootPath: string | undefined) {
  return rootPath === undefined
    ? sql``
    : sql`and ${sql.ref(column)} >= ${rootPath} and ${sql.ref(column)} < ${subtreeUpperBound(rootPath)}`;
}

/** The rows the figures are computed from, aggregated per organization. The only SQL of the figures computation. */

/** The organizations taking part in a period (tookPartIn: `endedAt` for a period that has ended). */
export function listOrganizations(db: Executor, rootPath?: string, endedAt?: string) {
  let q = db
    .selectFrom('organizations')
    .select(['id', 'parent_id', 'path', 'kind', 'name', 'depth', 'created_at'])
    .where(tookPartIn('archived_at', endedAt));
  if (rootPath !== undefined) q = q.where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath));
  return q.orderBy('path').execute();
}

/** The organization of a problem: the last id of its org_path (`/…/id/`), which is its organization_id. */
function lastId(path: string): string {
  return path.slice(path.lastIndexOf('/', path.length - 2) + 1, -1);
}

export interface OrganizationProblemCounts {
  organization_id: string;
  /** Problems per status, for every status asked for. */
  byStatus: Record<string, number>;
  /** The due date of each overdue problem: one entry per problem. */
  overdueDue: string[];
}

/**
 * Problems created before `end`, counted per organization and status, with the
 * due date of each one that is overdue (an actionable status and due before
 * `evalDay`): everything computeFigures needs for the status and overdue
 * figures, one row per organization instead of one per problem. `asAt: 'now'`
 * (a period still running: `end` is a moment after now) takes every problem's
 * current status: every problem there is was created before `end`, so the
 * count needs no created_at test and reads problems_scope_id_idx alone (on
 * PostgreSQL an index-only scan instead of a visit to every problem's row);
 * `'end'` the status of the problem's last history
 * row before `end` (latest `at`, then `id`), and leaves out problems without one.
 *
 * `'end'` counts every problem by its current status and corrects the counts
 * with the problems that have history at or after `end` (problem_history_at_idx):
 * a week is frozen minutes after it ends, so they are few. Each of them is
 * taken out of its current status and put into the status of its last row
 * before `end`, if it was created before `end` and has one. Every other
 * problem's last row is its latest, whose to_status is its current status, and
 * it was created before `end` (its `create` row is at its created_at): a problem
 * is inserted with its `create` row, and its status changes only with a history
 * row, in one transaction (problems.service.ts). At national scale the history
 * lookup for every problem took 80 s of the weekly snapshot's 174 s
 * (docs/SCALING.md). One statement: one snapshot of the ledger for the counts
 * and their corrections.
 *
 * Grouped by org_path, whose last id is the problem's organization: the path,
 * status and due date are all in problems_scope_id_idx, in path order, so
 * PostgreSQL can count from the index alone without hashing the groups.
 */
export async function countProblemsByOrganization(
  db: Executor,
  q: {
    end: string;
    evalDay: string;
    asAt: 'now' | 'end';
    statuses: readonly string[];
    actionable: readonly string[];
    rootPath?: string;
  },
): Promise<OrganizationProblemCounts[]> {
  const actionable = sql.join(q.actionable.map((st) => sql`${st}`));
  const overdueDue = (status: RawBuilder<unknown>) =>
    sql`case when ${status} in (${actionable}) and p.due_on < ${q.evalDay} then p.due_on else null end`;
  const perStatus = (status: RawBuilder<unknown>) => sql.join(q.statuses.map((st) => sql`case when ${status} = ${st} then 1 else 0 end`));
  const counts = sql`select 0 as fix, p.org_path,
      ${sql.join(q.statuses.map((st, i) => sql`sum(case when p.status = ${st} then 1 else 0 end) as ${sql.ref(`s${i}`)}`))},
      string_agg(${overdueDue(sql`p.status`)}, ',') as overdue
    from problems p where 1 = 1 ${inRoot('p.org_path', q.rootPath)}
    group by p.org_path`;
  const query =
    q.asAt === 'now'
      ? counts
      : sql`with changed as materialized (
          select p.org_path, p.status, p.due_on, p.created_at,
            (select h.to_status from problem_history h
              where h.problem_id = p.id and h.at < ${q.end}
              order by h.at desc, h.id desc limit 1) as then_status
          from problems p
          where p.id in (select c.problem_id from problem_history c where c.at >= ${q.end}) ${inRoot('p.org_path', q.rootPath)}
        )
        ${counts}
        union all
        select -1, p.org_path, ${perStatus(sql`p.status`)}, ${overdueDue(sql`p.status`)} from changed p
        union all
        select 1, p.org_path, ${perStatus(sql`p.then_status`)}, ${overdueDue(sql`p.then_status`)} from changed p
        where p.then_status is not null and p.created_at < ${q.end}`;
  const { rows } = await sql<Record<string, unknown> & { fix: unknown; org_path: string; overdue: string | null }>`${query}`.execute(db);
  const columns = q.statuses.map((_, i) => `s${i}`);
  // One entry per organization, built once (530,031 at national scale: no intermediate arrays to collect).
  const byPath = new Map<string, OrganizationProblemCounts>();
  const entry = (path: string) => {
    let e = byPath.get(path);
    if (!e) {
      const byStatus: Record<string, number> = {};
      for (const st of q.statuses) byStatus[st] = 0;
      byPath.set(path, (e = { organization_id: lastId(path), byStatus, overdueDue: [] }));
    }
    return e;
  };
  for (const r of rows) {
    if (Number(r.fix) !== 0) continue;
    const e = entry(r.org_path);
    for (let i = 0; i < columns.length; i++) e.byStatus[q.statuses[i]!]! += Number(r[columns[i]!]);
    if (r.overdue) for (const due of r.overdue.split(',')) e.overdueDue.push(due);
  }
  // The corrections: a problem changed since `end` leaves its current status (−1) for its status then (+1).
  for (const r of rows) {
    const fix = Number(r.fix);
    if (fix === 0) continue;
    const e = entry(r.org_path);
    for (let i = 0; i < columns.length; i++) e.byStatus[q.statuses[i]!]! += fix * Number(r[columns[i]!]);
    if (r.overdue === null) continue;
    if (fix > 0) e.overdueDue.push(r.overdue);
    else {
      const at = e.overdueDue.indexOf(r.overdue);
      if (at >= 0) e.overdueDue.splice(at, 1);
    }
  }
  return [...byPath.values()];
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

/**
 * The weeks' reports: of every unit, or with `rootPath` those of the organizations in that subtree (by their
 * ids, the subtree's organizations read first) and every group's (groups sit outside the tree).
 */
export function listReports(db: Executor, weekStarts: readonly string[], rootPath?: string) {
  if (weekStarts.length === 0) return Promise.resolve([]);
  const weeks = [...weekStarts];
  const reports = () =>
    db
      .selectFrom('weekly_reports')
      .select(['week_start', 'unit_type', 'unit_id', 'submitted_at', 'is_late'])
      .where('week_start', 'in', weeks);
  if (rootPath === undefined) return reports().execute();
  return reports()
    .where('unit_type', '=', 'organization')
    .where('unit_id', 'in', (eb) =>
      eb.selectFrom('organizations').select('id').where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath)),
    )
    .unionAll(reports().where('unit_type', '<>', 'organization'))
    .execute();
}

export function listActiveLiaisonGroups(db: Executor) {
  return db.selectFrom('liaison_groups').select(['id', 'name', 'created_at']).where('archived_at', 'is', null).execute();
}
