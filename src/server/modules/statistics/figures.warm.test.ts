import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { type Headers, makeOrg, uniqueName } from '../../testing/factories.ts';
import { makePublishedStandard, type MadeProblem } from '../../testing/ledger-factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, createTestDb, type TestApp } from '../../testing/test-app.ts';
import { LiveFiguresCache } from './figures.cache.ts';
import type { OrgFigures } from './figures.service.ts';
import { type FiguresWarmer, keepLiveFiguresWarm } from './figures.warm.ts';
import { liveFiguresCache, warmLiveFigures } from './statistics.service.ts';
import { drive, problem, setShanghai } from './statistics.test-support.ts';

/**
 * 一周一统计 kept warm (figures.warm.ts): after a step, the reader finds the running week's figures kept where it
 * would otherwise wait for a whole count (a new day, the cache's 15-minute recount) or derive them after a write;
 * and what it finds equals a count from nothing at the same clock; the warmer's whole counts run on the worker
 * thread. The demo district stands in for a large tree (`largeFrom: 1`); with the default bound it is left alone.
 * SQLite in a file (which the worker can open too), PostgreSQL under scripts/with-postgres.sh.
 */
describe('一周一统计 kept warm', () => {
  let t: TestApp;
  let admin: Headers;
  let warmer: FiguresWarmer;
  let a: MadeProblem;
  /** What the warmer reported: a failed step, or a whole count that ran on the main thread. */
  const errors: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp({ demo: true, fileDb: true });
    await t.db.kysely.updateTable('organizations').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    setShanghai(t, '2026-11-24 10:00');
    admin = await t.login('admin');
    a = await problem(t, admin, '大闵村', '2026-11-25'); // due on Wednesday: overdue from Thursday
    await problem(t, admin, '张东村', '2026-12-31');
    // Steps and looks are taken by the test, not the timers.
    warmer = keepLiveFiguresWarm(t.db.kysely, t.clock, {
      largeFrom: 1,
      everyMs: 3_600_000,
      lookEveryMs: 3_600_000,
      lookGapMs: 0,
      onError: (err) => errors.push(err),
    });
  });
  afterAll(async () => {
    await warmer.stop();
    await t.close();
  });
  afterEach(() => expect(errors).toEqual([]));

  /** The district's 一周一统计 now, and how the cache came by it. */
  const read = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/statistics/weeks', headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.json<WeekStatistics>(), way: liveFiguresCache.lastWay };
  };
  /** The same, counted from nothing (what is kept is dropped first). */
  const counted = async () => {
    liveFiguresCache.forget(t.db.kysely);
    const { body, way } = await read();
    expect(way).toBe('counted');
    return body;
  };
  /** Moves the clock; a new day's reader signs in again (an audited write: a step after it takes it in). */
  const at = async (wall: string, signIn = false) => {
    setShanghai(t, wall);
    if (signIn) admin = await t.login('admin');
  };

  it('leaves a district alone with the default bound (a tree below the assessments’ largeFrom)', async () => {
    expect(await warmLiveFigures(t.db.kysely, t.clock.now())).toBe(0);
    expect(await warmLiveFigures(t.db.kysely, t.clock.now(), { largeFrom: 1 })).toBe(1);
  });

  it('on a new day, the first reader finds the figures kept, as counted from nothing', async () => {
    // Without a step, the first reading of a day counts everything (what the warmer is for).
    await at('2026-11-25 08:00', true);
    expect((await read()).way).toBe('counted');

    await at('2026-11-26 08:00', true);
    // The warmer counts everything (a new day), on the worker thread: on SQLite, no statement of this thread reads
    // the ledger meanwhile.
    const { seen } = await watchStatements(() => warmer.step());
    if (t.db.kind === 'sqlite') {
      expect(seen.length).toBeGreaterThan(0);
      // (The count's statements name the table bare, `from problems p`; Kysely's would quote it.)
      expect(seen.filter((q) => /\bfrom "?problems"?\b/.test(q))).toEqual([]);
    }
    const { body, way } = await read();
    expect(way).toBe('kept');
    // Thursday: the problem due on Wednesday is overdue in the kept figures too.
    expect(body.organization.figures.overdue).toBe(1);
    expect(body).toEqual(await counted());
  });

  it('after a write, a step brings the figures up to date before the reader comes', async () => {
    await at('2026-11-26 09:00');
    await warmer.step();
    expect((await read()).way).toBe('kept');
    a = await drive(t, admin, a, 'start');
    // Without a step the reader would derive them itself (count the village again).
    await warmer.step();
    const { body, way } = await read();
    expect(way).toBe('kept');
    expect(body.organization.figures.rectifying).toBe(1);
    expect(body).toEqual(await counted());
  });

  it('after a quiet spell longer than the cache keeps a result (10 minutes), and past its 15-minute recount, still kept', async () => {
    await at('2026-11-26 10:00');
    await warmer.step();
    // Without steps in between, the reader 20 minutes later counts everything again.
    await at('2026-11-26 10:20');
    expect((await read()).way).toBe('counted');

    // With steps (here every 9 minutes; the timer's are every half minute), the reader after 20 quiet minutes finds
    // them kept, although the count that reader made is then 21 minutes old (the step at 10:39 counted again).
    for (const wall of ['10:21', '10:30', '10:39']) {
      await at(`2026-11-26 ${wall}`);
      await warmer.step();
    }
    await at('2026-11-26 10:41');
    const { body, way } = await read();
    expect(way).toBe('kept');
    expect(body).toEqual(await counted());
  });

  it('looks every few seconds, and counts at once after what only a whole count answers (not after a village’s write)', async () => {
    await at('2026-11-26 11:00');
    await warmer.step();
    // Nothing has happened since the step.
    expect(await warmer.look()).toBe(false);
    // A village's write: a reader derives it from what is kept (the village counted again), no whole count.
    await problem(t, admin, '张东村', '2026-12-30');
    expect(await warmer.look()).toBe(false);
    expect((await read()).way).toBe('derived');

    // An inspection round started is not one organization's change (and moves no generation: the look reads the
    // events chained since). Without a look, the next reader counts everything.
    const standard = await makePublishedStandard(t);
    const zhangdong = await t.orgId('张东村');
    await warmer.look();
    expect((await read()).way).toBe('kept');
    const startRound = async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/inspection-rounds',
        headers: admin,
        payload: {
          name: '冬季排查',
          standardVersionId: standard.versionId,
          periodStart: '2026-11-26',
          periodEnd: '2026-12-10',
          organizationIds: [zhangdong],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await startRound();
    expect((await read()).way).toBe('counted');
    // With a look in between, the warmer has counted (on the worker thread) before the reader comes.
    await startRound();
    const { seen } = await watchStatements(async () => expect(await warmer.look()).toBe(true));
    if (t.db.kind === 'sqlite') expect(seen.filter((q) => /\bfrom "?problems"?\b/.test(q))).toEqual([]);
    let { body, way } = await read();
    expect(way).toBe('kept');
    expect(body).toEqual(await counted());

    // An organization added (its generation moves): the same.
    await makeOrg(t, admin, '张东村', 'branch', uniqueName('党支部'));
    expect(await warmer.look()).toBe(true);
    ({ body, way } = await read());
    expect(way).toBe('kept');
    expect(body).toEqual(await counted());

    // A new day (the day decides overdue), without a write that the figures read: a look counts at once too.
    await at('2026-11-27 08:00', true);
    expect(await warmer.look()).toBe(true);
    ({ body, way } = await read());
    expect(way).toBe('kept');
    expect(body).toEqual(await counted());
    expect(await warmer.look()).toBe(false);
  });

  it('takes at most one step by looking within lookGapMs (a stream of such changes does not keep the worker counting)', async () => {
    const gapped = keepLiveFiguresWarm(t.db.kysely, t.clock, {
      largeFrom: 1,
      everyMs: 3_600_000,
      lookEveryMs: 3_600_000,
      lookGapMs: 60_000,
      onError: (err) => errors.push(err),
    });
    try {
      await at('2026-11-27 09:00');
      // Before its first step a warmer has nothing to compare with.
      await makeOrg(t, admin, '张东村', 'branch', uniqueName('党支部'));
      expect(await gapped.look()).toBe(false);
      await gapped.step();
      await makeOrg(t, admin, '张东村', 'branch', uniqueName('党支部'));
      expect(await gapped.look()).toBe(true);
      await makeOrg(t, admin, '张东村', 'branch', uniqueName('党支部'));
      t.clock.current = new Date(t.clock.current.getTime() + 59_000);
      expect(await gapped.look()).toBe(false);
      t.clock.current = new Date(t.clock.current.getTime() + 2_000);
      expect(await gapped.look()).toBe(true);
    } finally {
      await gapped.stop();
    }
  });
});

