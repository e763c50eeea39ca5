import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardOverview, VillageDashboard } from '../../../domain/contracts/dashboard.ts';
import type { RagTable } from '../../../domain/contracts/rankings.ts';
import { newId } from '../../db/ids.ts';
import { loginAs, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makeProblem, problemIn } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// The test clock starts at 2026-11-27T02:00Z: Friday 27 Nov, 10:00 in Shanghai; the week began Monday 2026-11-23.
const THIS_WEEK = '2026-11-23';
const MINUTE = 60_000;

async function get<T>(t: TestApp, headers: Headers, url: string, status = 200): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

describe('district overview on the demo ledger', () => {
  let t: TestApp;
  let admin: Headers;
  let liangtian: Headers;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoLedger: true });
    admin = await t.login('admin');
    liangtian = await t.login('liangtian');
  });
  afterAll(async () => t?.close());

  it('counts problems by status exactly as the ledger does', async () => {
    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    expect(o.organization.name).toBe('渭南高新区');
    const ledger = (await get<{ counts: Record<string, number> }>(t, admin, '/api/problems?pageSize=1')).counts;
    expect(ledger.total).toBeGreaterThan(0);
    for (const key of ['total', 'open', 'rectifying', 'submitted', 'accepted', 'closed', 'overdue'] as const) {
      expect(o.statusCounts[key], key).toBe(ledger[key]);
    }
    const soon = await get<{ total: number }>(t, admin, '/api/problems?dueSoon=1&pageSize=1');
    expect(o.statusCounts.dueSoon).toBe(soon.total);
    expect(o.closureRate).toBeCloseTo(ledger.closed! / ledger.total!, 10);
  });

  it('splits the district into its subdistricts, whose figures add up to the district and match their own ledgers', async () => {
    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    expect(o.children.map((c) => c.name).sort()).toEqual(['白杨街道', '良田街道'].sort());
    const rootOwn = await t.db.kysely
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', o.organization.id)
      .executeTakeFirstOrThrow();
    const sum = (key: 'total' | 'open' | 'closed' | 'overdue') => o.children.reduce((n, c) => n + c[key], 0);
    expect(sum('total') + Number(rootOwn.n)).toBe(o.statusCounts.total);
    if (Number(rootOwn.n) === 0) {
      expect(sum('open')).toBe(o.statusCounts.open);
      expect(sum('closed')).toBe(o.statusCounts.closed);
      expect(sum('overdue')).toBe(o.statusCounts.overdue);
    }
    for (const child of o.children) {
      const ledger = (await get<{ counts: Record<string, number> }>(t, admin, `/api/problems?pageSize=1&organizationId=${child.id}`))
        .counts;
      expect(child.total, child.name).toBe(ledger.total);
      expect(child.overdue, child.name).toBe(ledger.overdue);
      expect(['red', 'amber', 'green']).toContain(child.rag.colour);
      expect(child.rag.reasons.length).toBeGreaterThan(0);
    }
  });

  it('lists every village in a RAG table, red first, with reasons in words', async () => {
    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    const villages = await t.db.kysely
      .selectFrom('organizations')
      .select('name')
      .where('kind', 'in', ['village', 'community'])
      .where('archived_at', 'is', null)
      .execute();
    expect(o.ragVillages.map((v) => v.name).sort()).toEqual(villages.map((v) => v.name).sort());
    const order = o.ragVillages.map((v) => ['red', 'amber', 'green'].indexOf(v.colour));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const daMin = o.ragVillages.find((v) => v.name === '大闵村')!;
    expect(daMin.subdistrictName).toBe('良田街道');
    expect(daMin.reasons[0]!.zh).toMatch(/[\u4e00-\u9fa5]/);
    expect(daMin.reasons[0]!.en).toMatch(/[a-z]/);
    // Within a colour, the most overdue first.
    for (let i = 1; i < o.ragVillages.length; i++) {
      const [a, b] = [o.ragVillages[i - 1]!, o.ragVillages[i]!];
      if (a.colour === b.colour) expect(a.overdue).toBeGreaterThanOrEqual(b.overdue);
    }
    // The tally and the total count every village, listed or not; a district's figures are assessed now.
    expect(o.ragVillagesTotal).toBe(villages.length);
    const tally = { red: 0, amber: 0, green: 0 };
    for (const v of o.ragVillages) tally[v.colour]++;
    expect(o.ragTally).toEqual(tally);
    expect(o.assessedAt).toBe(o.asOf);
  });

  it('orders the longest-overdue problems first, at most 10', async () => {
    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    expect(o.topOverdue.length).toBe(Math.min(10, o.statusCounts.overdue));
    const days = o.topOverdue.map((p) => p.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    for (const p of o.topOverdue) expect(p.daysOverdue).toBeGreaterThan(0);
  });

  it('shows a subdistrict officer only their subdistrict, and hides the other one', async () => {
    const o = await get<DashboardOverview>(t, liangtian, '/api/dashboard/overview');
    expect(o.organization.name).toBe('良田街道');
    expect(o.ragVillages.length).toBeGreaterThan(0);
    for (const v of o.ragVillages) expect(v.subdistrictName).toBe('良田街道');
    expect(o.ragVillages.map((v) => v.name)).not.toContain('张东村');
    const ledger = (await get<{ counts: Record<string, number> }>(t, liangtian, '/api/problems?pageSize=1')).counts;
    expect(o.statusCounts.total).toBe(ledger.total);

    const baiyang = await t.orgId('白杨街道');
    const res = await t.app.inject({ method: 'GET', url: `/api/dashboard/overview?organizationId=${baiyang}`, headers: liangtian });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');

    // The district admin may drill into a subdistrict: same figures as the subdistrict officer sees.
    const drilled = await get<DashboardOverview>(t, admin, `/api/dashboard/overview?organizationId=${o.organization.id}`);
    expect(drilled.statusCounts).toEqual(o.statusCounts);
  });

  it("opens a liaison member's overview on the village of most concern, the first of 我的包联村; one asked for stays", async () => {
    const liaison = await t.login('liaison');
    const rag = await get<RagTable>(t, liaison, '/api/rag?period=week');
    const rank = { red: 0, amber: 1, green: 2 } as const;
    // As the 我的包联村 card orders them (src/web/pages/dashboard/MyVillagesCard.tsx).
    const villages = rag.groups
      .flatMap((g) => g.villages)
      .sort(
        (a, b) =>
          rank[a.rag.colour] - rank[b.rag.colour] || b.overdue - a.overdue || a.organizationName.localeCompare(b.organizationName, 'zh-CN'),
      );
    expect(villages.map((v) => v.organizationName).sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    const worst = villages[0]!;
    // The demo makes this a choice: the group's first village (大闵村, scope order) is not the one of most concern.
    expect(worst.organizationName).not.toBe('大闵村');
    const o = await get<DashboardOverview>(t, liaison, '/api/dashboard/overview');
    expect(o.organization).toMatchObject({ id: worst.organizationId, name: worst.organizationName });
    expect(o.statusCounts.overdue).toBe(worst.overdue);

    const asked = villages.at(-1)!;
    const chosen = await get<DashboardOverview>(t, liaison, `/api/dashboard/overview?organizationId=${asked.organizationId}`);
    expect(chosen.organization.id).toBe(asked.organizationId);
    // A reader of one root keeps that root; a scope that also holds a 街道 keeps its first root (the 街道).
    expect((await get<DashboardOverview>(t, liangtian, '/api/dashboard/overview')).organization.name).toBe('良田街道');
    const mixed = await makeUser(t, admin, [
      { role: 'viewer', org: '白杨街道' },
      { role: 'village_secretary', org: '大闵村' },
      { role: 'village_secretary', org: '麻李村' },
    ]);
    const mixedHeaders = await loginAs(t, mixed.username, TEST_PASSWORD);
    expect((await get<DashboardOverview>(t, mixedHeaders, '/api/dashboard/overview')).organization.name).toBe('白杨街道');
  });

  it('refuses a malformed organization id with 400, not 500', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/dashboard/overview?organizationId=abc', headers: admin });
    expect(res.statusCode).toBe(400);
  });
});

