import { parentPort } from 'node:worker_threads';
import { type DatabaseTarget, type Db, openDatabase } from '../../db/dialect.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { weekPeriod } from '../../../domain/cadence.ts';
import { computeFigures, computeReportFigures } from '../statistics/figures.service.ts';
import { type PackedFigures, packFigures } from '../statistics/figures.transfer.ts';
import { assessMonth, assessWeek } from './assessment.service.ts';
import type { OffThreadJob } from './off-thread.ts';

/**
 * Runs a whole-tree assessment on its own database connection, off the app's
 * main thread (off-thread.ts), and posts the result back. One connection per
 * database target, kept while the worker lives.
 */
const dbs = new Map<string, Db>();

function dbFor(target: DatabaseTarget): Db {
  const key = JSON.stringify(target);
  let db = dbs.get(key);
  if (!db) {
    db = openDatabase(target.kind === 'postgres' ? { ...target, poolSize: 1 } : target);
    dbs.set(key, db);
  }
  return db;
}

async function run(job: OffThreadJob): Promise<unknown> {
  const k = dbFor(job.target).kysely;
  const now = new Date(job.now);
  switch (job.kind) {
    case 'week':
      return assessWeek(k, job.key, now, undefined, job.rootPath);
    case 'month':
      return assessMonth(k, job.key, now, { rootPath: job.rootPath });
    case 'reports':
      return computeReportFigures(k, { reportWeeks: job.weeks, rules: await loadCadenceRules(k), now, rootPath: job.rootPath });
    case 'figures':
      return packFigures(
        await computeFigures(k, { period: weekPeriod(job.week), reportWeeks: [job.week], rules: job.rules, now, rootPath: job.rootPath }),
      );
  }
}

function transferred(packed: PackedFigures): ArrayBuffer[] {
  return [packed.numbers.buffer as ArrayBuffer, packed.ages.buffer as ArrayBuffer];
}

parentPort?.on('message', (msg: { id: number; job: OffThreadJob }) => {
  run(msg.job).then(
    // Packed figures' numbers are handed over, not copied (figures.transfer.ts).
    (value) =>
      parentPort?.postMessage({ id: msg.id, ok: true, value }, msg.job.kind === 'figures' ? transferred(value as PackedFigures) : []),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
  );
});
