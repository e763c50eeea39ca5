import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVillagesUnder } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { HOME_VILLAGES_MAX } from './portal.pages.ts';

/**
 * The portal's home at a province's scale: up to HOME_VILLAGES_MAX villages it lists every village by 街道 (the
 * district's 16); beyond, the 街道 with their figures, each linking to its page of villages (a province's 20,000
 * villages made a 9.4 MB home page for a villager's phone).
 */
let t: TestApp;
const get = (url: string) => t.app.inject({ method: 'GET', url });
const links = (body: string, kind: 'villages' | 'subdistricts') =>
  [...body.matchAll(new RegExp(`/public/${kind}/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the portal home of a large tree', () => {
  let subdistrict: { id: string; name: string };

  it('lists every village of a district, by 街道; a 街道’s page lists its own', async () => {
    const home = await get('/public/');
    expect(home.statusCode).toBe(200);
    const villages = new Set(links(home.body, 'villages'));
    expect(villages.size).toBe(16);
    expect(links(home.body, 'subdistricts')).toEqual([]);
    const damin = await t.orgId('大闵村');
    const parent = await t.db.kysely
      .selectFrom('organizations as v')
      .innerJoin('organizations as p', 'p.id', 'v.parent_id')
      .select(['p.id', 'p.name'])
      .where('v.id', '=', damin)
      .executeTakeFirstOrThrow();
    subdistrict = parent;
    const own = await t.db.kysely
      .selectFrom('organizations')
      .select('id')
      .where('parent_id', '=', parent.id)
      .where('kind', 'in', ['village', 'community'])
      .execute();
    const page = await get(`/public/subdistricts/${parent.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>${parent.name}</h1>`);
    expect(new Set(links(page.body, 'villages'))).toEqual(new Set(own.map((o) => o.id)));
    expect(own.length).toBeGreaterThan(1);
    // Not a 街道 on the portal: a village, an unknown id, not an id.
    expect((await get(`/public/subdistricts/${damin}`)).statusCode).toBe(404);
    expect((await get('/public/subdistricts/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/public/subdistricts/nope')).statusCode).toBe(404);
  });

  it(`lists the 街道 instead once there are more than ${HOME_VILLAGES_MAX} villages`, async () => {
    // A province's worth of villages under 大闵村's 街道.
    const extra = await addVillagesUnder(t, subdistrict.id, HOME_VILLAGES_MAX);
    // Pages are cached until the record changes (an audited write): one such write.
    await makeProblem(t, await t.login('officer'), '大闵村');
    const home = await get('/public/');
    expect(home.statusCode).toBe(200);
    expect(links(home.body, 'villages')).toEqual([]);
    const listed = links(home.body, 'subdistricts');
    const subdistricts = await t.db.kysely
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'subdistrict')
      .where('archived_at', 'is', null)
      .execute();
    expect(new Set(listed)).toEqual(new Set(subdistricts.map((s) => s.id)));
    expect(home.body).toContain(`共 ${16 + HOME_VILLAGES_MAX} 个村（社区），请先选择街道`);
    expect(home.body).toMatch(new RegExp(`${subdistrict.name}</a></span>\\s*<span class="small">\\s*\\d+ 个村（社区）`));
    // Its page lists the new villages with its own.
    const page = await get(`/public/subdistricts/${subdistrict.id}`);
    const onPage = new Set(links(page.body, 'villages'));
    for (const id of extra) expect(onPage.has(id)).toBe(true);
    expect(home.rawPayload.length).toBeLessThan(page.rawPayload.length);
  });

  it('renders a page once for visitors who ask for it at the same time (SQLite: the driver is watched)', async () => {
    if (t.db.kind !== 'sqlite') return; // PostgreSQL runs the same code; the statements are observed on better-sqlite3
    // A 街道 page nobody has asked for yet: there is no earlier rendering to serve, so the visitors wait for one.
    const other = await t.orgId('白杨街道');
    expect(other).not.toBe(subdistrict.id);
    const { result, seen } = await watchStatements(() =>
      Promise.all(Array.from({ length: 6 }, () => get(`/public/subdistricts/${other}`))),
    );
    for (const res of result) expect(res.statusCode).toBe(200);
    expect(new Set(result.map((r) => r.headers.etag)).size).toBe(1);
    // The home's public counts (portal.repository.ts countPublicProblems) were read for one rendering, not six.
    expect(seen.filter((q) => q.includes('count(case when')).length).toBe(1);
  });

  it('after a change serves a large page as it was while one fresh rendering runs, and says when it was counted', async () => {
    const before = await get('/public/');
    expect(before.body).toContain('数据统计于');
    const found = (body: string) => Number(/<b>(\d+)<\/b>查出问题/.exec(body)?.[1]);
    await makeProblem(t, await t.login('officer'), '大闵村');
    // At once: the last rendering, unchanged.
    const during = await get('/public/');
    expect(during.statusCode).toBe(200);
    expect(during.headers.etag).toBe(before.headers.etag);
    // Soon after: the fresh one, with the new problem counted.
    let after = during;
    for (let i = 0; i < 100 && after.headers.etag === before.headers.etag; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await get('/public/');
    }
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(found(after.body)).toBe(found(before.body) + 1);
  });
});
