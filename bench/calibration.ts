import Sqlite from '../src/server/db/sqlite-driver.ts';
import { cpuNowMs, nowMs } from './measure.ts';

/**
 * A fixed in-process SQLite workload measured in the same run as the figures,
 * so that figures taken on two machines (or on one machine on a busy and a
 * quiet day) compare as ratios to it. Same statements, same rows, every time:
 * 100,000 inserts in one transaction, an index build, 50,000 point reads, and
 * 2,000 small write transactions (one insert and one update each, as a
 * transition does) on an in-memory database. Best of three.
 */
export interface Calibration {
  /** Wall time of the whole workload, best of three, in ms. */
  ms: number;
  /** CPU time of the best run, in ms. */
  cpuMs: number;
}

function once(): Calibration {
  const db = new Sqlite(':memory:');
  const t0 = nowMs();
  const c0 = cpuNowMs();
  db.exec('create table t (id integer primary key, org text not null, status text not null, due text not null, v integer not null)');
  const insert = db.prepare('insert into t (org, status, due, v) values (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++)
      insert.run(`org-${i % 997}`, ['open', 'in_progress', 'closed'][i % 3], `2026-${String((i % 12) + 1).padStart(2, '0')}-15`, i);
  })();
  db.exec('create index t_org_status on t (org, status, due)');
  const read = db.prepare('select count(*) as n from t where org = ? and status = ?');
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += (read.get(`org-${i % 997}`, 'open') as { n: number }).n;
  const bump = db.prepare('update t set v = v + 1 where id = ?');
  const write = db.transaction((i: number) => {
    insert.run(`org-${i % 997}`, 'open', '2026-06-30', i);
    bump.run((i % 100_000) + 1);
  });
  for (let i = 0; i < 2_000; i++) write(i);
  db.close();
  if (sink < 0) throw new Error('unreachable');
  return { ms: nowMs() - t0, cpuMs: cpuNowMs() - c0 };
}

export function calibrate(): Calibration {
  const runs = [once(), once(), once()];
  return runs.reduce((best, r) => (r.ms < best.ms ? r : best));
}

export function describeCalibration(c: Calibration): string {
  return `calibration: ${c.ms.toFixed(0)} ms wall, ${c.cpuMs.toFixed(0)} ms CPU (fixed in-process SQLite workload, best of 3; compare runs as ratios to it)`;
}
