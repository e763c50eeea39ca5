import type { Db } from '../db/dialect.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import type { Job, JobContext } from './job.ts';

/**
 * A lease per job in job_locks, so that one process runs a job at a time
 * however many app processes share the database. Taken with one conditional
 * UPDATE (never check-then-act), identically on SQLite and PostgreSQL. The
 * holder renews it while the run lasts, so it runs out only when the holder
 * stops (its process died or hangs), never under a run that is merely long.
 */

/** Takes the lease when it is free or expired. True when `holder` now holds it until now + leaseMs. */
export async function tryAcquire(db: Db, name: string, holder: string, now: Date, leaseMs: number): Promise<boolean> {
  try {
    await db.kysely
      .insertInto('job_locks')
      .values({ name, locked_by: null, locked_until: null, last_started_at: null, last_finished_at: null, last_result: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  } catch (err) {
    // Another process inserted it between our look and our write: the row is there, which is all we need.
    if (!isUniqueViolation(err)) throw err;
  }
  const at = now.toISOString();
  const res = await db.kysely
    .updateTable('job_locks')
    .set({ locked_by: holder, locked_until: new Date(now.getTime() + leaseMs).toISOString(), last_started_at: at })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Moves `holder`'s lease to now + leaseMs; false when it no longer holds it (released, or expired and taken). */
export async function renew(db: Db, name: string, holder: string, now: Date, leaseMs: number): Promise<boolean> {
  const res = await db.kysely
    .updateTable('job_locks')
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('name', '=', name)
    .where('locked_by', '=', holder)
    .where('locked_until', 'is not', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Frees the lease and records the outcome; does nothing when `holder` lost the lease meanwhile (it expired and was taken). */
export async function release(db: Db, name: string, holder: string, now: Date, result: string): Promise<boolean> {
  const res = await db.kysely
    .updateTable('job_locks')
    .set({ locked_until: null, last_finished_at: now.toISOString(), last_result: result.slice(0, 2000) })
    .where('name', '=', name)
    .where('locked_by', '=', holder)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Acquire → run → release (also on error, recording the message in
 * last_result, then rethrowing). False when another holder had the lease.
 * While the run lasts, the lease is renewed every third of its length.
 * `finishedAt` gives the renewal and release times (the scheduler's clock); ctx.now by default.
 */
export async function runJobOnce(ctx: JobContext, job: Job, holder: string, finishedAt: () => Date = () => ctx.now): Promise<boolean> {
  if (!(await tryAcquire(ctx.db, job.name, holder, ctx.now, job.leaseMs))) return false;
  const heartbeat = setInterval(
    () => {
      // A failed renewal is only logged: the next one may succeed, and the run itself goes on.
      renew(ctx.db, job.name, holder, finishedAt(), job.leaseMs).catch((err: unknown) =>
        ctx.log.warn({ job: job.name, err }, 'could not renew the job lease'),
      );
    },
    Math.ceil(job.leaseMs / 3),
  );
  heartbeat.unref();
  let result: string;
  try {
    result = await job.run(ctx);
  } catch (err) {
    clearInterval(heartbeat);
    const message = err instanceof Error ? err.message : String(err);
    await release(ctx.db, job.name, holder, finishedAt(), `error: ${message}`);
    throw err;
  }
  clearInterval(heartbeat);
  await release(ctx.db, job.name, holder, finishedAt(), result);
  return true;
}

/** The summary (or error) of a job's last run, as recorded at release. */
export async function lastResult(db: Db, name: string): Promise<string | null> {
  const row = await db.kysely.selectFrom('job_locks').select('last_result').where('name', '=', name).executeTakeFirst();
  return row?.last_result ?? null;
}
