import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/dialect.ts';

/** What a scheduled job gets on each run. */
export interface JobContext {
  db: Db;
  config: Config;
  now: Date;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/**
 * A scheduled job. Runs are serialized across processes by a lease in
 * job_locks (src/server/jobs/job-lock.ts), and each job is idempotent on its
 * own (unique keys), so a run after a crash or a restart repeats nothing.
 */
export interface Job {
  name: string;
  /** How long a run may hold the lease before another process may take over. */
  leaseMs: number;
  /** Does whatever is due at `ctx.now`; returns a one-line summary for job_locks.last_result and the log. */
  run(ctx: JobContext): Promise<string>;
}
