import SqliteDatabase, { type SqliteHandle } from './sqlite-driver.ts';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Insertable,
  type Driver,
  Kysely,
  PostgresDialect,
  type RawBuilder,
  type SqlBool,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

/** Every SQLite/PostgreSQL difference lives in this file. */
export type DialectKind = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly kind: DialectKind;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** The precompiled queries as named prepared statements (default on): `preparedStatementsOn`. */
      preparedStatements?: boolean;
    };

export const SQLITE_OPTIMIZE_EVERY_MS = 60 * 60 * 1000;
/** How long a pooled PostgreSQL connection may stay idle before it is closed. */
export const PG_IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** The most SQLite keeps of the file in memory, per connection (KiB). */
export const SQLITE_CACHE_KIB = 128 * 1024;

const targets = new WeakMap<object, DatabaseTarget>();

/**
 * Where a database opened by openDatabase lives (null for another executor, a
 * transaction, or an in-memory SQLite database): for work done on a second
 * connection off the main thread (src/server/modules/rankings/off-thread.ts).
 */
export function targetOf(kysely: object): DatabaseTarget | null {
  return targets.get(kysely) ?? null;
}

export function openDatabase(target: DatabaseTarget): Db {
  const db = open(target);
  if (!(target.kind === 'sqlite' && target.file === ':memory:')) targets.set(db.kysely, target);
  return db;
}

function open(target: DatabaseTarget): Db {
  if (target.kind === 'sqlite') {
    const raw = new SqliteDatabase(target.file);
    // WAL lets readers (and the online backup) run beside the writer.
    if (target.file !== ':memory:') raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('synchronous = NORMAL');
    // SQLite's page cache is 2 MiB by default: at province scale (a 1.5 GiB
    // file) a page of 50 problems with their labels read most B-tree pages
    // through the OS, a system call each. Up to 128 MiB per connection (a
    // district's whole file is smaller, so nothing changes there): the page's
    // labels 1.5 → 0.8 ms, the subdistrict list 5.0 → 4.0 ms of CPU
    // (docs/PERFORMANCE.md).
    raw.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    // Planner statistics kept current as SQLite recommends for long-lived
    // connections: a bounded ANALYZE of the tables that need it at open, and
    // `PRAGMA optimize` every hour after (PostgreSQL's autovacuum does the same).
    raw.pragma('analysis_limit = 1000');
    raw.pragma('optimize = 0x10002');
    const optimizer = setInterval(() => {
      if (raw.open) raw.pragma('optimize');
    }, SQLITE_OPTIMIZE_EVERY_MS);
    optimizer.unref();
    const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(raw) }) });
    return {
      kysely,
      kind: 'sqlite',
      close: () => {
        clearInterval(optimizer);
        return kysely.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    options: sessionOptions(target.url),
    max: target.poolSize ?? 10,
    // pg closes a connection after 10 s idle by default: on a quiet server (a district office between clicks) the
    // next request then waited for a new connection and a cold backend (its catalog caches, its prepared
    // statements, its first touch of the shared buffers: docs/PERFORMANCE.md). Kept for 10 minutes instead;
    // an idle connection does not keep a command-line process alive.
    idleTimeoutMillis: PG_IDLE_TIMEOUT_MS,
    allowExitOnIdle: true,
  });
  if (target.preparedStatements !== false) pool.on('connect', preparedStatementsOn);
  // An idle connection the server drops (restart, failover, admin termination)
  // must not crash the process: the pool replaces it on the next query.
  pool.on('error', (err) => {
    if ((err as { code?: string }).code !== '57P01') console.error(`PostgreSQL idle connection error: ${err.message}`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, kind: 'postgres', close: () => kysely.destroy() };
}

/**
 * The app's PostgreSQL sessions run without JIT compilation. The server compiles a query's expressions to machine
 * code once its estimated cost passes `jit_above_cost` (100,000 by default), which the assessments' queries over a
 * province do; compiling them took 1.0–2.2 s each while they ran in 0.6–1.6 s (docs/PERFORMANCE.md "JIT"). A
 * connection string with its own `options`, or PGOPTIONS in the environment, is left as the operator set it.
 */
export const PG_SESSION_OPTIONS = '-c jit=off';

function sessionOptions(url: string): string | undefined {
  if (process.env.PGOPTIONS !== undefined) return undefined;
  try {
    if (new URL(url).searchParams.has('options')) return undefined;
  } catch {
    // Not a URL (a libpq key=value string): pg parses it, and its own options stay in force over this default.
  }
  return PG_SESSION_OPTIONS;
}

/** SQL text → the name of its prepared statement (`registerPreparedStatement`). */
const preparedNames = new Map<string, string>();

/**
 * Marks a query's SQL text to run as a named prepared statement on PostgreSQL: each connection parses and plans
 * it once (pg sends the text with its name the first time, then the name alone), instead of on every call. For
 * the precompiled queries (src/server/db/precompiled.ts), whose text never changes. A `*` in the select list would
 * make a prepared statement fail after a column is added while the server runs ("cached plan must not change
 * result type", e.g. another instance migrating in a rolling upgrade), so such texts are not named.
 */
export function registerPreparedStatement(text: string): void {
  if (text.includes('*') || preparedNames.has(text)) return;
  preparedNames.set(text, `tz_${preparedNames.size + 1}`);
}

/** Sends each registered text of this connection by its name (pg keeps what each connection has prepared). */
function preparedStatementsOn(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: typeof query }).query = (text: unknown, ...rest: unknown[]) => {
    const name = typeof text === 'string' ? preparedNames.get(text) : undefined;
    return name ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
  };
}

