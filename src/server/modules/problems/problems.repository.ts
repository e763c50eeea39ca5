import { allColumns, qualified } from '../../db/columns.ts';
import { inJsonArray, type PrecompiledArg, precompiled, precompiledQuery } from '../../db/precompiled.ts';
import { type QueryResult, sql, type SelectQueryBuilder } from 'kysely';
import { subtreeUpperBound } from '../../../domain/organizations.ts';
import { COUNTED_STATUSES, isCounted, type ProblemStatus, UNSETTLED_STATUSES } from '../../../domain/problem-workflow.ts';
import { remindOnAfterWrite, remindOnForNew } from '../../../domain/reminders.ts';
import type { Database, ProblemHistoryTable, ProblemsTable } from '../../db/database.ts';
import { containsText, toNumber, type DialectKind } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { evidenceIdsOf } from '../evidence/evidence.repository.ts';
import * as counters from './problem-counters.repository.ts';
import type { DeadlineWindow } from './problem-counters.repository.ts';

/** The filter as the service resolved it: scope paths, dates, ids. */
export interface ResolvedFilter {
  /** Subtrees the reader may see (and, with organizationId, narrowed to one). */
  scopeRoots: readonly string[];
  areaCode?: string;
  checkItemId?: string;
  statuses?: readonly string[];
  /** Shanghai calendar date of "today". */
  today: string;
  overdue?: boolean;
  dueSoonUntil?: string;
  dueFrom?: string;
  dueTo?: string;
  ownerId?: string;
  roundId?: string;
  q?: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's own type for a builder with no selection yet
type ProblemQuery = SelectQueryBuilder<Database & { p: ProblemsTable }, 'p', {}>;

/**
 * `walk`: keep the scope and status conditions off their indexes (SQLite's
 * unary +), so that the page is read in order from problems_due_idx and the
 * scan stops after the page: for scopes that hold much of the ledger.
 */
function applyFilter(kind: DialectKind, q: ProblemQuery, f: ResolvedFilter, withStatus: boolean, walk = false): ProblemQuery {
  const orgPath = walk ? sql<string>`+${sql.ref('p.org_path')}` : sql<string>`${sql.ref('p.org_path')}`;
  const status = walk ? sql<string>`+${sql.ref('p.status')}` : sql<string>`${sql.ref('p.status')}`;
  // A root's scope (`/<36-character id>/`) as problems_root_due_idx's expression (migration 2026-12-03-05): in a
  // database of several roots (the nation's provinces) its page is one range of that index in deadline order.
  const rootOf = sql<string>`substr(${sql.ref('p.org_path')}, 1, 38)`;
  q = q.where((eb) =>
    eb.or(
      f.scopeRoots.map((r) =>
        r.length === 38 ? eb(rootOf, '=', r) : eb.and([eb(orgPath, '>=', r), eb(orgPath, '<', subtreeUpperBound(r))]),
      ),
    ),
  );
  if (withStatus && f.statuses?.length) q = q.where(status, 'in', f.statuses);
  // Withdrawn problems (撤销) are listed only when the filter asks for them by status.
  else if (withStatus) q = q.where(status, 'in', COUNTED_STATUSES);
  if (f.overdue) q = q.where(status, 'in', ['open', 'rectifying']).where('p.due_on', '<', f.today);
  if (f.dueSoonUntil)
    q = q.where(status, 'in', ['open', 'rectifying']).where('p.due_on', '>=', f.today).where('p.due_on', '<=', f.dueSoonUntil);
  if (f.dueFrom) q = q.where('p.due_on', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('p.due_on', '<=', f.dueTo);
  if (f.ownerId) q = q.where('p.owner_id', '=', f.ownerId);
  if (f.roundId) q = q.where('p.source_round_id', '=', f.roundId);
  if (f.checkItemId) q = q.where('p.check_item_id', '=', f.checkItemId);
  if (f.areaCode) {
    const code = f.areaCode;
    q = q.where('p.check_item_id', 'in', (eb) =>
      eb
        .selectFrom('check_items as ci')
        .innerJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
        .select('ci.id')
        .where('sa.code', '=', code),
    );
  }
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([containsText(kind, 'p.description', text), containsText(kind, 'p.code', text), containsText(kind, 'p.owner_name', text)]),
    );
  }
  return q;
}

