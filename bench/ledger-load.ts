import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import SqliteDatabase from '../src/server/db/sqlite-driver.ts';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/database.ts';
import { openDatabase, toNumber, type Db } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { BASE_TABLES, emptyLedgerRows, LEDGER_TABLES, type LedgerDataset, type LedgerRows } from './ledger-dataset.ts';
import { nowMs } from './measure.ts';

/**
 * Bulk loading for the benchmark: the schema comes from the real migrations,
 * the rows go in through raw prepared statements (SQLite) or multi-row
 * INSERTs (PostgreSQL) in large transactions, which is 50–100× faster than
 * the repositories' 50-row batches and leaves the same rows behind.
 */

type Row = Record<string, unknown>;
export type Progress = (line: string) => void;

/** The tables the bench reports, in a stable order. */
export const COUNTED_TABLES = [
  'organizations',
  'users',
  'role_assignments',
  'check_items',
  ...LEDGER_TABLES,
  'audit_events',
  'sessions',
] as const satisfies ReadonlyArray<keyof Database>;
export type Counts = Record<(typeof COUNTED_TABLES)[number], number>;

export async function countRows(db: Db): Promise<Counts> {
  const counts = {} as Counts;
  for (const t of COUNTED_TABLES) {
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely);
    counts[t] = toNumber(rows[0]?.n);
  }
  return counts;
}

function reporter(dataset: LedgerDataset, progress: Progress) {
  const started = nowMs();
  let rows = 0;
  return {
    add(n: number) {
      rows += n;
    },
    tick(villagesDone: number) {
      const s = (nowMs() - started) / 1000;
      progress(
        `  villages ${villagesDone.toLocaleString('en-US')}/${dataset.villageCount.toLocaleString('en-US')} · ${rows.toLocaleString('en-US')} rows · ${Math.round(rows / s).toLocaleString('en-US')} rows/s · ${s.toFixed(0)} s`,
      );
    },
    get rows() {
      return rows;
    },
  };
}

const rowCount = (r: LedgerRows) => LEDGER_TABLES.reduce((n, t) => n + r[t].length, 0);

/** Builds the dataset into a fresh SQLite file. WAL and synchronous=OFF for the load only. */
export async function buildSqlite(file: string, dataset: LedgerDataset, progress: Progress): Promise<number> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  await db.close();

  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -524288');
  raw.pragma('temp_store = MEMORY');
  const statements = new Map<string, { stmt: BetterSqlite3.Statement; columns: string[] }>();
  const write = (table: string, rows: readonly object[]) => {
    if (rows.length === 0) return;
    let s = statements.get(table);
    if (!s) {
      const columns = Object.keys(rows[0]!);
      const stmt = raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      s = { stmt, columns };
      statements.set(table, s);
    }
    const { stmt, columns } = s;
    for (const row of rows as Row[]) stmt.run(columns.map((c) => row[c]));
  };

  const report = reporter(dataset, progress);
  raw.exec('begin');
  const base = dataset.base();
  for (const t of BASE_TABLES) {
    write(t, base[t]);
    report.add(base[t].length);
  }
  for (let i = 0; i < dataset.villageCount; i++) {
    const rows = dataset.villageRows(i);
    for (const t of LEDGER_TABLES) write(t, rows[t]);
    report.add(rowCount(rows));
    if ((i + 1) % 500 === 0) {
      raw.exec('commit');
      raw.exec('begin');
    }
    if ((i + 1) % 2000 === 0 || i === dataset.villageCount - 1) report.tick(i + 1);
  }
  raw.exec('commit');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  return report.rows;
}

/**
 * A fresh database `<prefix>_<random>` next to the one the URL names, or (`existing`) a database kept from an
 * earlier run, not created again.
 */
export async function createPgDatabase(
  adminUrl: string,
  o: { prefix?: string; existing?: string } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = o.existing ?? `${o.prefix ?? 'taizhang_bench'}_${randomBytes(5).toString('hex')}`;
  if (o.existing === undefined) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

async function insertRows(client: pg.Client, table: string, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.min(5000, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement) as Row[];
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const base = values.length;
      tuples.push(`(${columns.map((_, j) => `$${base + j + 1}`).join(',')})`);
      for (const c of columns) values.push(row[c]);
    }
    await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(',')}`, values);
  }
}

/**
 * Builds the dataset into a fresh PostgreSQL database: batches of about 3,000
 * problems with their rows, generated while the previous batch is inserted,
 * then VACUUM ANALYZE so the planner sees what autovacuum would give it.
 */
export async function buildPostgres(url: string, dataset: LedgerDataset, progress: Progress): Promise<number> {
  const db = openDatabase({ kind: 'postgres', url, poolSize: 1 });
  await migrateToLatest(db);
  await db.close();

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const report = reporter(dataset, progress);
  const flush = async (rows: LedgerRows | ReturnType<LedgerDataset['base']>, tables: readonly string[]) => {
    await client.query('begin');
    for (const t of tables) await insertRows(client, t, (rows as unknown as Record<string, object[]>)[t]!);
    await client.query('commit');
  };

  const base = dataset.base();
  await flush(base, BASE_TABLES);
  for (const t of BASE_TABLES) report.add(base[t].length);

  let batch = emptyLedgerRows();
  let inflight: Promise<void> = Promise.resolve();
  for (let i = 0; i < dataset.villageCount; i++) {
    const rows = dataset.villageRows(i);
    for (const t of LEDGER_TABLES) (batch[t] as object[]).push(...rows[t]);
    report.add(rowCount(rows));
    if (batch.problems.length >= 3000 || i === dataset.villageCount - 1) {
      await inflight;
      inflight = flush(batch, LEDGER_TABLES);
      batch = emptyLedgerRows();
    }
    if ((i + 1) % 2000 === 0 || i === dataset.villageCount - 1) report.tick(i + 1);
    // Let the in-flight batch send its next statement while this one is generated.
    if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await inflight;
  const started = nowMs();
  await client.query('vacuum analyze');
  progress(`  vacuum analyze: ${((nowMs() - started) / 1000).toFixed(1)} s`);
  await client.end();
  return report.rows;
}
