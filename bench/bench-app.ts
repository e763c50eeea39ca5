import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { AppInstance } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import { openDatabase, toNumber, type Db } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/modules/sessions/passwords.ts';
import { LedgerDataset, type Shape } from './ledger-dataset.ts';
import { buildPostgres, buildSqlite, countRows, createPgDatabase, type Counts } from './ledger-load.ts';
import { nowMs } from './measure.ts';

/** What both benchmarks share: where they work, the dataset (built or reused), the app's configuration, signing in. */
export const ORIGIN = 'http://taizhang.bench';
export const PASSWORD = 'bench-pass-2026';
export const ROOT = path.resolve(import.meta.dirname, '..');
export const WORK_DIR = path.join(ROOT, '.tmp', 'bench');

export const log = (line = '') => console.log(line);
export const flag = (name: string) => process.env[name] === '1';
export const fmt = (n: number) => n.toLocaleString('en-US');

/** The app's configuration for a benchmark: quiet, no jobs, reminders to the log. */
export function benchConfig(database: Config['database']): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(WORK_DIR, 'data'),
    database,
    demo: false,
    sessionSecret: 'bench-secret-bench-secret-bench-secret-01',
    publicUrl: ORIGIN,
    secureCookies: false,
    sessionIdleMinutes: 240,
    sessionMaxHours: 168,
    logLevel: 'silent',
    trustProxy: [],
    bodyLimitBytes: 1024 * 1024,
    evidenceMaxBytes: 20 * 1024 * 1024,
    webDir: path.join(WORK_DIR, 'no-web'),
    jobsEnabled: false,
    jobIntervalSeconds: 60,
    orgTreeWholeMax: 2000,
    notify: {
      channel: 'log',
      wecomWebhookUrl: null,
      smsGatewayUrl: null,
      smsGatewayToken: null,
      smtpUrl: null,
      mailFrom: 'bench@localhost',
    },
  };
}

export async function indexCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from sqlite_master where type = 'index'`.execute(db.kysely);
  return toNumber(rows[0]?.n);
}

/** Signs in as the bench's district admin; returns the headers to send. */
export async function login(app: AppInstance): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: ORIGIN },
    payload: { username: 'admin', password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tz_session');
  if (!cookie) throw new Error('login answered without a session cookie');
  return { cookie: `tz_session=${cookie.value}`, origin: ORIGIN };
}

/** A tenth (or any fraction) of the province for quick trials: BENCH_SCALE=0.1. */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1');
/** Both benchmarks use the same SQLite file; a trial at another scale gets its own, so it never replaces the province. */
export const SQLITE_FILE = path.join(WORK_DIR, SCALE === 1 ? 'ledger.sqlite' : `ledger-scale-${SCALE}.sqlite`);
export const META_FILE = `${SQLITE_FILE}.json`;

/** What was built into the SQLite file, kept beside it to decide whether BENCH_REUSE may reuse it. */
export interface Meta {
  shape: Shape;
  builtAt: string;
  buildSeconds: number;
  counts: Counts;
  indexes: number;
}

/**
 * Reuses the SQLite file when asked and when its ledger rows are what was built
 * (and, with `sameIndexes`, its indexes too: the ledger bench measures them).
 * A reused file first gets the migrations written since it was built.
 */
async function reusableSqlite(shape: Shape, sameIndexes: boolean): Promise<Meta | null> {
  if (!flag('BENCH_REUSE') || !existsSync(SQLITE_FILE) || !existsSync(META_FILE)) return null;
  const meta = JSON.parse(readFileSync(META_FILE, 'utf8')) as Meta;
  const s = meta.shape;
  if (
    s.subdistricts !== shape.subdistricts ||
    s.villagesPerSubdistrict !== shape.villagesPerSubdistrict ||
    s.problemsPerVillage !== shape.problemsPerVillage
  )
    return null;
  const db = openDatabase({ kind: 'sqlite', file: SQLITE_FILE });
  try {
    await migrateToLatest(db);
    const counts = await countRows(db);
    const same = (['organizations', 'problems', 'problem_history', 'measures', 'measure_problems', 'evidence'] as const).every(
      (t) => counts[t] === meta.counts[t],
    );
    return same && (!sameIndexes || (await indexCount(db)) === meta.indexes) ? meta : null;
  } finally {
    await db.close();
  }
}

export interface Prepared {
  target: Config['database'];
  meta: Meta;
  /** Whether an earlier run's SQLite file was reused (BENCH_REUSE=1) rather than built in this run. */
  reused: boolean;
  /** The fresh PostgreSQL database, to drop at the end (null on SQLite). */
  pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null;
}

/** Reuses the SQLite province (BENCH_REUSE=1) or builds it, or builds a fresh PostgreSQL database when `url` is set. */
export async function prepareDataset(url: string | null, shape: Shape, options: { sameIndexes: boolean }): Promise<Prepared> {
  const reused = url ? null : await reusableSqlite(shape, options.sameIndexes);
  if (reused) {
    log(`reusing ${path.relative(ROOT, SQLITE_FILE)}, built ${reused.builtAt} in ${reused.buildSeconds.toFixed(0)} s`);
    return { target: { kind: 'sqlite', file: SQLITE_FILE }, meta: reused, reused: true, pgDb: null };
  }
  const started = nowMs();
  const dataset = new LedgerDataset(shape, new Date(), await hashPassword(PASSWORD));
  log(`building into ${url ? 'a fresh PostgreSQL database' : path.relative(ROOT, SQLITE_FILE)}…`);
  let rows: number;
  let pgDb: Prepared['pgDb'] = null;
  if (!url) {
    rmSync(META_FILE, { force: true });
    rows = await buildSqlite(SQLITE_FILE, dataset, log);
  } else {
    pgDb = await createPgDatabase(url);
    log(`  database ${pgDb.name}`);
    rows = await buildPostgres(pgDb.url, dataset, log);
  }
  const buildSeconds = (nowMs() - started) / 1000;
  log(`built ${fmt(rows)} rows in ${buildSeconds.toFixed(1)} s (${fmt(Math.round(rows / buildSeconds))} rows/s)`);
  return {
    target: pgDb ? { kind: 'postgres', url: pgDb.url } : { kind: 'sqlite', file: SQLITE_FILE },
    meta: { shape, builtAt: new Date().toISOString(), buildSeconds, counts: {} as Counts, indexes: 0 },
    reused: false,
    pgDb,
  };
}
