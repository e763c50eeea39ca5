import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inReadSnapshot, openDatabase, refreshPlannerStatistics, SQLITE_CACHE_KIB, type Db } from './dialect.ts';
import Sqlite from './sqlite-driver.ts';

/** SQLite's planner statistics are kept by the app itself (PostgreSQL's autovacuum does it there). */
describe('SQLite planner statistics', () => {
  let dir = '';
  let db: Db | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function statRows(d: Db): Promise<number> {
    const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(d.kysely);
    if (exists.rows[0]!.n === 0) return 0;
    const rows = await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 't'`.execute(d.kysely);
    return rows.rows[0]!.n;
  }

  async function fill(d: Db): Promise<void> {
    await sql`create table t (id integer primary key, k text)`.execute(d.kysely);
    await sql`create index t_k on t (k)`.execute(d.kysely);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) insert into t (k) select 'k' || (i % 7) from n`.execute(
      d.kysely,
    );
  }

  it('are gathered when a file is opened again, as a restarted server would', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'taizhang-optimize-'));
    const file = path.join(dir, 'db.sqlite');
    db = openDatabase({ kind: 'sqlite', file });
    await fill(db);
    expect(await statRows(db)).toBe(0);
    await db.close();
    db = openDatabase({ kind: 'sqlite', file });
    expect(await statRows(db)).toBeGreaterThan(0);
  });

  it('are gathered on demand after a bulk load (refreshPlannerStatistics)', async () => {
    db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await fill(db);
    expect(await statRows(db)).toBe(0);
    await refreshPlannerStatistics(db);
    expect(await statRows(db)).toBeGreaterThan(0);
  });
});

describe('SQLite page cache', () => {
  it('keeps up to SQLITE_CACHE_KIB of the file in memory on every connection the app opens (SQLite: 2 MiB by default)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-cache-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
    try {
      const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db.kysely);
      expect(rows[0]?.cache_size).toBe(-SQLITE_CACHE_KIB);
      expect(SQLITE_CACHE_KIB).toBeGreaterThanOrEqual(64 * 1024);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** PostgreSQL (under scripts/with-postgres.sh): the app's sessions compile no query to machine code (PG_SESSION_OPTIONS). */
describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL sessions', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const jitOf = async (db: Db) => (await sql<{ jit: string }>`show jit`.execute(db.kysely)).rows[0]?.jit;

  it('run without JIT on every connection of the pool, unless the connection string sets its own options', async () => {
    const db = openDatabase({ kind: 'postgres', url, poolSize: 3 });
    try {
      // Several connections at once: each pooled connection starts with the option, not only the first.
      const seen = await Promise.all(
        Array.from({ length: 3 }, () =>
          db.kysely.connection().execute(async (c) => {
            const jit = await jitOf({ ...db, kysely: c });
            await sql`select pg_sleep(0.05)`.execute(c);
            return jit;
          }),
        ),
      );
      expect(seen).toEqual(['off', 'off', 'off']);
    } finally {
      await db.close();
    }
    const own = new URL(url);
    own.searchParams.set('options', '-c jit=on');
    const operator = openDatabase({ kind: 'postgres', url: own.toString(), poolSize: 1 });
    try {
      expect(await jitOf(operator)).toBe('on');
    } finally {
      await operator.close();
    }
  });
});

/** taizhang verify-audit and verify-ledger read one snapshot beside a running server (another process). */
describe('a read snapshot on SQLite', () => {
  it('lets another connection write meanwhile, and does not see what it wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taizhang-snapshot-'));
    const file = path.join(dir, 'db.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      await sql`create table t (id integer primary key)`.execute(db.kysely);
      await sql`insert into t (id) values (1)`.execute(db.kysely);
      const seen = await inReadSnapshot(db, async (snapshot) => {
        const before = await sql<{ n: number }>`select count(*) as n from t`.execute(snapshot);
        // The server's own connection: with the app's BEGIN IMMEDIATE this waited and failed (database is locked).
        const other = new Sqlite(file);
        other.pragma('busy_timeout = 200');
        try {
          other.prepare('insert into t (id) values (2)').run();
        } finally {
          other.close();
        }
        const after = await sql<{ n: number }>`select count(*) as n from t`.execute(snapshot);
        return [before.rows[0]!.n, after.rows[0]!.n];
      });
      expect(seen).toEqual([1, 1]);
      expect((await sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely)).rows[0]!.n).toBe(2);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
