import { sql } from 'kysely';
import { pathIds } from '../../../domain/organizations.ts';
import { toNumber } from '../../db/dialect.ts';
import { inJsonArray, precompiled } from '../../db/precompiled.ts';
import type { Executor } from '../../http/context.ts';

/**
 * problem_counters: problems per organization subtree (scope_id), status and,
 * for open and rectifying problems, deadline ('' otherwise). Database triggers
 * keep it (migration 2026-12-03-01-problem-counters); this file reads it and
 * rebuilds it for `npx taizhang recount`.
 */

/** The scope ids of subtree roots given as paths: each path's own organization. */
export function scopeIdsOf(scopeRoots: readonly string[]): string[] {
  return [...new Set(scopeRoots.map((r) => pathIds(r).at(-1) ?? '-none-'))];
}

/** Which deadline rows of the open and rectifying statuses to count (the other statuses have none). */
export interface DeadlineWindow {
  /** Due strictly before this day (overdue on that day). */
  before?: string;
  /** Due on or after this day… */
  from?: string;
  /** …and on or before this one. */
  to?: string;
}

export interface CounterTotals {
  /** Problems per status within the window. */
  byStatus: Map<string, number>;
  /** Of the open and rectifying ones, those due before `today` (counted as overdue). */
  lateByStatus: Map<string, number>;
}

/**
 * Sums the counters of the scopes. With a window, only open and rectifying
 * problems whose deadline falls in it are counted (the ledger's overdue and
 * due-soon filters keep only those statuses).
 */
export async function sumCounters(
  db: Executor,
  scopeIds: readonly string[],
  today: string,
  window?: DeadlineWindow,
): Promise<CounterTotals> {
  const ids = JSON.stringify(scopeIds.length ? scopeIds : ['-none-']);
  const bounds = window ? [window.before, window.from, window.to] : [];
  const rows = await sumQuery(window ? bounds.map((b) => (b ? '1' : '0')).join('') : '')(
    db,
    ids,
    today,
    ...bounds.filter((b): b is string => !!b),
  );
  const byStatus = new Map<string, number>();
  const lateByStatus = new Map<string, number>();
  for (const r of rows) {
    byStatus.set(r.status, toNumber(r.n));
    lateByStatus.set(r.status, toNumber(r.late));
  }
  return { byStatus, lateByStatus };
}

const sumQueries = new Map<string, ReturnType<typeof sumOfShape>>();

/**
 * The sum for one shape of window: '' for none, else which of its bounds (before, from, to) are set, e.g. '100'.
 * Precompiled (every ledger list reads it; on PostgreSQL a prepared statement, where a generic plan is safe: each
 * scope is one range of the primary key).
 */
function sumQuery(shape: string) {
  let q = sumQueries.get(shape);
  if (!q) sumQueries.set(shape, (q = sumOfShape(shape)));
  return q;
}

function sumOfShape(shape: string) {
  return precompiled((db: Executor, idsJson: string, today: string, ...bounds: string[]) => {
    let q = db
      .selectFrom('problem_counters')
      .select((eb) => [
        'status',
        eb.fn.sum<number | string>('n').as('n'),
        eb.fn
          .sum<number | string>(
            eb
              .case()
              .when(eb.and([eb('due_on', '<>', ''), eb('due_on', '<', today)]))
              .then(eb.ref('n'))
              .else(0)
              .end(),
          )
          .as('late'),
      ])
      .where(inJsonArray(db, 'scope_id', idsJson));
    if (shape) {
      q = q.where('status', 'in', ['open', 'rectifying']).where('due_on', '<>', '');
      // The set bounds' values, in the order before, from, to.
      const values = [...bounds];
      if (shape[0] === '1') q = q.where('due_on', '<', values.shift()!);
      if (shape[1] === '1') q = q.where('due_on', '>=', values.shift()!);
      if (shape[2] === '1') q = q.where('due_on', '<=', values.shift()!);
    }
    return q.groupBy('status');
  });
}

