import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { isCounted, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { sql } from 'kysely';
import * as counters from '../problems/problem-counters.repository.ts';
import type { Executor } from '../../http/context.ts';

/** The SQL of the dashboards: current counts and lists straight from the ledger, frozen weeks from weekly_snapshots. */

const ACTIONABLE = ['open', 'rectifying'];

export function findOrganization(db: Executor, id: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'kind', 'path', 'archived_at']).where('id', '=', id).executeTakeFirst();
}

/** The first (by path) active village or community inside any of the subtrees. */
export function firstVillageIn(db: Executor, roots: readonly string[]) {
  if (roots.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'path', 'archived_at'])
    .where((eb) => eb.or(roots.map((r) => eb.and([eb('path', '>=', r), eb('path', '<', subtreeUpperBound(r))]))))
    .where('kind', 'in', ['village', 'community'])
    .where('archived_at', 'is', null)
    .orderBy('path')
    .limit(1)
    .executeTakeFirst();
}

function inSubtree(db: Executor, root: string) {
  return db.selectFrom('problems as p').where('p.org_path', '>=', root).where('p.org_path', '<', subtreeUpperBound(root));
}

/**
 * Problems of the subtree by status, with overdue and due-soon counts (the ledger's definitions), from the
 * counters kept in every write's transaction (problem_counters): a province's counts read a few hundred rows.
 */
export async function countByStatus(db: Executor, scopeId: string, today: string, dueSoonUntil: string) {
  const [all, soon] = await Promise.all([
    counters.sumCounters(db, [scopeId], today),
    counters.sumCounters(db, [scopeId], today, { from: today, to: dueSoonUntil }),
  ]);
  const counts = { total: 0, open: 0, rectifying: 0, submitted: 0, accepted: 0, closed: 0, overdue: 0, dueSoon: 0 };
  for (const [status, n] of all.byStatus) {
    // Withdrawn problems (撤销) count nowhere.
    if (!isCounted(status as ProblemStatus)) continue;
    counts.total += n;
    if (status in counts) counts[status as 'open'] += n;
    if (ACTIONABLE.includes(status)) counts.overdue += all.lateByStatus.get(status) ?? 0;
  }
  for (const status of ACTIONABLE) counts.dueSoon += soon.byStatus.get(status) ?? 0;
  return counts;
}

const PROBLEM_COLUMNS = ['p.id', 'p.code', 'p.description', 'p.status', 'p.due_on', 'p.owner_name', 'p.organization_id'] as const;

/**
 * The longest-overdue problems of the subtree (open or rectifying, deadline before today). `walk` (SQLite, for a
 * subtree with thousands of overdue problems): read problems_due_idx in deadline order and stop after `limit`
 * matches, instead of sorting every overdue problem of a province (unary + keeps the scope and status conditions
 * off their index, as the ledger list does).
 */
export function listLongestOverdue(db: Executor, root: string, today: string, limit: number, walk = false) {
  const orgPath = walk ? sql<string>`+${sql.ref('p.org_path')}` : sql<string>`${sql.ref('p.org_path')}`;
  const status = walk ? sql<string>`+${sql.ref('p.status')}` : sql<string>`${sql.ref('p.status')}`;
  return db
    .selectFrom('problems as p')
    .where(orgPath, '>=', root)
    .where(orgPath, '<', subtreeUpperBound(root))
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([...PROBLEM_COLUMNS, 'o.name as organization_name'])
    .where(status, 'in', ACTIONABLE)
    .where('p.due_on', '<', today)
    .orderBy('p.due_on')
    .orderBy('p.code')
    .limit(limit)
    .execute();
}

/**
 * Open or rectifying problems of the subtree, earliest deadline first (none last), optionally due within [from, to].
 * Each carries its send-back (sent_back_at/sent_back_reason: the last workflow step was a reject, so it is
 * rectifying again; only start, reject and reopen lead into rectifying). `sentBackFirst` lists those first.
 */
export function listActionable(
  db: Executor,
  root: string,
  limit: number,
  opts: { due?: { from: string; to: string }; sentBackFirst?: boolean } = {},
) {
  let q = inSubtree(db, root)
    .leftJoin('problem_history as lh', (join) =>
      join
        .onRef('lh.problem_id', '=', 'p.id')
        .on('lh.action', '=', 'reject')
        .on('p.status', '=', 'rectifying')
        .on((eb) =>
          eb(
            'lh.id',
            '=',
            eb
              .selectFrom('problem_history as h')
              .select('h.id')
              .whereRef('h.problem_id', '=', 'p.id')
              .orderBy('h.at', 'desc')
              .orderBy('h.id', 'desc')
              .limit(1),
          ),
        ),
    )
    .select([...PROBLEM_COLUMNS, 'p.org_path', 'lh.at as sent_back_at', 'lh.reason as sent_back_reason'])
    .where('p.status', 'in', ACTIONABLE);
  if (opts.due) q = q.where('p.due_on', '>=', opts.due.from).where('p.due_on', '<=', opts.due.to);
  if (opts.sentBackFirst) q = q.orderBy((eb) => eb.case().when('lh.id', 'is', null).then(1).else(0).end());
  return q
    .orderBy((eb) => eb.case().when('p.due_on', 'is', null).then(1).else(0).end())
    .orderBy('p.due_on')
    .orderBy('p.code')
    .limit(limit)
    .execute();
}

/** One organization's frozen figures for the given weeks. */
export function listSnapshots(db: Executor, organizationId: string, weeks: readonly string[]) {
  if (weeks.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('weekly_snapshots')
    .select([
      'week_start',
      'total',
      'closed',
      'overdue',
      'closed_count',
      'new_count',
      'standard_score',
      'standard_max',
      'units_scored',
      'units_attained',
    ])
    .where('organization_id', '=', organizationId)
    .where('week_start', 'in', [...weeks])
    .execute();
}

/** A unit's report for one week, if any was started. */
export function findWeeklyReport(db: Executor, weekStart: string, unitType: string, unitId: string) {
  return db
    .selectFrom('weekly_reports')
    .select(['id', 'status', 'submitted_at', 'is_late'])
    .where('week_start', '=', weekStart)
    .where('unit_type', '=', unitType)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

/** Published circulars of the given months issued over the organization at `path` (by it or an ancestor), with when. */
export function listPublishedCirculars(db: Executor, months: readonly string[], path: string) {
  if (months.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('circulars')
    .select(['month', 'org_path', 'published_at'])
    .where('month', 'in', [...months])
    .where('status', '=', 'published')
    .execute()
    .then((rows) => rows.filter((r) => path.startsWith(r.org_path)));
}

/** The instant of the ledger's first history row (the program's start), null before any. */
export async function ledgerStartedAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('problem_history')
    .select((eb) => eb.fn.min('at').as('first'))
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}
