import { afterEach, describe, expect, it } from 'vitest';
import { type Headers, makeOrg } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai; the demo district (2 subdistricts of 8 villages) is founded then.
let t: TestApp;
afterEach(() => t?.close());

/** Reads a second later (the figures count what existed strictly before "now"). */
async function get(headers: Headers, url: string) {
  t.clock.advance(1000);
  return t.app.inject({ method: 'GET', url, headers });
}

type Row = { organizationName: string; kind: string; rag: { colour: 'red' | 'amber' | 'green' } };
type Group = { subdistrict: Row | null; villages: Row[] };
type Table = {
  page: number;
  pageSize: number;
  villagesTotal: number;
  tally: { red: number; amber: number; green: number };
  groups: Group[];
};

const names = (groups: Group[]) => groups.map((g) => [g.subdistrict?.organizationName ?? null, g.villages.map((v) => v.organizationName)]);

describe('GET /api/rag, paged', () => {
  it('answers a page of villages grouped by subdistrict, with the total and the colour tally of every page', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' }); // 26 days overdue: red
    await makeProblem(t, admin, '张东村', { dueOn: '2026-11-20' }); // 7 days overdue: amber

    // The default page (200) holds the district: both subdistricts with their villages (良田村, 上庄村, 安家村 and
    // 张东村 of 白杨街道, as DOMAIN.md groups the source's places).
    const whole = (await get(admin, '/api/rag?period=week')).json<Table>();
    expect(whole).toMatchObject({ page: 1, pageSize: 200, villagesTotal: 16, tally: { red: 1, amber: 1, green: 14 } });
    expect(whole.groups.map((g) => [g.subdistrict?.organizationName, g.villages.length])).toEqual([
      ['白杨街道', 11],
      ['良田街道', 5],
    ]);
    const order = whole.groups.flatMap((g) => g.villages.map((v) => [g.subdistrict?.organizationName, v.organizationName]));
    expect(new Set(order.map((o) => o[1])).size).toBe(16);

    // Pages of 5: the same villages in the same order; a subdistrict whose villages span two pages is on both.
    const seen: Array<[string | undefined, string]> = [];
    for (let page = 1; page <= 4; page++) {
      const res = await get(admin, `/api/rag?period=week&page=${page}&pageSize=5`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<Table>();
      expect(body).toMatchObject({ page, pageSize: 5, villagesTotal: 16, tally: whole.tally });
      expect(body.groups.reduce((n, g) => n + g.villages.length, 0)).toBe(page < 4 ? 5 : 1);
      for (const g of body.groups) for (const v of g.villages) seen.push([g.subdistrict?.organizationName, v.organizationName]);
      if (page === 3) expect(body.groups.map((g) => g.subdistrict?.organizationName)).toEqual(['白杨街道', '良田街道']);
    }
    expect(seen).toEqual(order);
    // Past the end: no groups, the totals still there.
    expect((await get(admin, '/api/rag?period=week&page=9&pageSize=5')).json<Table>()).toMatchObject({
      groups: [],
      villagesTotal: 16,
      tally: whole.tally,
    });
    // The month view pages the same way.
    const month = (await get(admin, '/api/rag?period=month&key=2026-11&pageSize=10&page=2')).json<Table>();
    expect(month).toMatchObject({ page: 2, villagesTotal: 16, tally: { red: 1 } });
    expect(month.groups.flatMap((g) => g.villages)).toHaveLength(6);

    for (const bad of ['pageSize=0', 'pageSize=201', 'page=0', 'page=1.5']) {
      const res = await get(admin, `/api/rag?period=week&${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps a subdistrict without villages on the page where its name falls, and a village secretary sees the own village only', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    const root = (await get(admin, '/api/rag?period=week')).json<{ organization: { organizationId: string } }>();
    // 阿 sorts first, zh-CN: an empty subdistrict before 白杨街道; 郑 after 良田街道, past the last village.
    await makeOrg(t, admin, root.organization.organizationId, 'subdistrict', '阿空街道');
    await makeOrg(t, admin, root.organization.organizationId, 'subdistrict', '郑空街道');

    const whole = (await get(admin, '/api/rag?period=week')).json<Table>();
    expect(whole.groups.map((g) => g.subdistrict?.organizationName)).toEqual(['阿空街道', '白杨街道', '良田街道', '郑空街道']);
    const first = (await get(admin, '/api/rag?period=week&pageSize=11')).json<Table>();
    expect(names(first.groups).map((g) => g[0])).toEqual(['阿空街道', '白杨街道']);
    const last = (await get(admin, '/api/rag?period=week&pageSize=11&page=2')).json<Table>();
    expect(names(last.groups).map((g) => g[0])).toEqual(['良田街道', '郑空街道']);
    expect(last.groups.at(-1)!.villages).toEqual([]);

    const secretary = await t.login('secretary');
    const own = (await get(secretary, '/api/rag?period=week')).json<Table>();
    expect(own).toMatchObject({ villagesTotal: 1, page: 1 });
    expect(names(own.groups)).toEqual([[null, ['大闵村']]]);
    expect(own.tally.red + own.tally.amber + own.tally.green).toBe(1);
  });

  it("a liaison member's table: every village of the group together (it showed the first of them only), each alone on asking", async () => {
    t = await createTestApp({ demo: true });
    const liaison = await t.login('liaison');
    const mine = (
      await t.db.kysely
        .selectFrom('liaison_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .innerJoin('liaison_group_orgs as g', 'g.group_id', 'm.group_id')
        .innerJoin('organizations as o', 'o.id', 'g.organization_id')
        .select(['o.id', 'o.name'])
        .where('u.username', '=', 'liaison')
        .execute()
    ).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    expect(mine.length).toBeGreaterThan(1);
    const res = await get(liaison, '/api/rag?period=week');
    expect(res.statusCode, res.body).toBe(200);
    const table = res.json<Table & { organization: unknown }>();
    expect(table.organization).toBeNull();
    expect(table.villagesTotal).toBe(mine.length);
    const listed = table.groups.flatMap((g) => g.villages.map((v) => v.organizationName));
    expect(listed.sort((a, b) => a.localeCompare(b, 'zh-CN'))).toEqual(mine.map((o) => o.name));
    expect(table.tally.red + table.tally.amber + table.tally.green).toBe(mine.length);
    // Paged like any table; one village on asking, with its own row.
    const firstPage = (await get(liaison, '/api/rag?period=week&pageSize=1')).json<Table>();
    expect(firstPage.groups.flatMap((g) => g.villages)).toHaveLength(1);
    const one = (await get(liaison, `/api/rag?period=week&organizationId=${mine[0]!.id}`)).json<Table & { organization: Row }>();
    expect(one.organization.organizationName).toBe(mine[0]!.name);
    expect(one.villagesTotal).toBe(1);
  });
});
