import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { makeUser, organizationRow, type Headers } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { studyCircularAnnex } from '../study/study-integration.ts';
import { assessMonth } from './assessment.service.ts';

/**
 * A database of several roots (a nation's provinces side by side; the product itself makes one root, the national
 * bench loads 31): each province's month is assessed on its own, as its running week already was. Its villages are
 * ranked among themselves, its interview candidates and its circular's annex are its own, and its figures are
 * computed from its own rows. SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let t: TestApp;
afterEach(() => t?.close());

type Named = { organizationName: string };

/** The demo district, and beside it a second root (另一省 › 另一街道 › 另一村) with its own district admin. */
async function twoRoots() {
  t = await createTestApp({ demo: true });
  const admin = await t.login('admin');
  const officer = await t.login('officer');
  // Founded with the demo tree (sixty days before the clock), so that it is ranked for November.
  const at = new Date(t.clock.now().getTime() - 60 * 86_400_000).toISOString();
  const ids = { root: newId(), sub: newId(), village: newId() };
  const root = `/${ids.root}/`;
  await t.db.kysely
    .insertInto('organizations')
    .values([
      organizationRow({ id: ids.root, parentId: null, kind: 'district', name: '另一省', path: root, depth: 0, at }),
      organizationRow({ id: ids.sub, parentId: ids.root, kind: 'subdistrict', name: '另一街道', path: `${root}${ids.sub}/`, depth: 1, at }),
      organizationRow({
        id: ids.village,
        parentId: ids.sub,
        kind: 'village',
        name: '另一村',
        path: `${root}${ids.sub}/${ids.village}/`,
        depth: 2,
        at,
      }),
    ])
    .execute();
  // Its administrator: an account made in the demo district (the API makes roles only in the maker's scope), then
  // given the other root's district admin role directly.
  const other = await makeUser(t, admin, [{ role: 'viewer', org: '大闵村' }]);
  await t.db.kysely.deleteFrom('role_assignments').where('user_id', '=', other.id).execute();
  await t.db.kysely
    .insertInto('role_assignments')
    .values({ id: newId(), user_id: other.id, role: 'district_admin', organization_id: ids.root, created_at: at })
    .execute();
  const otherAdmin = await t.login(other.username, other.password);
  return { admin, officer, otherAdmin, ids, root };
}

function get(headers: Headers, url: string) {
  t.clock.advance(1000);
  return t.app.inject({ method: 'GET', url, headers });
}