describe('dashboards on hand-made problems', () => {
  let t: TestApp;
  let admin: Headers;
  let secretary: Headers;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    secretary = await t.login('secretary');
  });
  afterAll(async () => t?.close());

  it('puts a hand-made overdue problem in the top overdue list with its days overdue', async () => {
    const p = await makeProblem(t, admin, '大闵村', { description: '党员活动室长期闲置', dueOn: '2026-11-10', ownerName: '王*' });
    // The live figures count what existed strictly before "now": let a minute pass, as it would between clicks.
    t.clock.advance(MINUTE);
    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    const row = o.topOverdue.find((x) => x.id === p.id);
    expect(row).toMatchObject({ organizationName: '大闵村', description: '党员活动室长期闲置', dueOn: '2026-11-10', daysOverdue: 17 });
    expect(o.statusCounts.overdue).toBe(1);
    const daMin = o.ragVillages.find((v) => v.name === '大闵村')!;
    expect(daMin.colour).toBe('red');
    expect(daMin.reasons.map((r) => r.zh).join('；')).toContain('逾期超过 14 天');
    const liangtian = o.children.find((c) => c.name === '良田街道')!;
    expect(liangtian).toMatchObject({ total: 1, open: 1, overdue: 1, rag: { colour: 'red' } });
    expect(o.children.find((c) => c.name === '白杨街道')).toMatchObject({ total: 0, overdue: 0 });
  });

  it('draws the trend from frozen weeks and the live running week', async () => {
    const district = await t.orgId('渭南高新区');
    const frozenWeek = '2026-11-16';
    const at = '2026-11-23T01:00:00.000Z';
    await t.db.kysely
      .insertInto('snapshot_weeks')
      .values({ week_start: frozenWeek, computed_at: at, computed_by: null, trigger: 'job', version: 1 })
      .execute();
    const org = await t.db.kysely.selectFrom('organizations').select(['path', 'kind']).where('id', '=', district).executeTakeFirstOrThrow();
    const zero = { open: 0, rectifying: 0, submitted: 0, accepted: 0, overdue_over_14: 0, overdue_over_30: 0, accepted_count: 0 };
    await t.db.kysely
      .insertInto('weekly_snapshots')
      .values({
        ...zero,
        id: newId(),
        week_start: frozenWeek,
        organization_id: district,
        org_path: org.path,
        org_kind: org.kind,
        total: 42,
        closed: 7,
        overdue: 3,
        overdue_ages: '[20,5,1]',
        new_count: 4,
        rejected_count: 0,
        closed_count: 2,
        late_acceptance_count: 0,
        measures_total: 0,
        measures_done: 0,
        reports_expected: 0,
        reports_on_time: 0,
        reports_late: 0,
        reports_missing: 0,
        report_status: null,
        computed_at: at,
      })
      .execute();
    await problemIn(t, admin, '张东村', 'closed');
    t.clock.advance(MINUTE);

    const o = await get<DashboardOverview>(t, admin, '/api/dashboard/overview');
    expect(o.trend).toHaveLength(12);
    expect(o.trend[0]!.week).toBe('2026-09-07');
    // Frozen before the standing was counted (units_scored 0): no share, not 0 %.
    expect(o.trend[10]).toEqual({
      week: frozenWeek,
      total: 42,
      closed: 7,
      overdue: 3,
      closedCount: 2,
      newCount: 4,
      frozen: true,
      standardShare: null,
      attained: null,
    });
    expect(o.trend[9]).toMatchObject({ week: '2026-11-09', total: null, frozen: false });
    const live = o.trend[11]!;
    expect(live).toMatchObject({ week: THIS_WEEK, frozen: false, total: o.statusCounts.total, closed: 1, closedCount: 1 });
    expect(live.newCount).toBe(o.statusCounts.total);
    // A subdistrict has no frozen row for that week: its trend shows a gap there, not the district's figures.
    const sub = await get<DashboardOverview>(t, admin, `/api/dashboard/overview?organizationId=${await t.orgId('白杨街道')}`);
    expect(sub.trend[10]).toMatchObject({ total: null, frozen: false });
    expect(sub.trend[11]).toMatchObject({ total: 1, closed: 1 });
  });

  it('gives the secretary 大闵村: due-soon problems with days left, actionable problems overdue first', async () => {
    const soon = await makeProblem(t, admin, '大闵村', { description: '制度未上墙', dueOn: '2026-11-30' });
    const today = await makeProblem(t, admin, '大闵村', { description: '标牌缺失', dueOn: '2026-11-27' });
    const later = await makeProblem(t, admin, '大闵村', { description: '台账不全', dueOn: '2026-12-20' });
    await problemIn(t, admin, '大闵村', 'submitted');
    await makeProblem(t, admin, '张东村', { description: '别村的问题', dueOn: '2026-11-28' });
    t.clock.advance(MINUTE);

    const v = await get<VillageDashboard>(t, secretary, '/api/dashboard/village');
    expect(v.organization.name).toBe('大闵村');
    expect(v.dueSoon.map((p) => [p.id, p.daysLeft])).toEqual([
      [today.id, 0],
      [soon.id, 3],
    ]);
    const mine = v.myProblems.map((p) => p.description);
    expect(mine[0]).toBe('党员活动室长期闲置');
    expect(v.myProblems[0]).toMatchObject({ overdue: true, daysOverdue: 17, daysLeft: null });
    // Each problem once: the two due soon are on their own card, not again here.
    expect(mine).toEqual(['党员活动室长期闲置', '台账不全']);
    expect(v.myProblems.find((p) => p.id === later.id)!.daysLeft).toBe(23);
    expect(v.counts).toMatchObject({ total: 5, open: 4, submitted: 1, overdue: 1, dueSoon: 2 });
    expect(v.rag.colour).toBe('red');
    expect(v.rag.reasons[0]!.zh).toContain('逾期超过 14 天');
  });

  it("shows this week's report: not started, then filed once a report is submitted", async () => {
    const before = await get<VillageDashboard>(t, secretary, '/api/dashboard/village');
    // Due Friday 18:00 Shanghai = 10:00Z; it is 10:00 Shanghai, so not late yet.
    expect(before.thisWeekReport).toEqual({
      week: THIS_WEEK,
      dueAt: '2026-11-27T10:00:00.000Z',
      status: 'not_started',
      late: false,
      reportId: null,
    });

    const village = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'path'])
      .where('name', '=', '大闵村')
      .executeTakeFirstOrThrow();
    const id = newId();
    const at = '2026-11-27T01:30:00.000Z';
    await t.db.kysely
      .insertInto('weekly_reports')
      .values({
        id,
        week_start: THIS_WEEK,
        unit_type: 'organization',
        unit_id: village.id,
        organization_id: village.id,
        liaison_group_id: null,
        org_path: village.path,
        status: 'submitted',
        figures: '{}',
        progress: '本周完成制度上墙',
        difficulties: '无',
        next_plan: '继续整改',
        due_at: '2026-11-27T10:00:00.000Z',
        submitted_at: at,
        submitted_by: await t.userId('secretary'),
        is_late: 0,
        created_by: await t.userId('secretary'),
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const after = await get<VillageDashboard>(t, secretary, '/api/dashboard/village');
    expect(after.thisWeekReport).toMatchObject({ status: 'submitted', late: false, reportId: id });

    // Another village has filed nothing; past the deadline its report shows as late.
    t.clock.advance(9 * 60 * MINUTE);
    admin = await t.login('admin');
    secretary = await t.login('secretary');
    const zhangdong = await get<VillageDashboard>(t, await t.login('zhangdong'), '/api/dashboard/village');
    expect(zhangdong.organization.name).toBe('张东村');
    expect(zhangdong.thisWeekReport).toMatchObject({ status: 'not_started', late: true, reportId: null });
    const stillFiled = await get<VillageDashboard>(t, secretary, '/api/dashboard/village');
    expect(stillFiled.thisWeekReport).toMatchObject({ status: 'submitted', late: false });
  });

  it('keeps village dashboards inside the reader’s scope and for villages only', async () => {
    const zhangdong = await t.orgId('张东村');
    const res = await t.app.inject({ method: 'GET', url: `/api/dashboard/village?organizationId=${zhangdong}`, headers: secretary });
    expect(res.statusCode).toBe(404);
    const sub = await t.orgId('良田街道');
    const wrongKind = await t.app.inject({ method: 'GET', url: `/api/dashboard/village?organizationId=${sub}`, headers: admin });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.code).toBe('VALIDATION_FAILED');
    // A district officer may open any village's dashboard.
    const v = await get<VillageDashboard>(t, await t.login('officer'), `/api/dashboard/village?organizationId=${zhangdong}`);
    expect(v.organization.name).toBe('张东村');
  });
});
