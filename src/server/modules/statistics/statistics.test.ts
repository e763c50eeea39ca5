import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgWeekFigures, Trend, WeekFigures, WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { drive, fileReport, frozenWeeks, measure, problem, runSnapshotJob, setShanghai, snapshotRows } from './statistics.test-support.ts';

/**
 * 一周一统计 through the API on a real database (SQLite; PostgreSQL under
 * scripts/with-postgres.sh). The ledger is built step by step with the clock
 * moved between steps, so each figure below is known by hand.
 */

const W = '2026-11-16'; // Monday 16 – Sunday 22 November 2026

describe('weekly statistics: snapshot arithmetic', () => {
  let t: TestApp;
  let admin: Headers;
  let villageCount: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    // The district existed long before week W, so every village owes W's report.
    await t.db.kysely.updateTable('organizations').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    villageCount = Number(
      (
        await t.db.kysely
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', 'in', ['village', 'community'])
          .where('archived_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

    // The week before W.
    setShanghai(t, '2026-11-09 10:00');
    await problem(t, admin, '大闵村', '2026-11-05'); // A: open, overdue 17 days at Sunday 22nd
    const b = await problem(t, admin, '大闵村', '2026-12-31', 'start'); // B: rectifying at W's end
    const c = await problem(t, admin, '大闵村', '2026-12-31', 'start', 'submit'); // C: accepted then closed in W
    await problem(t, admin, '张东村', '2026-11-10', 'start'); // D: rectifying, overdue 12 days at Sunday 22nd

    // Week W.
    setShanghai(t, '2026-11-16 10:00');
    const e = await problem(t, admin, '大闵村', '2026-11-20'); // E: new, open, overdue 2 days at Sunday
    await problem(t, admin, '大闵村', '2026-12-31', 'start', 'submit', 'reject'); // F: new, sent back → rectifying
    await measure(t, admin, '大闵村', [e.id], 100);
    await measure(t, admin, '大闵村', [b.id], 50);
    setShanghai(t, '2026-11-17 15:00');
    const c2 = await drive(t, admin, c, 'accept');
    setShanghai(t, '2026-11-18 09:00');
    await drive(t, admin, c2, 'close');
    await fileReport(t, '大闵村', W, '2026-11-20T02:00:00.000Z', false); // Friday 10:00, before the 18:00 deadline
    await fileReport(t, '麻李村', W, '2026-11-21T02:00:00.000Z', true);

    // The week after W: none of this may show in W's figures.
    setShanghai(t, '2026-11-23 00:30');
    await problem(t, admin, '大闵村', '2026-12-31', 'start', 'submit', 'accept');
    await drive(t, admin, b, 'submit');
    setShanghai(t, '2026-11-27 10:00');
  });
  afterAll(() => t.close());

  const week = async (query: string, headers = admin) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/statistics/weeks?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<WeekStatistics>();
  };
  const child = (body: WeekStatistics, name: string): OrgWeekFigures => body.children.find((c) => c.organizationName === name)!;

  const expectDistrict = (f: WeekFigures) =>
    expect(f).toMatchObject({
      total: 6,
      open: 2,
      rectifying: 3,
      submitted: 0,
      accepted: 0,
      closed: 1,
      overdue: 3,
      overdueOver14: 1,
      overdueOver30: 0,
      newCount: 2,
      acceptedCount: 1,
      rejectedCount: 1,
      closedCount: 1,
      lateAcceptanceCount: 0,
      measuresTotal: 2,
      measuresDone: 1,
      reportsExpected: villageCount,
      reportsOnTime: 1,
      reportsLate: 1,
      reportsMissing: villageCount - 2,
      closureRate: 1 / 6,
    });

  it('computes a completed but not yet frozen week live, as at its Sunday', async () => {
    const body = await week(`week=${W}`);
    expect(body).toMatchObject({ week: W, weekEnd: '2026-11-22', frozen: false, trigger: null, version: 0, allowedActions: ['recompute'] });
    expect(body.organization.organizationName).toBe('渭南高新区');
    expectDistrict(body.organization.figures);
  });

  it('freezes the week with the same figures, per village, subdistrict and district (rolled up)', async () => {
    const before = await countAuditEvents(t.db, 'snapshot.frozen');
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    // The ledger's history starts in the week of 9 November: that week and W are frozen.
    expect((await frozenWeeks(t.db)).map((w) => w.week_start)).toEqual(['2026-11-09', W]);
    expect(await countAuditEvents(t.db, 'snapshot.frozen')).toBe(before + 2);

    const district = await week(`week=${W}`);
    expect(district).toMatchObject({ frozen: true, trigger: 'job', version: 1 });
    expectDistrict(district.organization.figures);
    expect(district.children.map((c) => c.organizationName).sort()).toEqual(['白杨街道', '良田街道'].sort());
    expect(child(district, '白杨街道').figures).toMatchObject({ total: 1, rectifying: 1, overdue: 1, overdueOver14: 0, newCount: 0 });

    const liangtian = await week(`week=${W}&organizationId=${await t.orgId('良田街道')}`);
    expect(liangtian.organization.figures).toMatchObject({ total: 5, open: 2, rectifying: 2, closed: 1, overdue: 2, closureRate: 0.2 });
    const damin = child(liangtian, '大闵村');
    expect(damin.reportStatus).toBe('on_time');
    expect(damin.figures).toMatchObject({
      total: 5,
      open: 2,
      rectifying: 2,
      closed: 1,
      overdue: 2,
      overdueOver14: 1,
      newCount: 2,
      acceptedCount: 1,
      rejectedCount: 1,
      closedCount: 1,
      measuresTotal: 2,
      measuresDone: 1,
      reportsExpected: 1,
      reportsOnTime: 1,
      closureRate: 0.2,
    });
    expect(child(liangtian, '麻李村').reportStatus).toBe('late');
    expect(child(liangtian, '西塬村')).toMatchObject({ reportStatus: 'missing', figures: { total: 0, closureRate: null } });

    const row = (await snapshotRows(t.db, W)).find((r) => r.organization_id === damin.organizationId)!;
    expect(JSON.parse(row.overdue_ages)).toEqual([17, 2]);
    expect(Number(row.overdue_over_30)).toBe(0);
  });

  it('the week before counts what was true then', async () => {
    const body = await week(`week=2026-11-09&organizationId=${await t.orgId('大闵村')}`);
    expect(body.frozen).toBe(true);
    // A, B, C existed; C was submitted; nobody had missed a deadline but A (due 5 Nov, Sunday 15th → 10 days).
    expect(body.organization.figures).toMatchObject({ total: 3, open: 1, rectifying: 1, submitted: 1, overdue: 1, newCount: 3 });
  });

  it('the running week is live and flagged, and the trend ends with it', async () => {
    const id = await t.orgId('大闵村');
    const current = await week(`organizationId=${id}`);
    expect(current).toMatchObject({ week: '2026-11-23', frozen: false, allowedActions: [] });
    // G (accepted) and B (submitted) moved this week.
    expect(current.organization.figures).toMatchObject({ total: 6, submitted: 1, accepted: 1, closed: 1, newCount: 1, acceptedCount: 1 });

    const res = await t.app.inject({ method: 'GET', url: `/api/statistics/trend?organizationId=${id}&weeks=3`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const trend = res.json<Trend>();
    expect(trend.points.map((p) => [p.week, p.frozen, p.figures.total])).toEqual([
      ['2026-11-09', true, 3],
      [W, true, 5],
      ['2026-11-23', false, 6],
    ]);
    const two = await t.app.inject({ method: 'GET', url: `/api/statistics/trend?organizationId=${id}&weeks=2`, headers: admin });
    expect(two.json<Trend>().points.map((p) => p.week)).toEqual([W, '2026-11-23']);
  });

  it('lists frozen weeks newest first, recomputable by the admin only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/statistics/snapshot-weeks', headers: admin });
    expect(res.json()).toMatchObject({
      lastCompletedWeek: W,
      items: [
        { weekStart: W, trigger: 'job', computedByName: null, version: 1, allowedActions: ['recompute'] },
        { weekStart: '2026-11-09', version: 1 },
      ],
    });
    const asOfficer = await t.app.inject({ method: 'GET', url: '/api/statistics/snapshot-weeks', headers: await t.login('officer') });
    expect(asOfficer.json().items[0].allowedActions).toEqual([]);
  });

  it('a village secretary sees their own village by default, and nothing outside it', async () => {
    const secretary = await t.login('secretary');
    const own = await week(`week=${W}`, secretary);
    expect(own.organization.organizationName).toBe('大闵村');
    expect(own.organization.figures.total).toBe(5);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/statistics/weeks?week=${W}&organizationId=${await t.orgId('张东村')}`,
      headers: secretary,
    });
    expect(other.statusCode).toBe(404);
  });

  it('refuses a week that is not a Monday, a future week and too long a trend with 400', async () => {
    for (const url of [
      '/api/statistics/weeks?week=2026-11-18',
      '/api/statistics/weeks?week=2026-11-31',
      '/api/statistics/weeks?week=2026-11-30',
      '/api/statistics/trend?weeks=105',
      '/api/statistics/trend?weeks=0',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: admin });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const monday = await t.app.inject({ method: 'GET', url: '/api/statistics/weeks?week=2026-11-18', headers: admin });
    expect(monday.json().error.message).toContain('星期一');
    const future = await t.app.inject({ method: 'GET', url: '/api/statistics/weeks?week=2026-11-30', headers: admin });
    expect(future.json().error.message).toContain('未来');
  });
});

describe('weekly statistics: recompute by an admin', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    setShanghai(t, '2026-11-16 10:00');
    await problem(t, admin, '大闵村', '2026-12-31');
    setShanghai(t, '2026-11-24 10:00');
    await runSnapshotJob(t.db, t.clock.now());
  });
  afterAll(() => t.close());

  const recompute = (week: string, version: number, headers = admin) =>
    t.app.inject({ method: 'POST', url: `/api/statistics/weeks/${week}/recompute`, headers, payload: { version } });
  const damin = async () => {
    const id = await t.orgId('大闵村');
    return (await snapshotRows(t.db, W)).find((r) => r.organization_id === id)!;
  };

  it('recomputes after a late correction: rows change, version bumps, one audit event', async () => {
    expect(Number((await damin()).total)).toBe(1);
    // The frozen week no longer matches the ledger (here: a problem whose history is dated inside W,
    // recorded with the clock moved back), which is what a recompute is for.
    setShanghai(t, '2026-11-18 10:00');
    await problem(t, admin, '大闵村', '2026-12-31');
    setShanghai(t, '2026-11-24 11:00');

    const before = await countAuditEvents(t.db, 'snapshot.frozen');
    const res = await recompute(W, 1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ weekStart: W, trigger: 'recompute', version: 2, computedByName: expect.any(String) });
    expect(await countAuditEvents(t.db, 'snapshot.frozen')).toBe(before + 1);
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'snapshot.frozen')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ entity_type: 'snapshot', entity_id: W, actor_id: await t.userId('admin') });
    expect(JSON.parse(event.data)).toMatchObject({ weekStart: W, trigger: 'recompute' });
    const row = await damin();
    expect(Number(row.total)).toBe(2);
    expect(Number(row.new_count)).toBe(2);
    expect(row.computed_at).toBe('2026-11-24T03:00:00.000Z');
    // Still exactly one row per organization.
    const rows = await snapshotRows(t.db, W);
    expect(new Set(rows.map((r) => r.organization_id)).size).toBe(rows.length);

    const body = (await t.app.inject({ method: 'GET', url: `/api/statistics/weeks?week=${W}`, headers: admin })).json();
    expect(body).toMatchObject({ frozen: true, trigger: 'recompute', version: 2 });
  });

  it('a stale version answers 409 and changes nothing', async () => {
    const before = await countAuditEvents(t.db);
    const res = await recompute(W, 1);
    expect(res.statusCode).toBe(409);
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await frozenWeeks(t.db)).find((w) => w.week_start === W)!.version).toBe(2);
  });

  it('an officer gets 403 and nothing is written', async () => {
    const officer = await t.login('officer');
    const before = await countAuditEvents(t.db);
    const res = await recompute(W, 2, officer);
    expect(res.statusCode).toBe(403);
    expect(await countAuditEvents(t.db)).toBe(before);
  });

  it('version 0 freezes a week never frozen; the running week cannot be frozen', async () => {
    const res = await recompute('2026-11-02', 0);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ weekStart: '2026-11-02', version: 1, trigger: 'recompute' });
    expect((await recompute('2026-11-02', 0)).statusCode).toBe(409);
    const running = await recompute('2026-11-23', 0);
    expect(running.statusCode).toBe(400);
    expect((await recompute('2026-11-25', 0)).statusCode).toBe(400);
  });
});
