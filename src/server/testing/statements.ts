import pg from 'pg';
import Sqlite from '../db/sqlite-driver.ts';

type Method = 'run' | 'all' | 'get' | 'iterate';

/**
 * Runs `body` while recording the SQL text of every statement better-sqlite3 runs, in order (its statements share
 * one prototype, whose methods are wrapped for the call and put back after it, even when `body` throws). For tests
 * that watch what the server asks of SQLite: PostgreSQL runs the same code.
 */
export async function watchStatements<T>(body: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
  const probe = new Sqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...a: unknown[]) => unknown>;
  probe.close();
  const seen: string[] = [];
  const originals = { run: proto.run, all: proto.all, get: proto.get, iterate: proto.iterate };
  for (const m of ['run', 'all', 'get', 'iterate'] as const)
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      seen.push(this.source);
      return originals[m].apply(this, a);
    };
  try {
    return { result: await body(), seen };
  } finally {
    Object.assign(proto, originals);
  }
}

/**
 * Runs `body` while, the first time better-sqlite3 is about to run a statement whose SQL matches `match`, `action`
 * runs first on the same database (synchronously: nothing else can run between them). For tests that force a
 * race's one bad order on SQLite: e.g. another writer's change landing right as a transaction begins.
 */
export async function beforeStatement<T>(
  match: RegExp,
  action: (database: InstanceType<typeof Sqlite>) => void,
  body: () => Promise<T>,
): Promise<{ result: T; fired: boolean }> {
  const probe = new Sqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...a: unknown[]) => unknown>;
  probe.close();
  const originals = { run: proto.run, all: proto.all, get: proto.get, iterate: proto.iterate };
  let fired = false;
  for (const m of ['run', 'all', 'get', 'iterate'] as const)
    proto[m] = function (this: { source: string; database: InstanceType<typeof Sqlite> }, ...a: unknown[]) {
      if (!fired && match.test(this.source)) {
        fired = true;
        action(this.database);
      }
      return originals[m].apply(this, a);
    };
  try {
    return { result: await body(), fired };
  } finally {
    Object.assign(proto, originals);
  }
}

/**
 * The same for PostgreSQL: the SQL text of every query node-postgres sends while `body` runs, on any connection (its
 * query objects share one prototype; `submit` is wrapped for the call and put back after it).
 */
export async function watchPgStatements<T>(body: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
  const proto = (pg as unknown as { Query: { prototype: { submit: (...a: unknown[]) => unknown } } }).Query.prototype;
  const original = proto.submit;
  const seen: string[] = [];
  proto.submit = function (this: { text?: string }, ...a: unknown[]) {
    if (this.text) seen.push(this.text);
    return original.apply(this, a);
  };
  try {
    return { result: await body(), seen };
  } finally {
    proto.submit = original;
  }
}
