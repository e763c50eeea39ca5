import SqliteDatabase, { type SqliteHandle } from '../src/server/db/sqlite-driver.ts';
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { Database } from '../src/server/db/database.ts';
import type { Db } from '../src/server/db/dialect.ts';

/**
 * EXPERIMENT, bench only: Kysely's SQLite driver calls `prepare()` for every
 * query, so SQLite parses and plans the same SQL again each time. This keeps
 * the last `max` prepared statements by SQL text. It is safe on the single
 * connection Kysely serializes behind its mutex; a statement left iterating
 * by a stream keeps the connection too. It is the change proposed for
 * `openDatabase` in src/server/db/dialect.ts, measured by the bench before
 * anyone adopts it.
 */
export function withStatementCache(raw: SqliteHandle, max = 256): KyselySqliteDatabase {
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

/** `openDatabase({ kind: 'sqlite', file })` with the same pragmas, plus the statement cache. */
export function openSqliteWithStatementCache(file: string): Db {
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return { kysely, kind: 'sqlite', close: () => kysely.destroy() };
}
