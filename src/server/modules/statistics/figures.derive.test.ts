import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekPeriod } from '../../../domain/cadence.ts';
import type { Headers } from '../../testing/factories.ts';
import type { MadeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { computeFigures, type OrgFigures } from './figures.service.ts';
import { liveContext, liveFiguresCache } from './statistics.service.ts';
import { drive, measure, problem, setShanghai } from './statistics.test-support.ts';
import { seededRandom } from '../../testing/seeded-random.ts';

/**
 * After a write, the live figures' cache (figures.cache.ts) counts again only the subtrees the new audit events
 * name, on top of what it kept. Whatever is written, and whenever it is read, what it answers must equal a count
 * from nothing at the reader's clock, for the whole tree, a subdistrict and a village. SQLite; PostgreSQL under
 * scripts/with-postgres.sh.
 */

const WEEK = '2026-11-23'; // Monday 23 – Sunday 29 November 2026

describe('weekly statistics: the live figures derived after a write equal a count from nothing', () => {
  let t: TestApp;
  let admin: Headers;
  let villages: Array<{ id: string; name: string; path: string }>;
  let subdistrict: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    await t.db.kysely.updateTable('organizations').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    setShanghai(t, '2026-11-24 10:00');
    admin = await t.login('admin');
    villages = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'name', 'path'])
      .where('kind', '=', 'village')
      .where('archived_at', 'is', null)
      .orderBy('path')
      .execute();
    subdistrict = (
      await t.db.kysely
        .selectFrom('organizations')
        .select('path')
        .where('id', '=', await t.orgId('良田街道'))
        .executeTakeFirstOrThrow()
    ).path;
  });
  afterAll(() => t.close());

  const request = async (rootPath: string | undefined) => {
    const now = t.clock.now();
    const rules = await loadCadenceRules(t.db.kysely);
    const period = weekPeriod(WEEK);
    const count = (sub: string | undefined) => computeFigures(t.db.kysely, { period, reportWeeks: [WEEK], rules, now, rootPath: sub });
    return { now, count, req: { week: WEEK, rootPath, now, context: liveContext(WEEK, rules, now) } };
  };
  /** The subtrees the cache asked to count (undefined: the whole tree), last reading. */
  let counts: Array<string | undefined> = [];
  /** The cache's answer for the scope, and how it came (kept, derived, counted). */
  const viaCache = async (rootPath?: string) => {
    const { count, req } = await request(rootPath);
    counts = [];
    const figures = await liveFiguresCache.get(t.db.kysely, req, (sub) => {
      counts.push(sub);
      return count(sub);
    });
    return { figures, way: liveFiguresCache.lastWay };
  };
  /** The cache's answer for the scope must equal a count from nothing at the same clock, for every organization in it. */
  const expectAsCounted = async (rootPath?: string) => {
    const { figures, way } = await viaCache(rootPath);
    const fresh = await (await request(rootPath)).count(rootPath);
    expect(fresh.size).toBeGreaterThan(0);
    for (const [id, want] of fresh) {
      const got: OrgFigures | undefined = figures.get(id);
      expect(got, want.org.name).toBeDefined();
      const { standardScore, ...counts } = got!.figures;
      const { standardScore: wantScore, ...wantCounts } = want.figures;
      expect(counts, want.org.name).toEqual(wantCounts);
      expect(standardScore).toBeCloseTo(wantScore, 9);
      expect(got!.reportStatus, want.org.name).toBe(want.reportStatus);
    }
    return way;
  };

  it('derives the figures after random ledger writes (problems, transitions, deadlines, measures, reports) without counting the tree again', async () => {
    const rnd = seededRandom(20261204);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const made: Array<{ p: MadeProblem; village: string }> = [];
    const secretary = await t.login('secretary');
    const dm = await t.orgId('大闵村');
    let report: { id: string; version: number } | null = null;

    expect(await expectAsCounted()).toBe('counted');
    let derived = 0;
    for (let round = 0; round < 24; round++) {
      const kind = round < 4 ? 'create' : pick(['create', 'drive', 'drive', 'deadline', 'measure', 'report', 'clock']);
      if (kind === 'create') {
        const v = pick(villages);
        const due = pick(['2026-11-20', '2026-11-24', '2026-12-31']);
        made.push({ p: await problem(t, admin, v.name, due, ...(rnd() < 0.5 ? ['start'] : [])), village: v.name });
      } else if (kind === 'drive') {
        const m = pick(made);
        const next: Record<string, string | undefined> = {
          open: 'start',
          rectifying: 'submit',
          submitted: pick(['accept', 'reject']),
          accepted: 'close',
        };
        const action = next[m.p.status];
        if (action) m.p = await drive(t, admin, m.p, action);
      } else if (kind === 'deadline') {
        const m = pick(made.filter((x) => x.p.status === 'open' || x.p.status === 'rectifying'));
        if (m) {
          const res = await t.app.inject({
            method: 'PATCH',
            url: `/api/problems/${m.p.id}`,
            headers: admin,
            payload: { version: m.p.version, dueOn: pick(['2026-11-19', '2027-01-15']) },
          });
          expect(res.statusCode, res.body).toBe(200);
          m.p = { ...m.p, version: res.json<{ version: number }>().version };
        }
      } else if (kind === 'measure') {
        const m = pick(made);
        await measure(t, admin, m.village, [m.p.id], pick([0, 50, 100]));
      } else if (kind === 'report') {
        if (!report) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/weekly-reports',
            headers: secretary,
            payload: { week: WEEK, unitType: 'organization', unitId: dm },
          });
          expect([200, 201], res.body).toContain(res.statusCode);
          report = res.json<{ id: string; version: number }>();
        } else {
          const current: { id: string; version: number } = report;
          const saved = await t.app.inject({
            method: 'PATCH',
            url: `/api/weekly-reports/${current.id}`,
            headers: secretary,
            payload: { version: current.version, progress: `第 ${round} 次修改` },
          });
          expect(saved.statusCode, saved.body).toBe(200);
          report = saved.json<{ id: string; version: number }>();
        }
      } else {
        // Time passes (the same day): nothing recorded, nothing to count again.
        t.clock.current = new Date(t.clock.now().getTime() + 30_000);
        expect(await expectAsCounted()).toBe('kept');
        continue;
      }
      const way = await expectAsCounted();
      if (way === 'derived') {
        derived++;
        // Only the written village's subtree counted again.
        expect(counts).toHaveLength(1);
        expect(villages.map((v) => v.path)).toContain(counts[0]);
      }
      expect(['derived', 'kept']).toContain(way);
      expect(await expectAsCounted(subdistrict)).not.toBe('counted');
      const v = pick(villages);
      await expectAsCounted(v.path);
    }
    expect(derived).toBeGreaterThan(10);
  });

  it('shows a write stamped after the reader began once the reader’s clock passes it', async () => {
    setShanghai(t, '2026-11-24 15:00');
    admin = await t.login('admin');
    await expectAsCounted();
    // A request that began at 15:05 writes a problem (stamped 15:05) …
    setShanghai(t, '2026-11-24 15:05');
    await problem(t, admin, villages[0]!.name, '2026-12-31');
    // … while a reader that began at 15:01 reads after it committed: the creation is not "this week so far" for it.
    setShanghai(t, '2026-11-24 15:01');
    await expectAsCounted();
    await expectAsCounted(villages[0]!.path);
    // A reader at 15:06: counted now, though nothing new was recorded since the last reading.
    setShanghai(t, '2026-11-24 15:06');
    expect(await expectAsCounted()).toBe('derived');
    expect(await expectAsCounted()).toBe('kept');
  });

  it('counts everything again after a change that is not one organization’s, or a height moved without an event', async () => {
    setShanghai(t, '2026-11-24 16:00');
    admin = await t.login('admin');
    await expectAsCounted();
    const v = villages[1]!;
    const org = await t.db.kysely.selectFrom('organizations').select(['version']).where('id', '=', v.id).executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${v.id}`,
      headers: admin,
      payload: { version: org.version, name: `${v.name}（新）` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await expectAsCounted()).toBe('counted');
    expect(counts).toEqual([undefined]);

    await t.db.kysely
      .updateTable('audit_chain_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .execute();
    // A subdistrict's reader counts its own subtree, not the whole tree it was kept with …
    expect(await expectAsCounted(subdistrict)).toBe('counted');
    expect(counts).toEqual([subdistrict]);
    // … and so does the whole tree's next reader.
    expect(await expectAsCounted()).toBe('counted');
    expect(counts).toEqual([undefined]);
    expect(await expectAsCounted()).toBe('kept');
    expect(await expectAsCounted(subdistrict)).toBe('kept');

    // The next day: what is overdue moved with the clock, so a new count.
    setShanghai(t, '2026-11-25 08:00');
    expect(await expectAsCounted()).toBe('counted');
  });
});
