import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import type { InterviewCandidates } from '../../../domain/contracts/interviews.ts';
import type { RagTable } from '../../../domain/contracts/rankings.ts';
import type { VenueBoard } from '../../../domain/contracts/venues.ts';
import type { WeeklyReportDetail } from '../../../domain/contracts/weekly-reports.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { problem, runSnapshotJob, setShanghai } from '../statistics/statistics.test-support.ts';
import { driveTo, makeVenue, NEW_FIGURES, step } from './venues.test-support.ts';

/** The weekly and monthly rhythm carries the campaign: snapshot, weekly report, circular, interviews, RAG. */

describe('the weekly snapshot freezes venues left across a week boundary in Shanghai time, whatever the server zone', () => {
  const originalTz = process.env.TZ;
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    process.env.TZ = 'America/Los_Angeles';
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });
  afterEach(() => expect(new Date('2026-11-22T16:00:00Z').getTimezoneOffset()).toBe(480));

  it('an acceptance at Sunday 23:59 leaves the list in that week; one at Monday 00:01 only in the next', async () => {
    setShanghai(t, '2026-11-09 10:00');
    await problem(t, admin, '麻李村', '2026-12-31', 'start'); // the ledger's history starts here, so these weeks get frozen
    const a = await makeVenue(t, admin, '大闵村');
    const b = await makeVenue(t, admin, '上庄村');
    setShanghai(t, '2026-11-18 10:00');
    const pa = await driveTo(t, admin, a.id, 'completed');
    const pb = await driveTo(t, admin, b.id, 'completed');
    t.clock.current = new Date('2026-11-22T15:59:00.000Z'); // Sunday 22 November 23:59 Shanghai; Sunday morning in Los Angeles
    expect((await step(t, admin, pa, 'accept', { figures: NEW_FIGURES })).statusCode).toBe(200);
    t.clock.current = new Date('2026-11-22T16:01:00.000Z'); // Monday 23 November 00:01 Shanghai; still Sunday in Los Angeles
    expect((await step(t, admin, pb, 'accept', { figures: NEW_FIGURES })).statusCode).toBe(200);

    setShanghai(t, '2026-12-01 09:00');
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    const rows = async (week: string) =>
      new Map(
        (await t.db.kysely.selectFrom('venue_snapshots').selectAll().where('week_start', '=', week).execute()).map((r) => [r.venue_id, r]),
      );
    const w1 = await rows('2026-11-16');
    const w2 = await rows('2026-11-23');
    expect([Number(w1.get(a.id)!.on_list), Number(w1.get(b.id)!.on_list)]).toEqual([0, 1]);
    expect(w1.get(b.id)).toMatchObject({ project_status: 'completed', progress: 100 });
    expect([Number(w2.get(a.id)!.on_list), Number(w2.get(b.id)!.on_list)]).toEqual([0, 0]);
    // The week before the venues were registered holds no row for them.
    expect((await rows('2026-11-02')).has(a.id)).toBe(false);

    // The burn-down reads the frozen weeks.
    const res = await t.app.inject({ method: 'GET', url: '/api/venues/board', headers: await t.login('admin') });
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json<VenueBoard>();
    expect(board.burnDown.find((p) => p.week === '2026-11-16')).toMatchObject({ left: 1, frozen: true });
    expect(board.burnDown.find((p) => p.week === '2026-11-23')).toMatchObject({ left: 0, frozen: true });
  });
});

describe('the rhythm: weekly report, RAG, interviews, circular', () => {
  let t: TestApp;
  let admin: Headers;
  let officer: Headers;
  let secretary: Headers;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    officer = await t.login('officer');
    secretary = await t.login('secretary');
    setShanghai(t, '2026-10-20 10:00');
    // 张东村: works begun, deadline 10 November, not moved since October → overdue and stalled.
    await driveTo(t, admin, (await makeVenue(t, admin, '张东村')).id, 'in_works', { deadline: '2026-11-10' });
    setShanghai(t, '2026-11-02 10:00');
    // 大闵村: drafted, then cleared on 20 November.
    const damin = await makeVenue(t, admin, '大闵村');
    setShanghai(t, '2026-11-20 10:00');
    await driveTo(t, admin, damin.id, 'accepted');
    setShanghai(t, '2026-11-27 10:00');
  });
  afterAll(() => t.close());

  it('shows the village’s venue project figures on its weekly report', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/weekly-reports',
      headers: secretary,
      payload: { week: '2026-11-23', unitType: 'organization', unitId: await t.orgId('大闵村') },
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json<WeeklyReportDetail>();
    expect(report.venues).toMatchObject({ venues: 1, onList: 0, projects: [{ status: 'accepted', kind: 'expansion', progress: 100 }] });
  });

  it('makes a village with a venue project overdue more than 14 days red, with the reason in words', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/rag?period=week&organizationId=${await t.orgId('白杨街道')}`,
      headers: officer,
    });
    expect(res.statusCode, res.body).toBe(200);
    const table = res.json<RagTable>();
    const zhangdong = table.groups.flatMap((g) => g.villages).find((v) => v.organizationName === '张东村')!;
    expect(zhangdong.rag.colour).toBe('red');
    expect(zhangdong.rag.reasonsZh).toEqual(['1 个活动场所项目逾期超过 14 天']);
    // The subdistrict is judged by its villages' projects too.
    expect(table.organization?.rag.colour).toBe('red');
  });

  it('names villages whose venue project is overdue or has not moved for weeks as interview candidates', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/interviews/candidates?month=2026-11', headers: officer });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<InterviewCandidates>();
    const zhangdong = body.items.find((c) => c.organizationName === '张东村')!;
    expect(zhangdong.reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        { code: 'venue_overdue', count: 1, days: 17 },
        { code: 'venue_stalled', count: 1, weeks: 3 },
      ]),
    );
    expect(body.rulesZh).toContain('活动场所项目逾期');
    expect(body.items.map((c) => c.kind)).not.toContain('subdistrict');
  });

  it('gives the circular a venue section naming the cleared, the overdue and the stalled', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/circulars',
      headers: officer,
      payload: { month: '2026-11', confirmRunningMonth: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<CircularDetail>();
    expect(c.annex.venues).toMatchObject({ baseline: 2, left: 1, cleared: ['大闵村'], clearedThisMonth: ['大闵村'] });
    const text = c.sections.find((s) => s.key === 'venues')!.text;
    expect(text).toContain('已清零1个（大闵村）');
    expect(text).toContain('本月大闵村完成整改并通过验收');
    expect(text).toContain(`张东村（逾期17天）`);
    expect(text).toContain('进展停滞的1个：张东村');
  });
});
