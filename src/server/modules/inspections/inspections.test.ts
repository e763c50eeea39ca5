import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makePublishedStandard } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
let officer: Headers;
let liaison: Headers;
let standard: Awaited<ReturnType<typeof makePublishedStandard>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  const l = await makeUser(t, admin, [
    { role: 'liaison_member', org: '大闵村' },
    { role: 'liaison_member', org: '良田村' },
  ]);
  liaison = await t.login(l.username, TEST_PASSWORD);
  standard = await makePublishedStandard(t);
});
afterAll(() => t.close());

async function startRound(villages: string[]) {
  const organizationIds = await Promise.all(villages.map((v) => t.orgId(v)));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/inspection-rounds',
    headers: officer,
    payload: {
      name: '2026年冬季排查',
      standardVersionId: standard.versionId,
      periodStart: '2026-11-27',
      periodEnd: '2026-12-10',
      organizationIds,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const record = (checklistId: string, itemId: string, body: object, headers = liaison) =>
  t.app.inject({ method: 'PUT', url: `/api/inspection-checklists/${checklistId}/results/${itemId}`, headers, payload: body });

describe('inspection rounds', () => {
  it('creates one checklist per village; a failing item creates a problem linked to it; the round closes when all are done', async () => {
    const round = await startRound(['大闵村', '良田村']);
    expect(round.checklists.map((c: { organizationName: string }) => c.organizationName).sort()).toEqual(['大闵村', '良田村']);
    expect(round.checklists[0]).toMatchObject({ status: 'pending', recorded: 0, applicable: 3 });

    for (const c of round.checklists) {
      const [a, b, d] = standard.itemIds;
      expect((await record(c.id, a!, { result: 'meets' })).statusCode).toBe(200);
      const failed = await record(c.id, b!, {
        result: 'fails',
        problem: { description: `${c.organizationName}制度未上墙`, severity: 'major', dueOn: '2026-12-31' },
      });
      expect(failed.statusCode, failed.body).toBe(200);
      const item = failed.json().areas[0].items[1];
      expect(item.result).toBe('fails');
      expect(item.problemId).not.toBeNull();
      const problem = (await t.app.inject({ method: 'GET', url: `/api/problems/${item.problemId}`, headers: admin })).json();
      expect(problem).toMatchObject({
        checkItemCode: 'ZDJS-02',
        areaName: '阵地建设',
        status: 'open',
        sourceRoundName: '2026年冬季排查',
        severity: 'major',
      });

      const early = await t.app.inject({
        method: 'POST',
        url: `/api/inspection-checklists/${c.id}/complete`,
        headers: liaison,
        payload: { version: failed.json().version },
      });
      expect(early.statusCode).toBe(422);
      expect(early.json().error.message).toContain('ZDZD-01');
      const last = await record(c.id, d!, { result: 'na', note: '本村无此情况' });
      const done = await t.app.inject({
        method: 'POST',
        url: `/api/inspection-checklists/${c.id}/complete`,
        headers: liaison,
        payload: { version: last.json().version },
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', recorded: 3, failed: 1 });
    }
    const detail = (await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: officer })).json();
    expect(detail).toMatchObject({ checklistsDone: 2, checklistsTotal: 2, problemsFound: 2 });
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-rounds/${round.id}/close`,
      headers: officer,
      payload: { version: detail.version },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const listed = (await t.app.inject({ method: 'GET', url: `/api/problems?roundId=${round.id}`, headers: officer })).json();
    expect(listed.total).toBe(2);
  });

  it('defaults what the inspector leaves empty: the deadline at the end of the 集中整改期, the owner the village secretary', async () => {
    const round = await startRound(['大闵村']);
    const c = round.checklists[0];
    const failed = await record(c.id, standard.itemIds[1]!, { result: 'fails', problem: { description: '制度未上墙' } });
    expect(failed.statusCode, failed.body).toBe(200);
    const problemId = failed.json().areas[0].items[1].problemId;
    const problem = (await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: admin })).json();
    const secretary = (await t.app.inject({ method: 'GET', url: '/api/session', headers: await t.login('secretary') })).json().user;
    // The round is still open and sets no period: it is projected two months from the round's planned end (2026-12-10).
    expect(problem).toMatchObject({ dueOn: '2027-02-10', ownerId: secretary.id, ownerName: secretary.displayName });
    // …and the village as the responsible unit (it showed 责任单位 "—").
    expect(problem.responsibleOrgId).toBe(await t.orgId('大闵村'));
  });

  it('names the standard’s version of a round: two versions may share a title', async () => {
    const round = await startRound(['良田村']);
    const versionNo = Number(
      (
        await t.db.kysely
          .selectFrom('standard_versions')
          .select('version_no')
          .where('id', '=', standard.versionId)
          .executeTakeFirstOrThrow()
      ).version_no,
    );
    expect(round.standardVersionNo).toBe(versionNo);
    const list = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: officer })).json();
    expect(list.items.find((r: { id: string }) => r.id === round.id).standardVersionNo).toBe(versionNo);
  });

  it('refuses to close a round with unfinished checklists, and to record after a checklist is done', async () => {
    const round = await startRound(['大闵村']);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-rounds/${round.id}/close`,
      headers: officer,
      payload: { version: round.version },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('1 个检查表未完成');
  });

  it('lets only liaison members record, only on their villages; a failing item needs a description', async () => {
    const round = await startRound(['大闵村', '张东村']);
    const damin = round.checklists.find((c: { organizationName: string }) => c.organizationName === '大闵村');
    const zhangdong = round.checklists.find((c: { organizationName: string }) => c.organizationName === '张东村');
    const item = standard.itemIds[0]!;
    expect((await record(damin.id, item, { result: 'meets' }, await t.login('secretary'))).statusCode).toBe(403);
    expect((await record(zhangdong.id, item, { result: 'meets' })).statusCode).toBe(404);
    const noText = await record(damin.id, item, { result: 'fails' });
    expect(noText.statusCode).toBe(400);
    // A community-only item cannot be met by a village.
    expect((await record(damin.id, standard.communityOnlyId, { result: 'meets' })).statusCode).toBe(400);
  });

  it('guards a changed record with its version, and will not turn a recorded problem into "meets"', async () => {
    const round = await startRound(['良田村']);
    const c = round.checklists[0];
    const item = standard.itemIds[2]!;
    const first = await record(c.id, item, { result: 'fails', problem: { description: '三会一课记录不全' } });
    const v = first.json().areas[1].items[0].resultVersion;
    expect((await record(c.id, item, { result: 'meets', version: v })).statusCode).toBe(422);
    expect((await record(c.id, item, { result: 'fails', version: v + 3, note: 'x', problem: { description: 'x' } })).statusCode).toBe(409);
    const before = await countAuditEvents(t.db);
    const ok = await record(c.id, item, {
      result: 'fails',
      version: v,
      note: '已告知村书记',
      problem: { description: '三会一课记录不全' },
    });
    expect(ok.statusCode).toBe(200);
    expect(await countAuditEvents(t.db)).toBe(before + 1);
    const problems = (await t.app.inject({ method: 'GET', url: `/api/problems?roundId=${round.id}`, headers: admin })).json();
    expect(problems.total).toBe(1);
  });

  it('refuses rounds on a draft standard, on non-villages, and by people without inspection.manage', async () => {
    const sub = await t.orgId('良田街道');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-rounds',
      headers: officer,
      payload: {
        name: 'x',
        standardVersionId: standard.versionId,
        periodStart: '2026-11-27',
        periodEnd: '2026-12-10',
        organizationIds: [sub],
      },
    });
    expect(bad.statusCode).toBe(400);
    const damin = await t.orgId('大闵村');
    const byLiaison = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-rounds',
      headers: liaison,
      payload: {
        name: 'x',
        standardVersionId: standard.versionId,
        periodStart: '2026-11-27',
        periodEnd: '2026-12-10',
        organizationIds: [damin],
      },
    });
    expect(byLiaison.statusCode).toBe(403);
  });
});
