import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthPeriod, weekPeriod, weekStartOf } from '../../../domain/cadence.ts';
import { monthOfDate } from '../../../domain/cadence.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { newId } from '../../db/ids.ts';
import { organizationRow } from '../../testing/factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { computeStudyFigures, type FiguresRequest } from './study-figures.ts';

/**
 * The study figures of one subtree (a village's 开始填报, its 三会一课 page) are counted for that subtree alone
 * (`rootPath`); they must be the subtree's rows of the whole tree's figures. The demo's Party life (branches,
 * sessions, attendance, members, meetings, halls). SQLite; PostgreSQL under scripts/with-postgres.sh.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
}, 120_000);
afterAll(() => t.close());

describe('study figures of a subtree', () => {
  it('equal the whole tree’s rows for a village and a 街道, for the running week and month', async () => {
    const now = t.clock.now();
    const week = weekPeriod(weekStartOf(now));
    const month = monthOfDate(shanghaiDate(now));
    const requests: Array<Omit<FiguresRequest, 'rootPath'>> = [
      { period: week, plannedMonths: [month], sessionsFrom: monthPeriod(month).from, now },
      { period: monthPeriod(month), plannedMonths: [month], now },
    ];
    const village = await t.db.kysely
      .selectFrom('organizations')
      .select('path')
      .where('id', '=', await t.orgId('大闵村'))
      .executeTakeFirstOrThrow();
    const subdistrict = await t.db.kysely
      .selectFrom('organizations')
      .select('path')
      .where('id', '=', await t.orgId('良田街道'))
      .executeTakeFirstOrThrow();
    for (const req of requests) {
      const whole = await computeStudyFigures(t.db.kysely, req);
      for (const root of [village.path, subdistrict.path]) {
        const sub = await computeStudyFigures(t.db.kysely, { ...req, rootPath: root });
        const inside = [...whole.orgs.values()].filter((o) => o.path.startsWith(root)).map((o) => o.id);
        expect([...sub.orgs.keys()].sort()).toEqual([...inside].sort());
        // Something to compare: the subtree has branches with members, sessions and meetings.
        expect([...sub.coverage.values()].some((c) => c.members > 0 && c.sessionsHeld > 0)).toBe(true);
        expect(sub.rhythm.size).toBeGreaterThan(0);
        for (const id of inside) {
          expect(sub.coverage.get(id), id).toEqual(whole.coverage.get(id));
          expect(sub.lateness.get(id), id).toEqual(whole.lateness.get(id));
          expect(sub.duty.get(id), id).toEqual(whole.duty.get(id));
          expect(sub.rhythm.get(id), id).toEqual(whole.rhythm.get(id));
          expect(sub.dutyGaps.get(id), id).toEqual(whole.dutyGaps.get(id));
        }
        const ids = (xs: typeof whole.neverReached) => xs.map((m) => m.id).sort();
        expect(ids(sub.neverReached)).toEqual(ids(whole.neverReached.filter((m) => inside.includes(m.organizationId))));
      }
    }
  });
});

describe('the coverage tab of a database of several roots (a nation of provinces)', () => {
  it('counts the reader’s province alone, with the same rows as when it stood alone', async () => {
    const officer = await t.login('officer');
    const coverage = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/study/coverage', headers: officer });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ root: unknown; rows: unknown[] }>();
      return { root: body.root, rows: body.rows };
    };
    const alone = await coverage();
    expect(alone.rows.length).toBeGreaterThan(3);
    // A second province beside it, with a village and its branch.
    const other = { id: newId(), village: newId(), branch: newId() };
    const at = t.clock.now().toISOString();
    const row = (id: string, parentId: string | null, kind: string, name: string, path: string, depth: number) =>
      organizationRow({ id, parentId, kind, name, path, depth, at });
    await t.db.kysely
      .insertInto('organizations')
      .values([
        row(other.id, null, 'district', '另一省', `/${other.id}/`, 0),
        row(other.village, other.id, 'village', '另一村', `/${other.id}/${other.village}/`, 1),
        row(other.branch, other.village, 'branch', '另一村党支部', `/${other.id}/${other.village}/${other.branch}/`, 2),
      ])
      .execute();
    try {
      const { result, seen } = await watchStatements(coverage);
      expect(result).toEqual(alone);
      // SQLite: the month's figures were counted for the reader's tree (its members, sessions … by subtree).
      if (t.db.kind === 'sqlite') expect(seen.some((s) => s.includes('in (select id from organizations where path >= ?'))).toBe(true);
    } finally {
      await t.db.kysely.deleteFrom('organizations').where('id', 'in', [other.branch, other.village, other.id]).execute();
    }
  });
});
