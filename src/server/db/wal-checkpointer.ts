import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Db } from './dialect.ts';
import { SQLITE_DRIVER } from './sqlite-driver.ts';

/**
 * SQLite's WAL is copied back into the database file by a checkpoint. Left to
 * itself (`wal_autocheckpoint`), the checkpoint runs inside the COMMIT of
 * whichever request wrote the 1,000th page: that request waits for the copy
 * and two fsyncs, and the hot pages (the chain heads, the counters, index
 * leaves) are copied again every 1,000 pages. Here a worker thread with its
 * own connection runs a PASSIVE checkpoint every `everyMs` (it never blocks
 * the writer or readers), so commits only append to the WAL: in a raw replay
 * of a transition's writes, COMMIT took 1.2 ms with the automatic checkpoint
 * and 0.65–0.70 ms with this (docs/PERFORMANCE.md, "Throughput over real
 * HTTP"). The writer's own automatic checkpoint stays as a backstop at
 * WAL_BACKSTOP_PAGES (it then finds the frames already copied, and the WAL
 * starts over from its beginning after it).
 *
 * For the server process (main.ts): tests and tools keep SQLite's default.
 */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

export const WAL_BACKSTOP_PAGES = 10_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Starts checkpointing the SQLite database `db` (opened on `file`) off the
 * main thread, and raises the writer's automatic checkpoint to the backstop.
 * Nothing to do on PostgreSQL (null).
 */
export async function checkpointOffThread(
  db: Db,
  file: string,
  options: { everyMs?: number; onError?: (message: string) => void } = {},
): Promise<WalCheckpointer | null> {
  if (db.kind !== 'sqlite' || file === ':memory:') return null;
  const driver = createRequire(import.meta.url).resolve(SQLITE_DRIVER);
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, everyMs: options.everyMs ?? 250 } });
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (m.error) options.onError?.(m.error);
  });
  worker.on('error', (err) => options.onError?.(err.message));
  await sql.raw(`PRAGMA wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`).execute(db.kysely);
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        // Unref'ed so that it never keeps a process alive by itself; while stopping it must, or a shutdown that
        // awaits this with nothing else pending ends the process before the database is closed.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