/** All problems in the ledger, from the counters of the top organizations. */
export async function countAllProblems(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('problem_counters as c')
    .innerJoin('organizations as o', 'o.id', 'c.scope_id')
    .select((eb) => eb.fn.sum<number | string>('c.n').as('n'))
    .where('o.parent_id', 'is', null)
    .executeTakeFirst();
  return toNumber(row?.n);
}

export interface CounterRow {
  scope_id: string;
  status: string;
  due_on: string;
  n: number;
}

const keyOf = (r: { scope_id: string; status: string; due_on: string }) => `${r.scope_id}\u0000${r.status}\u0000${r.due_on}`;

/** What the counters should hold, recounted from the problems themselves. */
export async function recountFromProblems(db: Executor): Promise<Map<string, CounterRow>> {
  const groups = await db
    .selectFrom('problems')
    .select((eb) => [
      'org_path',
      'status',
      eb
        .case()
        .when('status', 'in', ['open', 'rectifying'])
        .then(eb.fn.coalesce('due_on', sql.lit('')))
        .else(sql.lit(''))
        .end()
        .as('due_key'),
      eb.fn.countAll().as('n'),
    ])
    .groupBy(['org_path', 'status', sql`3`])
    .execute();
  const expected = new Map<string, CounterRow>();
  for (const g of groups) {
    const n = toNumber(g.n);
    for (const scope_id of pathIds(g.org_path)) {
      const row = { scope_id, status: g.status, due_on: String(g.due_key ?? ''), n };
      const key = keyOf(row);
      const had = expected.get(key);
      if (had) had.n += n;
      else expected.set(key, row);
    }
  }
  return expected;
}

export async function listCounters(db: Executor): Promise<CounterRow[]> {
  const rows = await db.selectFrom('problem_counters').select(['scope_id', 'status', 'due_on', 'n']).execute();
  return rows.map((r) => ({ ...r, n: toNumber(r.n) }));
}

export interface RecountChange {
  scope_id: string;
  status: string;
  due_on: string;
  was: number;
  now: number;
}

/**
 * Makes the counters equal to `expected`: rows that differ are corrected,
 * missing ones added, extra ones (and rows at zero) removed. Returns the rows
 * whose count changed (a zero row dropped is not a change).
 */
export async function replaceCounters(db: Executor, expected: Map<string, CounterRow>): Promise<RecountChange[]> {
  const current = new Map((await listCounters(db)).map((r) => [keyOf(r), r]));
  const changes: RecountChange[] = [];
  const toWrite: CounterRow[] = [];
  for (const [key, want] of expected) {
    const had = current.get(key);
    current.delete(key);
    if (had?.n === want.n) continue;
    changes.push({ scope_id: want.scope_id, status: want.status, due_on: want.due_on, was: had?.n ?? 0, now: want.n });
    toWrite.push(want);
  }
  for (const extra of current.values()) {
    if (extra.n !== 0) changes.push({ scope_id: extra.scope_id, status: extra.status, due_on: extra.due_on, was: extra.n, now: 0 });
    await db
      .deleteFrom('problem_counters')
      .where('scope_id', '=', extra.scope_id)
      .where('status', '=', extra.status)
      .where('due_on', '=', extra.due_on)
      .execute();
  }
  for (let i = 0; i < toWrite.length; i += 200)
    await db
      .insertInto('problem_counters')
      .values(toWrite.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['scope_id', 'status', 'due_on']).doUpdateSet((eb) => ({ n: eb.ref('excluded.n') })))
      .execute();
  return changes;
}

/** Keeps concurrent writers of problems out until the recount commits (PostgreSQL; SQLite has one writer). */
export async function lockProblemsForRecount(db: Executor): Promise<void> {
  await sql`lock table problems in share row exclusive mode`.execute(db);
}
