import { rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgWeekFigures, Trend, WeekFigures, WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { buildApp, type AppInstance } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import type { Headers } from '../../testing/factories.ts';
import type { MadeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, createTestDb, TEST_ORIGIN, testConfig, type TestApp } from '../../testing/test-app.ts';
import { DEMO_PASSWORD } from '../../demo/demo-data.ts';
import { drive, fileReport, measure, problem, setShanghai } from './statistics.test-support.ts';
import { liveFiguresCache } from './statistics.service.ts';
import { LiveFiguresCache } from './figures.cache.ts';

/**
 * The running week's figures are reused between requests (figures.cache.ts), so these tests read them again right
 * after each kind of change, in the same minute, and expect the change to show; and count the statements that
 * read the ledger to show what is reused and what is counted again. SQLite; PostgreSQL under scripts/with-postgres.sh.
 */

const WEEK = '2026-11-23'; // Monday 23 – Sunday 29 November 2026

describe('weekly statistics: live figures reused while the record is unchanged, derived after a change', () => {
  let t: TestApp;
  let admin: Headers;
  /** A second app on the same database whose statements are recorded (SQL text), to see what each request reads. */
  let counted: AppInstance;
  let countedDataDir: string;
  let countedAdmin: Headers;
  const statements: string[] = [];
  let a: MadeProblem;
  let b: MadeProblem;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    await t.db.kysely.updateTable('organizations').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    setShanghai(t, '2026-11-24 10:00');
    a = await problem(t, admin, '大闵村', '2026-11-24'); // due today: overdue from tomorrow
    b = await problem(t, admin, '张东村', '2026-12-31');

    const kysely: Kysely<Database> = t.db.kysely.withPlugin({
      transformQuery(args) {
        statements.push(t.db.kysely.getExecutor().compileQuery(args.node, args.queryId).sql);
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const config = testConfig();
    countedDataDir = config.dataDir;
    counted = await buildApp({ db: { ...t.db, kysely }, config, clock: t.clock, logger: false });
    await counted.ready();
  });
  afterAll(async () => {
    await counted.close();
    rmSync(countedDataDir, { recursive: true, force: true });
    await t.close();
  });

  /** Moves the clock (days, at times) and signs in again on both apps. */
  const at = async (wall: string) => {
    setShanghai(t, wall);
    admin = await t.login('admin');
    const res = await counted.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: TEST_ORIGIN },
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    countedAdmin = { cookie: `tz_session=${res.cookies.find((c) => c.name === 'tz_session')!.value}`, origin: TEST_ORIGIN };
  };
  const get = async <T>(url: string, app = t.app, headers = admin): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const week = async (org?: string) => get<WeekStatistics>(`/api/statistics/weeks${org ? `?organizationId=${await t.orgId(org)}` : ''}`);
  const live = async (org: string): Promise<WeekFigures> => {
    const trend = await get<Trend>(`/api/statistics/trend?organizationId=${await t.orgId(org)}&weeks=1`);
    expect(trend.points).toHaveLength(1);
    expect(trend.points[0]).toMatchObject({ week: WEEK, frozen: false });
    return trend.points[0]!.figures;
  };
  const child = (body: WeekStatistics, name: string): OrgWeekFigures => body.children.find((c) => c.organizationName === name)!;
  /** What the statements of `run` were that read the problem ledger (the figures' counts). */
  const ledgerReads = async (run: () => Promise<unknown>): Promise<number> => {
    statements.length = 0;
    await run();
    return statements.filter((s) => /\bproblems\b/.test(s)).length;
  };
  const countedGet = (url: string) => get(url, counted, countedAdmin);

  it('shows a new problem, a transition and a measure in the very next reading, the same minute', async () => {
    await at('2026-11-24 10:05');
    expect((await week()).organization.figures).toMatchObject({ total: 2, open: 2, rectifying: 0, newCount: 2, measuresTotal: 0 });
    expect(await live('大闵村')).toMatchObject({ total: 1, open: 1, newCount: 1, measuresTotal: 0 });

    await problem(t, admin, '大闵村', '2026-12-31');
    b = await drive(t, admin, b, 'start');
    await measure(t, admin, '大闵村', [a.id], 100);

    expect((await week()).organization.figures).toMatchObject({
      total: 3,
      open: 2,
      rectifying: 1,
      newCount: 3,
      measuresTotal: 1,
      measuresDone: 1,
    });
    expect(await live('大闵村')).toMatchObject({ total: 2, open: 2, newCount: 2, measuresTotal: 1, measuresDone: 1 });
    expect(await live('张东村')).toMatchObject({ total: 1, open: 0, rectifying: 1 });
  });

  it('moves with the clock when nothing is recorded: a deadline passes overnight', async () => {
    await at('2026-11-24 23:59');
    expect((await week()).organization.figures).toMatchObject({ overdue: 0 });
    expect(await live('大闵村')).toMatchObject({ overdue: 0 });
    setShanghai(t, '2026-11-25 00:00');
    expect((await week()).organization.figures).toMatchObject({ overdue: 1 });
    expect(await live('大闵村')).toMatchObject({ overdue: 1 });
  });

  it('shows a change recorded by another process (the audit chain moved, not this process)', async () => {
    await at('2026-11-28 10:00'); // Saturday: the week's reports were due on Friday 18:00
    const before = await week('良田街道');
    expect(child(before, '大闵村').reportStatus).toBe('missing');
    // Another instance files the report: its row, and its audit event's move of the chain's height.
    await fileReport(t, '大闵村', WEEK, '2026-11-27T02:00:00.000Z', false);
    await t.db.kysely
      .updateTable('audit_chain_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .execute();
    const after = await week('良田街道');
    expect(child(after, '大闵村').reportStatus).toBe('on_time');
    expect(after.organization.figures.reportsOnTime).toBe(before.organization.figures.reportsOnTime + 1);
  });

  it('counts a village, a subdistrict and the district alike, whichever is computed first', async () => {
    await at('2026-11-28 10:30');
    await problem(t, admin, '大闵村', '2026-11-20', 'start', 'submit', 'accept');
    // Each reading computes its own subtree: nothing is cached for this record yet, and none encloses the next.
    const village = await live('大闵村');
    const subdistrict = await week('良田街道');
    const district = await week();
    expect(child(subdistrict, '大闵村').figures).toEqual(village);
    expect(child(district, '良田街道').figures).toEqual(subdistrict.organization.figures);
    expect(village).toMatchObject({ total: 3, accepted: 1, acceptedCount: 1, lateAcceptanceCount: 1, reportsOnTime: 1 });
  });

  it('reads the ledger once for the same record and minute, for any subtree of what it computed; again after a change', async () => {
    await at('2026-11-28 11:00');
    await problem(t, admin, '张东村', '2026-12-31');
    const first = await ledgerReads(() => countedGet('/api/statistics/weeks'));
    expect(first).toBeGreaterThan(0);
    expect(await ledgerReads(() => countedGet('/api/statistics/weeks'))).toBe(0);
    expect(await ledgerReads(() => countedGet('/api/statistics/trend'))).toBe(0);
    expect(await ledgerReads(async () => countedGet(`/api/statistics/weeks?organizationId=${await t.orgId('良田街道')}`))).toBe(0);
    expect(await ledgerReads(async () => countedGet(`/api/statistics/trend?organizationId=${await t.orgId('大闵村')}`))).toBe(0);

    // A change: only the village's subtree counted again (figures.derive.test.ts), once for readers asking at the
    // same time, and the same statements for any later change of one village.
    await problem(t, admin, '张东村', '2026-12-31');
    const derived = await ledgerReads(() => Promise.all([countedGet('/api/statistics/weeks'), countedGet('/api/statistics/trend')]));
    expect(derived).toBeGreaterThan(0);
    expect(derived).toBeLessThan(2 * first);
    await problem(t, admin, '大闵村', '2026-12-31');
    expect(await ledgerReads(() => countedGet('/api/statistics/weeks'))).toBe(derived);
    expect(liveFiguresCache.lastWay).toBe('derived');
    // The next minute, nothing recorded: nothing read again.
    setShanghai(t, '2026-11-28 11:01');
    expect(await ledgerReads(() => countedGet('/api/statistics/trend'))).toBe(0);
    // A change that is not one village's (a village renamed): everything counted again.
    const zd = await t.orgId('张东村');
    const org = await t.db.kysely.selectFrom('organizations').select('version').where('id', '=', zd).executeTakeFirstOrThrow();
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${zd}`,
      headers: admin,
      payload: { version: org.version, name: '张东村（改名）' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await ledgerReads(() => countedGet('/api/statistics/weeks'))).toBe(first);
    expect(liveFiguresCache.lastWay).toBe('counted');
  });
});

describe('live figures of many trees', () => {
  it('keeps each root’s results apart: the readers of 31 provinces, each twice, count each province once', async () => {
    const db = await createTestDb();
    try {
      const cache = new LiveFiguresCache();
      let counted = 0;
      const compute = async () => {
        counted++;
        return new Map();
      };
      const now = new Date('2026-11-25T02:00:00Z');
      const read = (rootPath: string) => cache.get(db.kysely, { week: WEEK, rootPath, now, context: 'c' }, compute);
      for (let round = 0; round < 2; round++) for (let i = 0; i < 31; i++) await read(`/p${i}/`);
      expect(counted).toBe(31);
      // Within one root's tree the oldest of more than eight scopes goes (a kept root would answer for them all).
      for (let j = 0; j < 9; j++) await read(`/q/s${j}/`);
      expect(counted).toBe(40);
      await read('/p1/');
      await read('/q/s8/');
      expect(counted).toBe(40);
      await read('/q/s0/');
      expect(counted).toBe(41);
    } finally {
      await db.dropAll();
    }
  });
});