/**
 * Kysely's SQLite transactions begin DEFERRED: the first read takes a snapshot
 * and the first write asks for the write lock. When another process (a second
 * app instance on the same file, `taizhang run-jobs`) committed in between,
 * that upgrade fails at once with SQLITE_BUSY ("database is locked", a 500)
 * instead of waiting: busy_timeout cannot help a stale snapshot. BEGIN
 * IMMEDIATE takes the write lock first, waiting up to busy_timeout, so the
 * transaction reads current rows and its version check answers CONFLICT.
 * Within one process nothing changes: Kysely runs one transaction at a time.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely's SQLite driver prepares every query anew, so SQLite parses and plans
 * the same SQL each time (18 % of a transition's CPU at province scale). This
 * keeps the last `max` prepared statements by SQL text. Safe because Kysely
 * runs one query at a time on the single SQLite connection; SQLite re-plans a
 * cached statement by itself after a schema change.
 */
function withStatementCache(raw: SqliteHandle, max = 256): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(text: string): SqliteStatement {
      const hit = cache.get(text);
      if (hit) {
        // Least recently used goes first: re-insert on every hit.
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const stmt = raw.prepare(text);
      cache.set(text, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * Runs `fn` over one consistent snapshot that never holds writers up: PostgreSQL's repeatable read; on SQLite a
 * deferred BEGIN (its first read takes the snapshot in the WAL) instead of the app's BEGIN IMMEDIATE, which took the
 * write lock for the whole run, so a verification beside a running server made its writes fail ("database is
 * locked") after busy_timeout. Nothing is written; the transaction is rolled back.
 */
export async function inReadSnapshot<T>(db: Db, fn: (snapshot: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.kind === 'postgres') return db.kysely.transaction().setIsolationLevel('repeatable read').execute(fn);
  return db.kysely.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`rollback`.execute(conn);
    }
  });
}

/**
 * After a bulk load (migrations, the demo seed, an import): SQLite analyzes
 * the tables whose statistics are missing or stale; on PostgreSQL autovacuum
 * does this by itself, so nothing is done there.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (db.kind === 'sqlite') await sql`PRAGMA optimize = 0x10002`.execute(db.kysely);
}

/** pg answers count(*) and sum() as strings; SQLite as numbers. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

// Kept in db-errors.ts, which loads no database driver (the import worker and errors.ts need only these).
export { isForeignKeyViolation, isUniqueViolation } from './db-errors.ts';

/** A case-insensitive "contains" match; LIKE is case-sensitive on PostgreSQL. */
export function containsOperator(kind: DialectKind): 'like' | 'ilike' {
  return kind === 'postgres' ? 'ilike' : 'like';
}

/** Escapes LIKE wildcards in user text; pair with `escape '\\'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column` contains `text`, case-insensitively, with % and _ in the text taken
 * literally. The explicit ESCAPE matters on SQLite, whose LIKE has no escape
 * character by default (PostgreSQL's default is the backslash).
 */
export function containsText(kind: DialectKind, column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(containsOperator(kind))} ${likePattern(text)} escape '\\'`;
}

export async function databaseVersion(db: Db): Promise<string> {
  const q = db.kind === 'sqlite' ? sql<{ v: string }>`select sqlite_version() as v` : sql<{ v: string }>`select version() as v`;
  const { rows } = await q.execute(db.kysely);
  return rows[0]?.v ?? 'unknown';
}

/**
 * Inserts many rows of one shape (every row the same keys), `batch` rows a statement: insertRowsStreamed with the
 * rows cut into pieces. No bound-parameter limit to keep under: the weekly snapshot's 530,031 rows a table at
 * national scale took 5,301 INSERTs of 100 rows (docs/SCALING.md).
 */
export function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  kind: DialectKind,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
  batch = 10_000,
): Promise<number> {
  function* pieces() {
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch);
  }
  return insertRowsStreamed(db, kind, table, pieces(), batch);
}

/** A PostgreSQL array literal of one column of the rows: `{"a","b\\"c",NULL,12}`. */
function arrayLiteral(rows: ReadonlyArray<Record<string, unknown>>, column: string): string {
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![column];
    if (v === null || v === undefined) out[i] = 'NULL';
    else if (typeof v === 'number') out[i] = String(v);
    else {
      const text = typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
      out[i] = /["\\]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `{${out.join(',')}}`;
}

/**
 * Inserts rows of one shape produced piece by piece (e.g. a generator building them from figures): pieces are
 * joined into statements of at least `batch` rows, and the next statement's rows are built while the previous
 * statement runs, so that Node and the database work at once. One statement in flight at a time (a transaction
 * has one connection); between pieces the event loop runs, so the statement in flight is sent and its answer read.
 * On PostgreSQL each statement sends one array a column (`insert … select * from unnest($1::text[], $2::integer[],
 * …)`, typed by the table's columns): the server parses no JSON and no key names. On SQLite (synchronous, nothing
 * overlaps) each statement's rows are one JSON parameter read with json_each. Returns how many rows were written.
 */
export async function insertRowsStreamed<T extends keyof Database>(
  db: Kysely<Database>,
  kind: DialectKind,
  table: T,
  pieces: Iterable<ReadonlyArray<Insertable<Database[T]>>>,
  batch = 10_000,
): Promise<number> {
  let columns: string[] | null = null;
  let pgTypes: Map<string, string> | null = null;
  let parts: Array<ReadonlyArray<Record<string, unknown>>> = [];
  let pending = 0;
  let written = 0;
  // The statement in flight (an object: its promise is set inside `send`).
  const flight: { running: Promise<unknown> | null } = { running: null };
  const statement = (cols: string[], rows: ReadonlyArray<Record<string, unknown>>) => {
    const list = sql.join(cols.map((c) => sql.ref(c)));
    if (kind === 'postgres') {
      // Each column as an array literal, built here (while the previous statement runs), not by the driver at send.
      const arrays = cols.map((c) => sql`${arrayLiteral(rows, c)}::${sql.raw(pgTypes!.get(c)!)}[]`);
      return sql`insert into ${sql.table(table)} (${list}) select * from unnest(${sql.join(arrays)})`;
    }
    const json = JSON.stringify(rows);
    return sql`insert into ${sql.table(table)} (${list}) select ${sql.join(
      cols.map((c) => sql`json_extract(j.value, ${`$."${c}"`})`),
    )} from json_each(${json}) j`;
  };
  const send = async () => {
    const rows = parts.length === 1 ? parts[0]! : parts.flat();
    parts = [];
    pending = 0;
    const query = statement(columns!, rows);
    if (flight.running) await flight.running;
    const running = query.execute(db);
    // Awaited before the next statement or at the end; a failure surfaces there.
    running.catch(() => undefined);
    flight.running = running;
  };
  try {
    for (const piece of pieces) {
      if (piece.length === 0) continue;
      if (columns === null) {
        columns = Object.keys(piece[0]!);
        if (kind === 'postgres') {
          const { rows } = await sql<{ name: string; type: string }>`
            select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
            where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(db);
          pgTypes = new Map(rows.map((r) => [r.name, r.type]));
          const unknown = columns.filter((c) => !pgTypes!.has(c));
          if (unknown.length) throw new Error(`insertRowsStreamed: ${table} has no column ${unknown.join(', ')}`);
        }
      }
      parts.push(piece);
      pending += piece.length;
      written += piece.length;
      if (pending >= batch) await send();
      else if (flight.running) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (pending > 0) await send();
    if (flight.running) await flight.running;
  } catch (err) {
    // Never leave a statement running on the connection past the caller's error handling.
    if (flight.running) await flight.running.catch(() => undefined);
    throw err;
  }
  return written;
}
