import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/dialect.ts';
import { createTestDb, testConfig } from '../testing/test-app.ts';
import type { Job, JobContext } from './job.ts';
import { release, runJobOnce, tryAcquire } from './job-lock.ts';
import { startScheduler } from './scheduler.ts';

/** The lease in job_locks (SQLite, or PostgreSQL under scripts/with-postgres.sh). */

const T0 = new Date('2026-11-30T01:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let db: Db & { dropAll(): Promise<void> };
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dropAll());

const lockRow = (name: string) => db.kysely.selectFrom('job_locks').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

describe('job lease', () => {
  it('one holder at a time; the other gets it only once the lease expires', async () => {
    expect(await tryAcquire(db, 'lease-a', 'p1', T0, 60_000)).toBe(true);
    expect(await tryAcquire(db, 'lease-a', 'p2', later(30_000), 60_000)).toBe(false);
    // p1 itself cannot take it twice either: a run never overlaps another.
    expect(await tryAcquire(db, 'lease-a', 'p1', later(30_000), 60_000)).toBe(false);
    expect(await tryAcquire(db, 'lease-a', 'p2', later(61_000), 60_000)).toBe(true);
    expect(await lockRow('lease-a')).toMatchObject({ locked_by: 'p2', locked_until: later(121_000).toISOString() });
    // p1's late release must not free p2's lease.
    expect(await release(db, 'lease-a', 'p1', later(62_000), 'late')).toBe(false);
    expect(await tryAcquire(db, 'lease-a', 'p3', later(63_000), 60_000)).toBe(false);
    expect(await release(db, 'lease-a', 'p2', later(64_000), 'done')).toBe(true);
    expect(await lockRow('lease-a')).toMatchObject({
      locked_until: null,
      last_result: 'done',
      last_finished_at: later(64_000).toISOString(),
    });
    expect(await tryAcquire(db, 'lease-a', 'p3', later(65_000), 60_000)).toBe(true);
  });

  it('concurrent attempts: exactly one wins', async () => {
    const results = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((h) => tryAcquire(db, 'lease-b', h, T0, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('runJobOnce', () => {
  const ctx = (now = T0): JobContext => ({ db, config: testConfig({ dataDir: '/nonexistent' }), now, log: quiet });

  it('runs, records the summary and frees the lease', async () => {
    let runs = 0;
    const job: Job = { name: 'count', leaseMs: 60_000, run: async () => `run ${++runs}` };
    expect(await runJobOnce(ctx(), job, 'p1')).toBe(true);
    expect(await runJobOnce(ctx(later(1000)), job, 'p2')).toBe(true);
    expect(runs).toBe(2);
    expect(await lockRow('count')).toMatchObject({ locked_by: 'p2', locked_until: null, last_result: 'run 2' });
  });

  it('a failing run releases the lease, records the error and rethrows', async () => {
    const job: Job = {
      name: 'boom',
      leaseMs: 60_000,
      run: async () => {
        throw new Error('数据库连接中断');
      },
    };
    await expect(runJobOnce(ctx(), job, 'p1')).rejects.toThrow('数据库连接中断');
    expect(await lockRow('boom')).toMatchObject({ locked_until: null, last_result: 'error: 数据库连接中断' });
    // Not stuck: the next tick may try again at once.
    expect(await tryAcquire(db, 'boom', 'p2', later(1000), 60_000)).toBe(true);
  });

  it('a run longer than its lease keeps it: the holder renews the lease while the run lasts', async () => {
    // A slow SMS gateway can make a reminders run outlast its 5-minute lease; another
    // instance must not take the lease then and send the same undelivered reminders again.
    let nowMs = T0.getTime();
    let finish!: (summary: string) => void;
    const job: Job = { name: 'long', leaseMs: 300, run: () => new Promise<string>((resolve) => (finish = resolve)) };
    const running = runJobOnce(ctx(T0), job, 'p1', () => new Date(nowMs));
    // Ten minutes pass (the clock jumps); the holder is alive, so its next renewal moves the lease past them.
    nowMs += 600_000;
    const renewedUntil = new Date(nowMs + 300).toISOString();
    const until = Date.now() + 5_000;
    // The run takes the lease on a connection of its own (PostgreSQL): the row may not be there at the first look.
    const lockedUntil = async () =>
      (await db.kysely.selectFrom('job_locks').select('locked_until').where('name', '=', 'long').executeTakeFirst())?.locked_until;
    while ((await lockedUntil()) !== renewedUntil) {
      if (Date.now() > until) throw new Error(`the lease was not renewed: ${JSON.stringify(await lockRow('long'))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await tryAcquire(db, 'long', 'p2', new Date(nowMs), 300)).toBe(false);
    finish('done');
    expect(await running).toBe(true);
    expect(await lockRow('long')).toMatchObject({ locked_by: 'p1', locked_until: null, last_result: 'done' });
    // A holder that stops renewing (its process died) loses the lease once it runs out.
    expect(await tryAcquire(db, 'long', 'p1', new Date(nowMs), 300)).toBe(true);
    expect(await tryAcquire(db, 'long', 'p2', new Date(nowMs + 301), 300)).toBe(true);
  });

  it('does not run while another holder has the lease', async () => {
    let runs = 0;
    const job: Job = { name: 'held', leaseMs: 60_000, run: async () => `run ${++runs}` };
    expect(await tryAcquire(db, 'held', 'other-process', T0, 60_000)).toBe(true);
    expect(await runJobOnce(ctx(later(1000)), job, 'p1')).toBe(false);
    expect(runs).toBe(0);
  });
});

describe('scheduler', () => {
  const clock = { now: () => T0 };
  const config = testConfig({ dataDir: '/nonexistent', jobIntervalSeconds: 3600 });

  it('runs the jobs in order right after start, and a tick never overlaps a running one', async () => {
    const order: string[] = [];
    let finishFirst!: () => void;
    const gate = new Promise<void>((resolve) => (finishFirst = resolve));
    const jobs: Job[] = [
      {
        name: 'sched-first',
        leaseMs: 60_000,
        run: async () => {
          order.push('first');
          await gate;
          return 'ok';
        },
      },
      { name: 'sched-second', leaseMs: 60_000, run: async () => (order.push('second'), 'ok') },
    ];
    const s = startScheduler({ db, config, clock, log: quiet, jobs });
    const again = s.tick(); // joins the boot tick instead of starting another
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['first']);
    finishFirst();
    await again;
    expect(order).toEqual(['first', 'second']);
    await s.stop();
  });

  it('logs a failing job, goes on with the next, and stop() waits for the running tick', async () => {
    const errors: unknown[] = [];
    const log = { ...quiet, error: (o: unknown) => void errors.push(o) };
    let slowDone = false;
    const jobs: Job[] = [
      {
        name: 'sched-fails',
        leaseMs: 60_000,
        run: async () => {
          throw new Error('failed on purpose');
        },
      },
      {
        name: 'sched-slow',
        leaseMs: 60_000,
        run: async () => {
          await new Promise((r) => setTimeout(r, 50));
          slowDone = true;
          return 'ok';
        },
      },
    ];
    const s = startScheduler({ db, config, clock, log, jobs });
    await s.tick();
    expect(slowDone).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ job: 'sched-fails' });
    await s.stop();

    // stop() during a run: the running job finishes before stop() resolves; no further job starts.
    slowDone = false;
    const s2 = startScheduler({ db, config, clock, log, jobs: [jobs[1]!, jobs[0]!] });
    await s2.stop();
    expect(slowDone).toBe(true);
    expect(errors).toHaveLength(1);
    slowDone = false;
    await s2.tick();
    expect(slowDone).toBe(false);
  });
});
