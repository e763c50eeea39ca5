import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  PostgresAdapter,
  type QueryResult,
  type RawBuilder,
  sql,
  type SqlBool,
} from 'kysely';
import type { Executor } from '../http/context.ts';
import { registerPreparedStatement } from './dialect.ts';

/** A parameter value a precompiled query is run with. */
export type PrecompiledArg = string | number | null;

interface Prepared {
  compiled: CompiledQuery;
  /** For each parameter of the compiled query: the argument it takes (its index), or a constant of the query. */
  slots: Array<number | { value: unknown }>;
}

const SENTINEL = '\u0000precompiled-argument-';

/**
 * A fixed-shape query on the hot path (every request's session, a problem's detail) built and compiled by Kysely
 * once per database, then run with each call's values. Kysely builds and compiles a query on every call: ≈ 20 µs
 * for a query of a few joins, which over the 10–20 statements of a request is a tenth of its CPU
 * (docs/PERFORMANCE.md).
 *
 * `build` is called once, with stand-ins for the arguments, so it must not look at their values (no `if` on an
 * argument, no arrays for `in`): every argument must reach the query as a parameter, which is checked when it is
 * compiled. Runs in the caller's transaction when given one. On PostgreSQL it runs as a named prepared statement
 * (parsed and planned once per connection; dialect.ts `registerPreparedStatement`) unless its select list has `*`.
 */
export function precompiled<A extends PrecompiledArg[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  const run = precompiledQuery(build);
  return async (db: Executor, ...args: A): Promise<R[]> => (await run(db, ...args)).rows;
}

/**
 * precompiled, answering the driver's whole result: a write's `numAffectedRows` (a guarded update checks it) as
 * well as its rows.
 */
export function precompiledQuery<A extends PrecompiledArg[], R>(build: (db: Executor, ...args: A) => Compilable<R>) {
  // Per dialect adapter: a transaction shares its database's adapter, and SQLite and PostgreSQL compile apart.
  const cache = new WeakMap<object, Prepared>();
  const prepare = (db: Executor, arity: number): Prepared => {
    const stand = Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`);
    const compiled = build(db, ...(stand as A)).compile();
    const slots = compiled.parameters.map((p) => {
      const i = typeof p === 'string' ? stand.indexOf(p) : -1;
      return i >= 0 ? i : { value: p };
    });
    for (let i = 0; i < arity; i++)
      if (!slots.includes(i)) throw new Error(`precompiled query: argument ${i} is not a parameter of ${compiled.sql}`);
    if (compiled.sql.includes(SENTINEL)) throw new Error(`precompiled query: an argument was written into the SQL: ${compiled.sql}`);
    registerPreparedStatement(compiled.sql);
    return { compiled, slots };
  };
  return (db: Executor, ...args: A): Promise<QueryResult<R>> => {
    const adapter = db.getExecutor().adapter;
    let p = cache.get(adapter);
    if (!p) cache.set(adapter, (p = prepare(db, args.length)));
    const parameters = p.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    return db.executeQuery<R>({ ...p.compiled, parameters, queryId: createQueryId() });
  };
}

/**
 * `column` is one of the strings of a JSON array given as one argument (`JSON.stringify(ids)`): a list of any
 * length in a precompiled query, which cannot take an `in` list (its length would change the text). PostgreSQL
 * reads the array once (an InitPlan) and looks each up in the column's index, in a generic plan too; SQLite
 * reads it with json_each.
 */
export function inJsonArray(db: Executor, column: string, json: string): RawBuilder<SqlBool> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<SqlBool>`${sql.ref(column)} = any(array(select jsonb_array_elements_text(cast(${json} as jsonb))))`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${json}))`;
}