describe('a month in a database of several roots', () => {
  it('lists interview candidates and ranks villages within the reader’s own province only', async () => {
    const { officer, otherAdmin } = await twoRoots();
    await makeProblem(t, officer, '大闵村', { dueOn: '2026-10-01' });
    await makeProblem(t, otherAdmin, '另一村', { dueOn: '2026-10-01' }); // overdue 57 days: a candidate in its province

    const mine = await get(officer, '/api/interviews/candidates?month=2026-11&pageSize=100');
    expect(mine.statusCode, mine.body).toBe(200);
    const mineNames = mine.json().items.map((c: Named) => c.organizationName);
    expect(mineNames).toContain('大闵村');
    // Before, the other province's village and subdistrict were listed to this district's officer, with their reasons.
    expect(mineNames).not.toContain('另一村');
    expect(mineNames).not.toContain('另一街道');

    const theirs = await get(otherAdmin, '/api/interviews/candidates?month=2026-11&pageSize=100');
    expect(theirs.statusCode, theirs.body).toBe(200);
    const theirNames = theirs.json().items.map((c: Named) => c.organizationName);
    expect(theirNames).toContain('另一村');
    expect(theirNames).not.toContain('大闵村');
    // Its own reasons: its problem overdue (and red months running: it never filed a weekly report).
    const reasons = theirs
      .json()
      .items.find((c: Named) => c.organizationName === '另一村')
      .reasons.map((r: { zh: string }) => r.zh);
    expect(reasons).toContain('1 个问题逾期超过 30 天');

    const ranking = await get(officer, '/api/rankings/monthly?month=2026-11&pageSize=50');
    expect(ranking.statusCode, ranking.body).toBe(200);
    const body = ranking.json();
    expect(body.villagesTotal).toBe(16);
    expect(body.villages.map((v: { of: number }) => v.of)).toEqual(Array(16).fill(16));
    const theirRanking = (await get(otherAdmin, '/api/rankings/monthly?month=2026-11')).json();
    expect(
      theirRanking.villages.map((v: { organizationName: string; rank: number; of: number }) => [v.organizationName, v.rank, v.of]),
    ).toEqual([['另一村', 1, 1]]);
  });

  it('assesses a root’s month from its own rows: the same figures as its tree in the whole, none of the other root', async () => {
    const { officer, otherAdmin, ids, root } = await twoRoots();
    await makeProblem(t, officer, '大闵村', { dueOn: '2026-10-01' });
    await makeProblem(t, otherAdmin, '另一村', { dueOn: '2026-10-01' });
    const k = t.db.kysely;
    const now = t.clock.now();
    const demoRoot = await k
      .selectFrom('organizations')
      .select(['id', 'path'])
      .where('parent_id', 'is', null)
      .where('name', '<>', '另一省')
      .executeTakeFirstOrThrow();

    const whole = await assessMonth(k, '2026-11', now);
    const { result: ours, seen } = await watchStatements(() => assessMonth(k, '2026-11', now, { rootPath: demoRoot.path }));
    expect(ours.figures.has(ids.village)).toBe(false);
    expect(ours.figures.get(demoRoot.id)!.figures).toEqual(whole.figures.get(demoRoot.id)!.figures);
    expect(ours.villageRanking).toHaveLength(16);
    expect(ours.villageRanking.map((r) => r.id).sort()).toEqual(
      whole.villageRanking
        .map((r) => r.id)
        .filter((id) => id !== ids.village)
        .sort(),
    );
    const theirs = await assessMonth(k, '2026-11', now, { rootPath: root });
    expect([...theirs.figures.keys()].sort()).toEqual([ids.root, ids.sub, ids.village].sort());
    expect(theirs.villageRanking.map((r) => [r.id, r.rank])).toEqual([[ids.village, 1]]);
    expect(theirs.figures.get(ids.root)!.figures.overdue).toBe(1);
    // SQLite's statements: the organizations founded by the month's end and the reports filed in a row are read for
    // the root's tree alone (before: the whole nation's, on every province's first ranking or candidates call).
    if (t.db.kind === 'sqlite') {
      const created = seen.filter((q) => q.includes('from "organizations" where "created_at" < ?'));
      expect(created.length).toBeGreaterThan(0);
      expect(created.every((q) => q.includes('"path" >= ?'))).toBe(true);
      const filed = seen.filter((q) => q.includes('from "weekly_reports"') && q.includes('"submitted_at" is not null'));
      expect(filed.length).toBeGreaterThan(0);
      expect(filed.every((q) => q.includes('"path" >= ?'))).toBe(true);
    }
  });

  it('gives a circular’s study annex its own root’s tours and branches, none of the other root’s', async () => {
    const { officer, otherAdmin, ids, root } = await twoRoots();
    const tour = (title: string, extra: Record<string, unknown> = {}) => ({
      title,
      tourDate: '2026-11-10',
      destination: '华州区大明镇',
      purpose: '学习基层组织规范化建设经验',
      invitedRoles: ['village_secretary'],
      ...extra,
    });
    const ours = await t.app.inject({ method: 'POST', url: '/api/study-tours', headers: officer, payload: tour('本区观摩') });
    expect(ours.statusCode, ours.body).toBe(201);
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/study-tours',
      headers: otherAdmin,
      payload: tour('另一省观摩', { organizationId: ids.root }),
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const k = t.db.kysely;
    const demoRoot = await k
      .selectFrom('organizations')
      .select('path')
      .where('parent_id', 'is', null)
      .where('name', '<>', '另一省')
      .executeTakeFirstOrThrow();
    const mine = await studyCircularAnnex(k, '2026-11', t.clock.now(), demoRoot.path);
    expect(mine.tours.map((x) => x.title)).toEqual(['本区观摩']);
    expect(mine.branches).toBeGreaterThan(0);
    const other = await studyCircularAnnex(k, '2026-11', t.clock.now(), root);
    expect(other.tours.map((x) => x.title)).toEqual(['另一省观摩']);
    expect(other.branches).toBe(0);
  });

  it('counts a province’s tracking figures (跟踪督查到位) from its own villages’ reports on its dashboard', async () => {
    const { otherAdmin } = await twoRoots();
    const theirs = (await get(otherAdmin, '/api/dashboard/overview')).json();
    expect(theirs.organization.name).toBe('另一省');
    // One village owing the last four due weeks (it existed all along): four reports expected, none filed.
    expect(theirs.inPlace.tracking).toMatchObject({ reportsExpected: 4, reportsOnTime: 0 });
    // Computed for each root's tree alone (SQLite's statements: the organizations listed by path).
    if (t.db.kind === 'sqlite') {
      const { seen } = await watchStatements(async () => {
        t.clock.advance(120_000);
        await get(otherAdmin, '/api/dashboard/overview');
      });
      const listed = seen.filter((q) =>
        q.includes('select "id", "parent_id", "path", "kind", "name", "depth", "created_at" from "organizations"'),
      );
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((q) => q.includes('"path" >= ?'))).toBe(true);
    }
  });
});
