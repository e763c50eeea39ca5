/**
 * SQLite backup while another connection writes: `npx tsx bench/backup.bench.ts`.
 *
 * Builds a database of BENCH_BACKUP_MB (default 50) megabytes in .tmp/bench,
 * starts a writer thread that commits one small row every BENCH_BACKUP_WRITE_MS
 * (default 5) milliseconds on its own connection, and times two ways of
 * copying it: SQLite's online backup API in steps of 200 pages (what
 * `taizhang backup` did before), which restarts whenever another connection
 * writes, and `VACUUM INTO` (what it does now), which copies one read snapshot.
 * Each is given at most 30 s. Figures are printed, never asserted.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from '../src/server/db/sqlite-driver.ts';

const DIR = path.resolve(import.meta.dirname, '../.tmp/bench');
const SOURCE = path.join(DIR, 'backup-source.sqlite');
const COPY = path.join(DIR, 'backup-copy.sqlite');
const MB = Number(process.env.BENCH_BACKUP_MB ?? 50);
const WRITE_MS = Number(process.env.BENCH_BACKUP_WRITE_MS ?? 5);
const LIMIT_MS = 30_000;

function build(): number {
  mkdirSync(DIR, { recursive: true });
  for (const f of [SOURCE, `${SOURCE}-wal`, `${SOURCE}-shm`]) rmSync(f, { force: true });
  const db = new SqliteDatabase(SOURCE);
  db.pragma('journal_mode = WAL');
  db.exec('create table t (id integer primary key, v text not null)');
  const insert = db.prepare('insert into t (v) values (?)');
  const filler = 'x'.repeat(1000);
  db.transaction(() => {
    for (let i = 0; i < MB * 1000; i++) insert.run(filler);
  })();
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.close();
  return pages;
}

/** A writer on its own connection, as the server would be. */
function startWriter(): { stop(): Promise<number> } {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('insert into t (v) values (?)');
    let n = 0;
    const timer = setInterval(() => insert.run('w' + n++), workerData.every);
    parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.postMessage(n); });
    `,
    { eval: true, workerData: { file: SOURCE, every: WRITE_MS, module: fileURLToPath(import.meta.resolve('better-sqlite3')) } },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (n: number) => void worker.terminate().then(() => resolve(n)));
        worker.postMessage('stop');
      }),
  };
}

async function onlineBackup(): Promise<string> {
  rmSync(COPY, { force: true });
  const source = new SqliteDatabase(SOURCE, { readonly: true });
  const started = performance.now();
  let steps = 0;
  let restarts = 0;
  let remaining = Infinity;
  let gaveUp = false;
  try {
    await source.backup(COPY, {
      progress: ({ remainingPages }) => {
        steps += 1;
        if (remainingPages > remaining) restarts += 1;
        remaining = remainingPages;
        if (performance.now() - started > LIMIT_MS) {
          gaveUp = true;
          // Throwing is the only way to abandon a backup in better-sqlite3.
          throw new Error('gave up');
        }
        return 200;
      },
    });
  } catch (err) {
    if (!gaveUp) throw err;
  } finally {
    source.close();
  }
  const ms = Math.round(performance.now() - started);
  return gaveUp
    ? `online backup API: not finished after ${ms} ms (${steps} steps, ${restarts} restarts)`
    : `online backup API: ${ms} ms (${steps} steps, ${restarts} restarts)`;
}

function vacuumInto(): string {
  rmSync(COPY, { force: true });
  const source = new SqliteDatabase(SOURCE, { readonly: true });
  const started = performance.now();
  try {
    source.prepare('vacuum into ?').run(COPY);
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(COPY, { readonly: true });
  const ok = copy.pragma('integrity_check', { simple: true });
  copy.close();
  return `VACUUM INTO: ${Math.round(performance.now() - started)} ms (integrity_check: ${String(ok)})`;
}

const pages = build();
console.log(`source: ${MB} MB, ${pages} pages; a writer commits every ${WRITE_MS} ms on another connection`);
for (const run of [onlineBackup, vacuumInto]) {
  const writer = startWriter();
  await new Promise((r) => setTimeout(r, 200));
  console.log(`  ${await run()}`);
  console.log(`    (${await writer.stop()} writes meanwhile)`);
}
for (const f of [SOURCE, `${SOURCE}-wal`, `${SOURCE}-shm`, COPY]) rmSync(f, { force: true });