const SORTS = {
  dueOn: ['p.due_on', 'asc'],
  '-dueOn': ['p.due_on', 'desc'],
  foundOn: ['p.found_on', 'asc'],
  '-foundOn': ['p.found_on', 'desc'],
  updatedAt: ['p.updated_at', 'asc'],
  '-updatedAt': ['p.updated_at', 'desc'],
  code: ['p.code', 'asc'],
  '-code': ['p.code', 'desc'],
} as const;
export type ProblemSort = keyof typeof SORTS;

/** Every column of a problem, named (a prepared statement's select list must not say `*`: db/columns.ts). */
const PROBLEM_COLUMNS = allColumns<ProblemsTable>()([
  'id',
  'code',
  'organization_id',
  'org_path',
  'check_item_id',
  'description',
  'severity',
  'source_round_id',
  'source_group_id',
  'found_on',
  'found_by',
  'owner_id',
  'owner_name',
  'responsible_org_id',
  'lead_official',
  'due_on',
  'tags',
  'status',
  'is_public',
  'remark',
  'submitted_at',
  'accepted_at',
  'accepted_by',
  'acceptance_opinion',
  'closed_at',
  'closed_by',
  'version',
  'created_at',
  'updated_at',
  'remind_on',
]);

function withLabels(db: Executor) {
  return db
    .selectFrom('problems as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('check_items as ci', 'ci.id', 'p.check_item_id')
    .leftJoin('standard_areas as sa', 'sa.id', 'ci.area_id')
    .leftJoin('organizations as ro', 'ro.id', 'p.responsible_org_id')
    .select(qualified('p', PROBLEM_COLUMNS))
    .select([
      'o.name as organization_name',
      'ci.code as check_item_code',
      'ci.title as check_item_title',
      'ci.criterion as check_item_criterion',
      'sa.name as area_name',
      'ro.name as responsible_org_name',
    ]);
}
export type ProblemWithLabels = Awaited<ReturnType<ReturnType<typeof withLabels>['executeTakeFirstOrThrow']>>;

/** Whether problem_counters can answer the filter's counts: only its scope, status, overdue and due-soon parts are set. */
function countersAnswer(f: ResolvedFilter): boolean {
  return !f.areaCode && !f.checkItemId && !f.dueFrom && !f.dueTo && !f.ownerId && !f.roundId && !f.q;
}

function deadlineWindow(f: ResolvedFilter): DeadlineWindow | undefined {
  if (!f.overdue && !f.dueSoonUntil) return undefined;
  return { before: f.overdue ? f.today : undefined, from: f.dueSoonUntil ? f.today : undefined, to: f.dueSoonUntil };
}

/**
 * The counters' sums for the filter, or undefined when they cannot answer it.
 * list() and countByStatus() read them alike: a caller that needs both reads
 * them once and passes them to each.
 */
export async function counterTotals(db: Executor, f: ResolvedFilter): Promise<counters.CounterTotals | undefined> {
  if (!countersAnswer(f)) return undefined;
  return counters.sumCounters(db, counters.scopeIdsOf(f.scopeRoots), f.today, deadlineWindow(f));
}

/** The filter's total from the counters, or undefined when they cannot answer it. */
async function totalFromCounters(db: Executor, f: ResolvedFilter, known?: counters.CounterTotals): Promise<number | undefined> {
  if (!countersAnswer(f)) return undefined;
  const { byStatus } = known ?? (await counterTotals(db, f))!;
  const statuses: readonly string[] = f.statuses?.length ? f.statuses : COUNTED_STATUSES;
  return [...new Set(statuses)].reduce((sum, s) => sum + (byStatus.get(s) ?? 0), 0);
}

/**
 * Whether reading problems_due_idx in order and skipping what the filter
 * leaves out (≈ rows × all / matching entries) costs less than sorting every
 * matching problem: a province's or a large district's first pages.
 */
async function walkDueIndex(db: Executor, kind: DialectKind, sort: ProblemSort, matching: number | undefined, rows: number) {
  if (kind !== 'sqlite' || (sort !== 'dueOn' && sort !== '-dueOn') || matching === undefined || matching < 2000) return false;
  const all = await counters.countAllProblems(db);
  return rows * all < matching * matching;
}

export async function list(
  db: Executor,
  kind: DialectKind,
  f: ResolvedFilter,
  sort: ProblemSort,
  limit: number,
  offset: number,
  totals?: counters.CounterTotals,
) {
  const [column, direction] = SORTS[sort];
  const counted = await totalFromCounters(db, f, totals);
  const total =
    counted ??
    toNumber(
      (
        await applyFilter(kind, db.selectFrom('problems as p'), f, true)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );
  const walk = await walkDueIndex(db, kind, sort, counted, offset + limit);
  // Page the ids on the narrow index first, then fetch labels for those 50 rows only.
  const ids = await applyFilter(kind, db.selectFrom('problems as p'), f, true, walk)
    .select('p.id')
    .orderBy(column, direction)
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const rows = ids.length ? await pageWithLabels(db, JSON.stringify(ids.map((r) => r.id))) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total, rows: ids.map((r) => byId.get(r.id)!).filter(Boolean) };
}

/** Counts by status (and overdue) for the filter without its status part. */
export async function countByStatus(db: Executor, kind: DialectKind, f: ResolvedFilter, totals?: counters.CounterTotals) {
  const counts = { open: 0, rectifying: 0, submitted: 0, accepted: 0, closed: 0, withdrawn: 0, total: 0, overdue: 0 };
  const add = (status: string, n: number, late: number) => {
    if (status in counts) counts[status as 'open'] += n;
    // Withdrawn problems have their own count (for the filter) and are in no total.
    if (isCounted(status as ProblemStatus)) counts.total += n;
    if (status === 'open' || status === 'rectifying') counts.overdue += late;
  };
  if (countersAnswer(f)) {
    const { byStatus, lateByStatus } = totals ?? (await counterTotals(db, f))!;
    for (const [status, n] of byStatus) add(status, n, lateByStatus.get(status) ?? 0);
    return counts;
  }
  const rows = await applyFilter(kind, db.selectFrom('problems as p') as ProblemQuery, f, false)
    .select((eb) => ['p.status', eb.fn.countAll().as('n'), eb.fn.count(eb.case().when('p.due_on', '<', f.today).then(1).end()).as('late')])
    .groupBy('p.status')
    .execute();
  for (const r of rows) add(r.status, toNumber(r.n), toNumber(r.late));
  return counts;
}

/** A page's problems with their labels, by ids given as a JSON array: one statement for any page size. */
const pageWithLabels = precompiled((db: Executor, idsJson: string) => withLabels(db).where(inJsonArray(db, 'p.id', idsJson)));

// A problem's detail and every write read these: precompiled (src/server/db/precompiled.ts).
const byIdWithLabels = precompiled((db: Executor, id: string) => withLabels(db).where('p.id', '=', id));

export async function findById(db: Executor, id: string): Promise<ProblemWithLabels | undefined> {
  return (await byIdWithLabels(db, id))[0];
}

export async function findPlain(db: Executor, id: string) {
  return db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findManyPlain(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('problems').selectAll().where('id', 'in', ids).execute();
}

/** A new problem's row: remind_on is the repository's to set (remindOnForNew). */
export type NewProblemRow = Omit<ProblemsTable, 'remind_on'>;

/** The row as written: with the day the reminders job looks at it first (src/domain/reminders.ts). */
function withRemindOn(row: NewProblemRow): ProblemsTable {
  return { ...row, remind_on: remindOnForNew(row, row.created_at) };
}

export async function insert(db: Executor, row: NewProblemRow): Promise<void> {
  await db.insertInto('problems').values(withRemindOn(row)).execute();
}

/** A write's columns; remind_on is the repository's to set (remindOnAfterWrite), and only the reminders job moves it. */
export type ProblemChanges = Partial<Omit<ProblemsTable, 'id' | 'version' | 'created_at' | 'updated_at' | 'remind_on'>>;

/**
 * Conditional write on `version`; false when the row changed meanwhile. A write to the status, the deadline or the
 * submission time also sets remind_on to the write's day, so the next reminders run looks at the problem.
 */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: ProblemChanges, now: string): Promise<boolean> {
  const remindOn = remindOnAfterWrite(changes, now);
  const set: Record<string, PrecompiledArg> = {};
  for (const [column, value] of Object.entries(changes)) if (value !== undefined) set[column] = value;
  if (remindOn !== undefined) set.remind_on = remindOn;
  set.version = version + 1;
  set.updated_at = now;
  const columns = Object.keys(set);
  const result = await updateOfShape(columns)(db, ...columns.map((c) => set[c]!), id, version);
  return result.numAffectedRows === 1n;
}

/**
 * The conditional update of a set of columns, precompiled once per set (src/server/db/precompiled.ts): a transition
 * writes the same few columns every time. At most MAX_UPDATE_SHAPES sets are kept; an unusual one past that is
 * built on each call (still one statement).
 */
const updateShapes = new Map<string, (db: Executor, ...args: PrecompiledArg[]) => Promise<QueryResult<unknown>>>();
const MAX_UPDATE_SHAPES = 64;
function updateOfShape(columns: readonly string[]) {
  const key = columns.join(',');
  let run = updateShapes.get(key);
  if (!run) {
    const build = (db: Executor, ...args: PrecompiledArg[]) =>
      db
        .updateTable('problems')
        .set(Object.fromEntries(columns.map((c, i) => [c, args[i]])) as ProblemChanges)
        .where('id', '=', args[columns.length] as string)
        .where('version', '=', args[columns.length + 1] as number);
    if (updateShapes.size >= MAX_UPDATE_SHAPES)
      return (db: Executor, ...args: PrecompiledArg[]) => db.executeQuery(build(db, ...args).compile());
    updateShapes.set(key, (run = precompiledQuery(build)));
  }
  return run;
}

// Every transition writes one: precompiled.
const insertHistoryRow = precompiledQuery(
  (
    db: Executor,
    id: string,
    problemId: string,
    action: string,
    fromStatus: string | null,
    toStatus: string,
    actorId: string | null,
    at: string,
    reason: string | null,
    data: string | null,
  ) =>
    db.insertInto('problem_history').values({
      id,
      problem_id: problemId,
      action,
      from_status: fromStatus,
      to_status: toStatus,
      actor_id: actorId,
      at,
      reason,
      data,
    }),
);

export async function insertHistory(db: Executor, r: ProblemHistoryTable): Promise<void> {
  await insertHistoryRow(db, r.id, r.problem_id, r.action, r.from_status, r.to_status, r.actor_id, r.at, r.reason, r.data);
}

export const listHistory = precompiled((db: Executor, problemId: string) =>
  db
    .selectFrom('problem_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select(['h.id', 'h.action', 'h.from_status', 'h.to_status', 'h.at', 'h.reason', 'u.display_name as actor_name'])
    .where('h.problem_id', '=', problemId)
    .orderBy('h.at')
    .orderBy('h.id'),
);

export async function insertNote(
  db: Executor,
  row: { id: string; problem_id: string; author_id: string | null; at: string; text: string },
) {
  await db.insertInto('progress_notes').values(row).execute();
}

export const listNotes = precompiled((db: Executor, problemId: string) =>
  db
    .selectFrom('progress_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.at', 'n.text', 'u.display_name as author_name'])
    .where('n.problem_id', '=', problemId)
    .orderBy('n.at')
    .orderBy('n.id'),
);

export async function userNames(db: Executor, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

const roundName = precompiled((db: Executor, id: string) => db.selectFrom('inspection_rounds').select('name').where('id', '=', id));
const groupName = precompiled((db: Executor, id: string) => db.selectFrom('liaison_groups').select('name').where('id', '=', id));

export async function namesOfRoundAndGroup(db: Executor, roundId: string | null, groupId: string | null) {
  const round = roundId ? (await roundName(db, roundId))[0] : undefined;
  const group = groupId ? (await groupName(db, groupId))[0] : undefined;
  return { roundName: round?.name ?? null, groupName: group?.name ?? null };
}

/** Counts the evidence attached to the problem or to any measure that serves it. */
export async function countEvidence(db: Executor, problemId: string, onlyIds?: readonly string[]): Promise<number> {
  let q = db
    .selectFrom('evidence as e')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('e.id', 'in', evidenceIdsOf(db, problemId));
  if (onlyIds) q = q.where('e.id', 'in', onlyIds.length ? onlyIds : ['-']);
  const row = await q.executeTakeFirst();
  return toNumber(row?.n);
}

/**
 * The next number of a code prefix (e.g. `WT-2612-`), taken in the caller's
 * transaction. A prefix seen for the first time starts after the highest
 * number already used under it (demo data, imported rows), so numbers never
 * repeat; two first takers both upsert and get different numbers.
 */
export async function nextCodeNumber(db: Executor, prefix: string): Promise<number> {
  const bumped = await db
    .updateTable('problem_code_counters')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('prefix', '=', prefix)
    .returning('last')
    .executeTakeFirst();
  if (bumped) return Number(bumped.last);
  const used = await db.selectFrom('problems').select('code').where('code', 'like', `${prefix}%`).execute();
  const highest = used.reduce((max, r) => {
    const n = /^\d+$/.test(r.code.slice(prefix.length)) ? Number(r.code.slice(prefix.length)) : 0;
    return Math.max(max, n);
  }, 0);
  const row = await db
    .insertInto('problem_code_counters')
    .values({ prefix, last: highest + 1 })
    .onConflict((oc) => oc.column('prefix').doUpdateSet((eb) => ({ last: eb('problem_code_counters.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

export async function codeExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('problems').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Batched inserts for seeding and import (SQLite caps bound parameters per statement). */
export async function insertMany(db: Executor, rows: NewProblemRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50)
    await db
      .insertInto('problems')
      .values(rows.slice(i, i + 50).map(withRemindOn))
      .execute();
}

export async function insertHistoryMany(db: Executor, rows: Array<Parameters<typeof insertHistory>[1]>): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('problem_history')
      .values(rows.slice(i, i + 100))
      .execute();
}

export async function insertNotesMany(db: Executor, rows: Array<Parameters<typeof insertNote>[1]>): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('progress_notes')
      .values(rows.slice(i, i + 100))
      .execute();
}

/**
 * Whether a check item of a published (immutable) version of the standard: a draft's item may still be renamed or
 * deleted by its editors, and a problem recorded against it would change its classification with them.
 */
export async function checkItemIsPublished(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('check_items as ci')
    .innerJoin('standard_versions as v', 'v.id', 'ci.standard_version_id')
    .select('ci.id')
    .where('ci.id', '=', id)
    .where('v.status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The problems of the organization's subtree not settled yet (neither closed nor withdrawn), per status, from the
 * subtree's counters (problem_counters): what archiving an organization would leave with nobody to finish it.
 */
export async function countUnsettledInSubtree(db: Executor, organizationId: string): Promise<Map<ProblemStatus, number>> {
  const { byStatus } = await counters.sumCounters(db, [organizationId], '');
  return new Map(UNSETTLED_STATUSES.flatMap((s) => ((byStatus.get(s) ?? 0) > 0 ? [[s, byStatus.get(s)!] as const] : [])));
}
