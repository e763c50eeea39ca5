import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD, type Headers } from '../testing/factories.ts';
import { makePublishedStandard } from '../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { up as repairInvalidDates } from './migrations/2026-12-05-03-repair-invalid-dates.ts';

/**
 * A date that has the shape of one but is none (2026-13-01, 2026-02-30): the inspection and measure contracts
 * checked the shape only, stored it, and every page counting days from it answered 500 from then on. They now
 * refuse it (400, naming the field); migration 2026-12-05-03 repairs what was stored before.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let liaison: Headers;
let standard: Awaited<ReturnType<typeof makePublishedStandard>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  const l = await makeUser(t, admin, [{ role: 'liaison_member', org: '大闵村' }]);
  liaison = await t.login(l.username, TEST_PASSWORD);
  standard = await makePublishedStandard(t);
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PUT', url: string, headers: Headers, payload: object) => t.app.inject({ method, url, headers, payload });

async function startRound(periodEnd = '2026-12-10') {
  return send('POST', '/api/inspection-rounds', officer, {
    name: '2026年冬季排查',
    standardVersionId: standard.versionId,
    periodStart: '2026-11-27',
    periodEnd,
    organizationIds: [await t.orgId('大闵村')],
  });
}

describe('dates that are no dates', () => {
  it('are refused with a 400 naming the field: a round’s period, its 集中整改期, a failed item’s deadline, a measure’s', async () => {
    const bad = await startRound('2026-02-30');
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('periodEnd');
    const created = await startRound();
    expect(created.statusCode, created.body).toBe(201);
    const round = created.json();
    const period = await send('PUT', `/api/inspection-rounds/${round.id}/rectification-period`, officer, {
      version: round.version,
      start: '2026-12-01',
      end: '2026-13-01',
    });
    // Before: 500, with the date already stored, and the round's pages, the dashboards and 达标 answered 500 after.
    expect(period.statusCode, period.body).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: officer })).statusCode).toBe(200);

    const checklist = round.checklists[0];
    const failed = await send('PUT', `/api/inspection-checklists/${checklist.id}/results/${standard.itemIds[0]}`, liaison, {
      result: 'fails',
      problem: { description: '制度未上墙', severity: 'major', dueOn: '2026-13-45' },
    });
    expect(failed.statusCode, failed.body).toBe(400);
    const measure = await send('POST', '/api/measures', admin, {
      organizationId: await t.orgId('大闵村'),
      description: '重新制定制度并上墙',
      dueOn: '2026-02-30',
      problemIds: [],
    });
    expect(measure.statusCode, measure.body).toBe(400);
    expect(measure.json().error.details.fields.map((f: { path: string }) => f.path)).toContain('dueOn');
  });

  it('stored before the contracts checked them are repaired: the round reads again, a deadline that is none is cleared', async () => {
    const created = await startRound();
    const round = created.json();
    const k = t.db.kysely;
    const checklist = round.checklists[0];
    const ok = await send('PUT', `/api/inspection-checklists/${checklist.id}/results/${standard.itemIds[1]}`, liaison, {
      result: 'fails',
      problem: { description: '台账不全', severity: 'minor', dueOn: '2026-12-31' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const problemId = ok.json().areas[0].items[1].problemId as string;
    const goodProblem = (
      await k.selectFrom('problems').select('id').where('id', '<>', problemId).where('due_on', 'is not', null).executeTakeFirst()
    )?.id;
    // As the old contracts let them be stored.
    await k
      .updateTable('inspection_rounds')
      .set({ rectification_start: '2026-12-01', rectification_end: '2026-13-01', period_end: '2026-02-30' })
      .where('id', '=', round.id)
      .execute();
    await k.updateTable('problems').set({ due_on: '2026-13-45' }).where('id', '=', problemId).execute();
    const broken = await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: officer });
    expect(broken.statusCode).toBe(500);

    await repairInvalidDates(k);
    const repaired = await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: officer });
    expect(repaired.statusCode, repaired.body).toBe(200);
    const row = await k.selectFrom('inspection_rounds').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ period_start: '2026-11-27', period_end: '2026-11-27', rectification_start: null, rectification_end: null });
    const p = await k.selectFrom('problems').select('due_on').where('id', '=', problemId).executeTakeFirstOrThrow();
    expect(p.due_on).toBeNull();
    // A valid deadline is left alone.
    if (goodProblem)
      expect(
        (await k.selectFrom('problems').select('due_on').where('id', '=', goodProblem).executeTakeFirstOrThrow()).due_on,
      ).not.toBeNull();
    const problem = await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: officer });
    expect(problem.statusCode, problem.body).toBe(200);
  });
});