describe('the warmer’s count in the live figures cache (figures.cache.ts)', () => {
  it('keeps readers from waiting for it, takes the place of older counts once done, and comes ahead of the 15-minute recount', async () => {
    const db = await createTestDb();
    try {
      const cache = new LiveFiguresCache();
      const at = (minutes: number) => new Date(Date.parse('2026-11-25T02:00:00Z') + minutes * 60_000);
      const req = (minutes: number) => ({ week: '2026-11-23', rootPath: undefined, now: at(minutes), context: 'c' });
      const result = (name: string) => new Map([[name, {} as OrgFigures]]);
      const never = () => Promise.reject(new Error('counted where it should have been kept'));
      const first = await cache.get(db.kysely, req(0), () => Promise.resolve(result('first')));
      expect(cache.lastWay).toBe('counted');

      // At 9 and 12 minutes the warmer has nothing to do (and keeps the result from idling out).
      expect(await cache.get(db.kysely, req(9), never, true)).toBe(first);
      expect(await cache.get(db.kysely, req(12), never, true)).toBe(first);
      // The height moves without an event (nothing can be derived across it). At 13 minutes, two before the recount,
      // the warmer counts: its count is held open here.
      await db.kysely
        .updateTable('audit_chain_head')
        .set((eb) => ({ seq: eb('seq', '+', 1) }))
        .where('id', '=', 1)
        .execute();
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const warming = cache.get(
        db.kysely,
        req(13),
        async () => {
          await gate;
          return result('warm');
        },
        true,
      );
      // Meanwhile a reader of the new height counts for itself rather than wait for the warmer's count (were it
      // shared, the newest result at that height would be the one still counting).
      // (Were it waiting for the warmer's count, this would not return until the test timed out.)
      expect((await cache.get(db.kysely, req(13.5), () => Promise.resolve(result('reader')))).has('reader')).toBe(true);
      open();
      expect((await warming).has('warm')).toBe(true);
      // Past the first count's 15 minutes the reader is answered from what is kept, without counting.
      await cache.get(db.kysely, req(16), never);
      expect(cache.lastWay).toBe('kept');
    } finally {
      await db.dropAll();
    }
  });

  it('stands in place of what rests on an older count, once done', async () => {
    const db = await createTestDb();
    try {
      const cache = new LiveFiguresCache();
      const req = (minutes: number) => ({
        week: '2026-11-23',
        rootPath: undefined,
        now: new Date(Date.parse('2026-11-25T02:00:00Z') + minutes * 60_000),
        context: 'c',
      });
      const result = (name: string) => new Map([[name, {} as OrgFigures]]);
      await cache.get(db.kysely, req(0), () => Promise.resolve(result('first')));
      await cache.get(db.kysely, req(9), () => Promise.reject(new Error('no')), true);
      // At 13 minutes, two before the first count's recount, the warmer counts again.
      const warm = await cache.get(db.kysely, req(13), () => Promise.resolve(result('warm')), true);
      expect(warm.has('warm')).toBe(true);
      // Kept: the warmer's (the first, counted earlier at the same height, is dropped).
      expect(await cache.get(db.kysely, req(14), () => Promise.reject(new Error('no')))).toBe(warm);
    } finally {
      await db.dropAll();
    }
  });
});
