import { Worker } from 'node:worker_threads';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { type DatabaseTarget, targetOf } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

/**
 * Whole-tree assessments of a large tree (a province: about a second of
 * queries and arithmetic) run on a worker thread with its own database
 * connection, so that the requests served meanwhile do not wait for them:
 * better-sqlite3 answers synchronously, and even on PostgreSQL the figures
 * are summed in JavaScript. One worker per process, started on first use and
 * ended after a minute without work; the result comes back by structured clone.
 */
export type OffThreadJob =
  | { kind: 'week' | 'month'; target: DatabaseTarget; key: string; now: string; rootPath?: string }
  | { kind: 'reports'; target: DatabaseTarget; weeks: string[]; now: string; rootPath?: string }
  /** 一周一统计's figures of a week counted whole (statistics.service.ts), with the rules the reader holds: packed (figures.transfer.ts). */
  | { kind: 'figures'; target: DatabaseTarget; week: string; rules: CadenceRules; now: string; rootPath?: string };

type Job = OffThreadJob extends infer J ? (J extends OffThreadJob ? Omit<J, 'target'> : never) : never;

const IDLE_MS = 60_000;

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker {
  // A JavaScript entry that registers tsx's loader, then imports the TypeScript worker (Node 20 as on 24).
  const w = new Worker(new URL('./assessment-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (m: { id: number; ok: boolean; value?: unknown; message?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.message));
    if (pending.size === 0) scheduleIdle();
  });
  w.on('error', (err) => {
    if (worker === w) worker = null;
    failAll(err);
  });
  w.on('exit', () => {
    if (worker === w) worker = null;
    failAll(new Error('the assessment worker stopped'));
  });
  return w;
}

function scheduleIdle(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    if (pending.size === 0 && worker) {
      const w = worker;
      worker = null;
      void w.terminate();
    }
  }, IDLE_MS);
  idle.unref();
}

/** Runs the job on the worker; rejects if `db` cannot be reached from there or the worker fails. */
export function runOffThread<T>(db: Executor, job: Job): Promise<T> {
  const target = targetOf(db);
  if (!target) return Promise.reject(new Error('this database is not reachable from a worker'));
  worker ??= start();
  if (idle) clearTimeout(idle);
  const id = nextId++;
  const w = worker;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.postMessage({ id, job: { ...job, target } });
  });
}
