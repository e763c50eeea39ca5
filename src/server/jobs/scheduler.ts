import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.ts';
import type { Db } from '../db/dialect.ts';
import type { Clock } from '../http/clock.ts';
import type { Job, JobContext } from './job.ts';
import { runJobOnce } from './job-lock.ts';

export interface SchedulerOptions {
  db: Db;
  config: Config;
  clock: Clock;
  log: JobContext['log'];
  jobs: readonly Job[];
}

export interface Scheduler {
  /** Stops the timer and waits for a running tick to finish. */
  stop(): Promise<void>;
  /** Runs every job once, in order (joins the running tick instead of overlapping it). */
  tick(): Promise<void>;
}

/**
 * Every `jobIntervalSeconds`, offers each job a run. Each process runs its
 * own scheduler; the lease in job_locks lets one of them run a job at a time,
 * and each job does only what is due (so most ticks do nothing). A failing
 * job is logged and retried on a later tick; it never crashes the process.
 * One tick runs right away, so a restart after downtime catches up at once.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, config, clock, log, jobs } = options;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let running: Promise<void> | null = null;
  let stopped = false;

  const runAll = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        const ran = await runJobOnce({ db, config, now: clock.now(), log }, job, holder, () => clock.now());
        if (ran) log.info({ job: job.name }, 'job ran');
      } catch (err) {
        log.error({ job: job.name, err }, 'job failed');
      }
    }
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (!running) {
      running = runAll()
        .catch((err: unknown) => log.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          running = null;
        });
    }
    return running;
  };

  const timer = setInterval(() => void tick(), config.jobIntervalSeconds * 1000);
  timer.unref();
  void tick();

  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
