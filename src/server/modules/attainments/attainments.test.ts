import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttainmentDetail, AttainmentList } from '../../../domain/contracts/attainments.ts';
import type { DashboardOverview, VillageDashboard } from '../../../domain/contracts/dashboard.ts';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makePublishedStandard, type MadeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { auditChainHead, inTurn } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runSnapshotJob, setShanghai, snapshotRows } from '../statistics/statistics.test-support.ts';
import { NEW_FIGURES, RENTED_SMALL } from '../venues/venues.test-support.ts';

/**
 * The program's end condition through the API on a real database (SQLite;
 * PostgreSQL under scripts/with-postgres.sh): a village's score against the
 * standard, 达标验收 (propose → confirm / send back; revoked by 回头看), the
 * round's 集中整改期, and where they show (dashboards, weekly snapshot,
 * ranking, circular). Each test works on villages of its own.
 */

let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let zhangdong: Headers;
let standard: Awaited<ReturnType<typeof makePublishedStandard>>;

/** A new village of 良田街道 with a liaison member over it. */
async function village(): Promise<{ id: string; name: string; liaison: Headers }> {
  const v = await makeOrg(t, admin, '良田街道');
  const l = await makeUser(t, admin, [{ role: 'liaison_member', org: v.id }]);
  return { id: v.id, name: v.name, liaison: await t.login(l.username, TEST_PASSWORD) };
}

async function startRound(organizationId: string, periodEnd = '2026-12-10') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/inspection-rounds',
    headers: officer,
    payload: {
      name: '2026年冬季排查',
      standardVersionId: standard.versionId,
      periodStart: '2026-11-27',
      periodEnd,
      organizationIds: [organizationId],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const round = res.json();
  return { round, checklistId: round.checklists[0].id as string };
}

async function record(checklistId: string, itemId: string, body: object, headers: Headers) {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/inspection-checklists/${checklistId}/results/${itemId}`,
    headers,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Records A meets, B fails (returns its problem), C not applicable, and completes the checklist. */
async function inspect(checklistId: string, liaison: Headers): Promise<MadeProblem> {
  const [a, b, c] = standard.itemIds;
  await record(checklistId, a!, { result: 'meets' }, liaison);
  const failed = await record(checklistId, b!, { result: 'fails', problem: { description: '制度未上墙' } }, liaison);
  const last = await record(checklistId, c!, { result: 'na' }, liaison);
  const done = await t.app.inject({
    method: 'POST',
    url: `/api/inspection-checklists/${checklistId}/complete`,
    headers: liaison,
    payload: { version: last.version },
  });
  expect(done.statusCode, done.body).toBe(200);
  const problemId = failed.areas[0].items[1].problemId as string;
  const p = (await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: admin })).json();
  return { id: p.id, version: p.version, status: p.status };
}

/** Fires the actions as admin (who may fire all; submit uploads a photo first). */
async function drive(p: MadeProblem, ...actions: string[]): Promise<MadeProblem> {
  let cur = p;
  for (const action of actions) {
    if (action === 'submit') expect((await uploadEvidence(t, admin, { problemId: cur.id })).statusCode).toBe(201);
    const res = await transition(t, admin, cur, action, action === 'reopen' || action === 'withdraw' ? '回头看发现问题反弹' : undefined);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    cur = { id: cur.id, version: res.json().version, status: res.json().status };
  }
  return cur;
}

const standing = async (checklistId: string, headers = admin) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/attainments/${checklistId}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AttainmentDetail>();
};

const fire = (checklistId: string, headers: Headers, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/attainments/${checklistId}/transitions`, headers, payload });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  standard = await makePublishedStandard(t);
});
afterAll(() => t.close());

describe('the village score against the standard', () => {
  it('scores met, not-applicable and community-only items in full, a failing item once all its problems are closed', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    // Nothing recorded yet: only the community-only item (not the village's to meet) scores.
    expect((await standing(checklistId)).score).toEqual({ score: 5, max: 20, itemsScoring: 1, items: 4, failing: 0, pending: 3 });

    let p = await inspect(checklistId, v.liaison);
    let s = await standing(checklistId);
    expect(s.score).toMatchObject({ score: 15, max: 20, failing: 1, pending: 0 });
    expect(s.scoredItems.map((i) => [i.code, i.standing, i.score])).toEqual([
      ['ZDJS-01', 'met', 5],
      ['ZDJS-02', 'failing', 0],
      ['ZDZD-01', 'not_applicable', 5],
      ['ZDZD-02', 'not_applicable', 5],
    ]);
    // Accepted is not settled: 销号 is still to come.
    p = await drive(p, 'start', 'submit', 'accept');
    expect((await standing(checklistId)).score.score).toBe(15);
    p = await drive(p, 'close');
    s = await standing(checklistId);
    expect(s.score).toMatchObject({ score: 20, max: 20, failing: 0 });
    expect(s.scoredItems[1]).toMatchObject({ standing: 'rectified', score: 5, unsettledProblems: 0 });
    // 回头看: the item drops back to 0.
    await drive(p, 'reopen');
    expect((await standing(checklistId)).score.score).toBe(15);

    // The same figures for all villages of the round at once; a village secretary of elsewhere sees none of it.
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/attainments?organizationId=${v.id}`, headers: officer })
    ).json<AttainmentList>();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ organizationName: v.name, subdistrictName: '良田街道', score: { score: 15, max: 20 } });
    expect((await t.app.inject({ method: 'GET', url: `/api/attainments/${checklistId}`, headers: zhangdong })).statusCode).toBe(404);
  });

  it('stands by the latest completed inspection: a later round still being inspected does not replace it', async () => {
    const v = await village();
    const first = await startRound(v.id);
    await inspect(first.checklistId, v.liaison);
    const later = await startRound(v.id, '2026-12-20');
    const own = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/attainments?organizationId=${v.id}`, headers: officer })).json<AttainmentList>();
    expect((await own()).items[0]).toMatchObject({ checklistId: first.checklistId, score: { score: 15 } });
    const vd = (await t.app.inject({ method: 'GET', url: `/api/dashboard/village?organizationId=${v.id}`, headers: admin })).json();
    expect(vd.standing).toMatchObject({ checklistId: first.checklistId, score: { score: 15 } });
    // Once the re-check is done, it takes over.
    const [a, b, c] = standard.itemIds;
    for (const id of [a!, b!]) await record(later.checklistId, id, { result: 'meets' }, v.liaison);
    const last = await record(later.checklistId, c!, { result: 'meets' }, v.liaison);
    await t.app.inject({
      method: 'POST',
      url: `/api/inspection-checklists/${later.checklistId}/complete`,
      headers: v.liaison,
      payload: { version: last.version },
    });
    expect((await own()).items[0]).toMatchObject({ checklistId: later.checklistId, score: { score: 20 } });
  });

  it('counts a failing item whose problem was withdrawn (撤销) as met', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    const p = await inspect(checklistId, v.liaison);
    const res = await transition(t, v.liaison, p, 'withdraw', '两委会核实：制度已上墙，属误登记');
    expect(res.statusCode, res.body).toBe(200);
    const s = await standing(checklistId, v.liaison);
    expect(s.score.score).toBe(20);
    expect(s).toMatchObject({ unsettledProblems: 0, blockers: [], allowedActions: ['propose'] });
  });
});

describe('达标验收', () => {
  it('is proposed by the liaison group once everything is settled, sent back or confirmed by the district, and revoked by 回头看', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    const propose = (headers: Headers, version: number, extra: object = {}) =>
      fire(checklistId, headers, { action: 'propose', version, note: '经逐项核验，整改到位', ...extra });

    // The checklist is not done yet: refused, with the reason.
    let refused = await propose(v.liaison, 0);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('本轮检查表尚未完成');

    let p = await inspect(checklistId, v.liaison);
    let s = await standing(checklistId, v.liaison);
    expect(s).toMatchObject({ status: 'none', version: 0, checklistDone: true, unsettledProblems: 1, allowedActions: [] });
    expect(s.blockers.map((b) => b.code)).toEqual(['unsettled_problems']);
    refused = await propose(v.liaison, 0);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('1 个问题未销号');

    p = await drive(p, 'start', 'submit', 'accept', 'close');
    expect((await standing(checklistId, v.liaison)).allowedActions).toEqual(['propose']);
    expect((await standing(checklistId, officer)).allowedActions).toEqual([]);

    // A note is required; evidence must be the village's own; the village secretary may not propose; others do not see it.
    expect((await fire(checklistId, v.liaison, { action: 'propose', version: 0 })).statusCode).toBe(400);
    const foreign = await uploadEvidence(t, admin, { problemId: (await makeForeignProblem()).id });
    expect((await propose(v.liaison, 0, { evidenceIds: [foreign.json().id] })).statusCode).toBe(400);
    expect((await propose(secretary, 0)).statusCode).toBe(404);
    const villageSecretary = await makeUser(t, admin, [{ role: 'village_secretary', org: v.id }]);
    expect((await propose(await t.login(villageSecretary.username, TEST_PASSWORD), 0)).statusCode).toBe(403);

    const photo = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json().evidence[0].id;
    // Whoever may propose is offered the evidence of the round's problems there to point at.
    expect((await standing(checklistId, v.liaison)).availableEvidence.map((e) => e.id)).toEqual([photo]);
    expect((await standing(checklistId, officer)).availableEvidence).toEqual([]);
    const before = await countAuditEvents(t.db, 'attainment.transitioned');
    let res = await propose(v.liaison, 0, { evidenceIds: [photo] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'proposed',
      version: 1,
      note: '经逐项核验，整改到位',
      evidence: [{ id: photo, isImage: true }],
    });
    expect(await countAuditEvents(t.db, 'attainment.transitioned')).toBe(before + 1);
    expect((await standing(checklistId, officer)).allowedActions).toEqual(['confirm', 'reject']);

    // Sent back needs a reason; proposed again; a stale version answers 409 and changes nothing.
    expect((await fire(checklistId, officer, { action: 'reject', version: 1 })).statusCode).toBe(400);
    res = await fire(checklistId, officer, { action: 'reject', version: 1, reason: '佐证材料不全，请补充活动场所照片' });
    expect(res.json()).toMatchObject({ status: 'returned', reason: '佐证材料不全，请补充活动场所照片', version: 2 });
    expect((await propose(v.liaison, 1)).statusCode).toBe(409);
    expect((await propose(v.liaison, 2)).json()).toMatchObject({ status: 'proposed', version: 3 });

    // The district confirms: 达标 with the date; the count moves on the dashboards.
    const overviewBefore = await overview();
    res = await fire(checklistId, officer, { action: 'confirm', version: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', confirmedOn: '2026-11-27', allowedActions: ['revoke'] });
    expect((await overview()).attainment.attained).toBe(overviewBefore.attainment.attained + 1);
    const vd = (
      await t.app.inject({ method: 'GET', url: `/api/dashboard/village?organizationId=${v.id}`, headers: admin })
    ).json<VillageDashboard>();
    expect(vd.standing).toMatchObject({ status: 'confirmed', confirmedOn: '2026-11-27', score: { score: 20, max: 20 } });
    expect(vd.rectification).toMatchObject({ source: 'projected', end: '2027-02-10' });
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/attainments?organizationId=${v.id}`, headers: officer })
    ).json<AttainmentList>();
    expect(list).toMatchObject({ attained: 1, villages: 1 });
    expect((await fire(checklistId, officer, { action: 'confirm', version: 4 })).statusCode).toBe(422);

    // 回头看 of its problem withdraws the 达标 in the same transaction, with the reason and the problem recorded.
    const events = await countAuditEvents(t.db);
    p = await drive(p, 'reopen');
    expect(await countAuditEvents(t.db)).toBe(events + 2);
    s = await standing(checklistId, officer);
    expect(s).toMatchObject({ status: 'revoked', confirmedOn: null, unsettledProblems: 1, allowedActions: [] });
    expect(s.reason).toContain('回头看发现问题反弹');
    expect(s.history.map((h) => h.action)).toEqual(['propose', 'reject', 'propose', 'confirm', 'revoke']);
    expect(s.history.at(-1)).toMatchObject({ fromStatus: 'confirmed', toStatus: 'revoked', problem: { id: p.id } });
    expect((await overview()).attainment.attained).toBe(overviewBefore.attainment.attained);
  });

  it('lets exactly one of two simultaneous first proposals win', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    const p = await inspect(checklistId, v.liaison);
    await drive(p, 'withdraw');
    const body = { action: 'propose', version: 0, note: '核验完毕' };
    const [a, b] = await Promise.all([fire(checklistId, v.liaison, body), fire(checklistId, admin, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await standing(checklistId)).history).toHaveLength(1);
  });

  it('lets the district revoke a confirmed 达标 by hand, with a reason', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    await drive(await inspect(checklistId, v.liaison), 'withdraw');
    expect((await fire(checklistId, v.liaison, { action: 'propose', version: 0, note: '核验完毕' })).statusCode).toBe(200);
    expect((await fire(checklistId, officer, { action: 'confirm', version: 1 })).statusCode).toBe(200);
    expect((await fire(checklistId, officer, { action: 'revoke', version: 2 })).statusCode).toBe(400);
    expect((await fire(checklistId, v.liaison, { action: 'revoke', version: 2, reason: 'x' })).statusCode).toBe(403);
    const res = await fire(checklistId, officer, { action: 'revoke', version: 2, reason: '复查发现活动场所被挪作他用' });
    expect(res.json()).toMatchObject({ status: 'revoked', reason: '复查发现活动场所被挪作他用', allowedActions: [] });
    expect((await standing(checklistId, v.liaison)).allowedActions).toEqual(['propose']);
  });
});

describe('达标验收 and the venue clearance list', () => {
  it('keeps a village whose venue is on the clearance list from 达标, proposed or confirmed, until the venue passes', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    await drive(await inspect(checklistId, v.liaison), 'withdraw');
    const venue = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: officer,
      payload: { organizationId: v.id, ...RENTED_SMALL },
    });
    expect(venue.statusCode, venue.body).toBe(201);
    let s = await standing(checklistId, v.liaison);
    expect(s.blockers).toMatchObject([{ code: 'venue_on_list', count: 1 }]);
    expect(s.blockers[0]!.textZh).toContain('活动场所仍在清零台账上');
    expect(s.allowedActions).toEqual([]);
    const listed = (
      await t.app.inject({ method: 'GET', url: `/api/attainments?organizationId=${v.id}`, headers: officer })
    ).json<AttainmentList>();
    expect(listed.items[0]!.blockers.map((b) => b.code)).toEqual(['venue_on_list']);
    const before = await countAuditEvents(t.db);
    const refused = await fire(checklistId, v.liaison, { action: 'propose', version: 0, note: '核验完毕' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.message).toContain('活动场所仍在清零台账上（1 处未达标');
    expect(refused.json().error.details.blockers).toEqual([{ code: 'venue_on_list', count: 1 }]);
    expect(await countAuditEvents(t.db)).toBe(before);

    // The register corrected (the figures had been entered wrong): off the list, and the village may be proposed.
    const fixed = await t.app.inject({
      method: 'PATCH',
      url: `/api/venues/${venue.json().id}`,
      headers: officer,
      payload: { version: venue.json().version, ...NEW_FIGURES, correctionReason: '登记时面积和产权录入有误' },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((await standing(checklistId, v.liaison)).allowedActions).toEqual(['propose']);
    expect((await fire(checklistId, v.liaison, { action: 'propose', version: 0, note: '核验完毕' })).statusCode).toBe(200);

    // A second venue registered meanwhile, failing: the confirmation is refused.
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: officer,
      payload: { organizationId: v.id, ...RENTED_SMALL, name: '第二活动室' },
    });
    expect(second.statusCode, second.body).toBe(201);
    const confirm = await fire(checklistId, officer, { action: 'confirm', version: 1 });
    expect(confirm.statusCode, confirm.body).toBe(422);
    s = await standing(checklistId, officer);
    expect(s).toMatchObject({ status: 'proposed', allowedActions: ['reject'] });
  });
});

describe('达标验收 of an archived village', () => {
  it('keeps it as it was: nothing is proposed, confirmed or sent back', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    const [a, b, c] = standard.itemIds;
    for (const id of [a!, b!]) await record(checklistId, id, { result: 'meets' }, v.liaison);
    const last = await record(checklistId, c!, { result: 'meets' }, v.liaison);
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-checklists/${checklistId}/complete`,
      headers: v.liaison,
      payload: { version: last.version },
    });
    expect(done.statusCode, done.body).toBe(200);
    const setArchived = async (archived: boolean) => {
      const org = (await t.app.inject({ method: 'GET', url: `/api/organizations/${v.id}`, headers: admin })).json();
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${v.id}`,
        headers: admin,
        payload: { version: org.version, archived },
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    await setArchived(true);
    expect((await standing(checklistId)).allowedActions).toEqual([]);
    const refused = await fire(checklistId, admin, { action: 'propose', version: 0, note: '经逐项核验，整改到位' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.message).toContain('归档');

    // Proposed before the archiving: the district can neither confirm nor send it back afterwards.
    await setArchived(false);
    expect((await fire(checklistId, admin, { action: 'propose', version: 0, note: '经逐项核验，整改到位' })).statusCode).toBe(200);
    await setArchived(true);
    expect((await standing(checklistId, officer)).allowedActions).toEqual([]);
    const events = await countAuditEvents(t.db, 'attainment.transitioned');
    expect((await fire(checklistId, officer, { action: 'confirm', version: 1 })).statusCode).toBe(409);
    expect((await fire(checklistId, officer, { action: 'reject', version: 1, reason: '佐证材料不全' })).statusCode).toBe(409);
    expect(await countAuditEvents(t.db, 'attainment.transitioned')).toBe(events);
    expect(await standing(checklistId, officer)).toMatchObject({ status: 'proposed', version: 1, confirmedOn: null });
  });
});

describe('达标验收 and 回头看 together', () => {
  /** A village whose only problem is closed and which is proposed as 达标 (attainment version 1). */
  async function proposedVillage() {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    const p = await drive(await inspect(checklistId, v.liaison), 'start', 'submit', 'accept', 'close');
    const res = await fire(checklistId, v.liaison, { action: 'propose', version: 0, note: '经逐项核验，整改到位' });
    expect(res.statusCode, res.body).toBe(200);
    return { v, checklistId, p };
  }

  it('sends a proposal back when a problem of its round is reopened, so a confirmation read before it is refused', async () => {
    const { v, checklistId, p } = await proposedVillage();
    const events = await countAuditEvents(t.db);
    const reopened = await drive(p, 'reopen');
    expect(await countAuditEvents(t.db)).toBe(events + 2);
    const s = await standing(checklistId, officer);
    expect(s).toMatchObject({ status: 'returned', version: 2, unsettledProblems: 1, allowedActions: [] });
    expect(s.reason).toContain('回头看发现问题反弹');
    expect(s.history.at(-1)).toMatchObject({ action: 'reject', fromStatus: 'proposed', toStatus: 'returned', problem: { id: p.id } });
    // The district's page still showed version 1.
    expect((await fire(checklistId, officer, { action: 'confirm', version: 1 })).statusCode).toBe(409);
    expect((await standing(checklistId, officer)).status).toBe('returned');
    // Settled again, the liaison group proposes again.
    await drive(reopened, 'submit', 'accept', 'close');
    expect((await standing(checklistId, v.liaison)).allowedActions).toEqual(['propose']);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'does not confirm a village while a problem of its round is being reopened (PostgreSQL, read committed)',
    async () => {
      const { checklistId, p } = await proposedVillage();
      // Audited writers take turns at the audit chain's head. Held there, the reopening stops with the problem
      // reopened but not committed, and the confirmation, which counts no unsettled problem, stops behind it.
      const [r, c] = await inTurn(
        t.db,
        auditChainHead,
        () => transition(t, admin, p, 'reopen', '回头看发现问题反弹'),
        () => fire(checklistId, officer, { action: 'confirm', version: 1 }),
      );
      expect(r.statusCode, r.body).toBe(200);
      expect(c.statusCode, c.body).toBe(409);
      expect(await standing(checklistId, officer)).toMatchObject({ status: 'returned', unsettledProblems: 1 });
    },
  );
});

describe('集中整改期', () => {
  it("runs two months from the round's completion by default, may be set by the district, and dates new problems", async () => {
    const v = await village();
    const { round, checklistId } = await startRound(v.id, '2026-12-10');
    expect(round.rectification).toEqual({ start: '2026-12-10', end: '2027-02-10', source: 'projected', daysLeft: 75 });
    expect(round.allowedActions).toEqual(['close', 'setPeriod']);
    const [a, b] = standard.itemIds;
    const due = async (itemId: string) => {
      const c = await record(checklistId, itemId, { result: 'fails', problem: { description: '台账不全' } }, v.liaison);
      const id = c.areas
        .flatMap((x: { items: Array<{ checkItemId: string; problemId: string }> }) => x.items)
        .find((i: { checkItemId: string }) => i.checkItemId === itemId).problemId;
      return (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: admin })).json().dueOn;
    };
    expect(await due(a!)).toBe('2027-02-10');

    const put = (headers: Headers, payload: object) =>
      t.app.inject({ method: 'PUT', url: `/api/inspection-rounds/${round.id}/rectification-period`, headers, payload });
    expect((await put(officer, { version: round.version, start: '2026-12-31', end: '2026-12-01' })).statusCode).toBe(400);
    expect((await put(officer, { version: round.version, start: '2026-12-01', end: null })).statusCode).toBe(400);
    expect((await put(secretary, { version: round.version, start: '2026-12-01', end: '2027-01-31' })).statusCode).toBe(404);
    expect((await put(v.liaison, { version: round.version, start: '2026-12-01', end: '2027-01-31' })).statusCode).toBe(403);
    const before = await countAuditEvents(t.db, 'inspection.rectification_period_set');
    let res = await put(officer, { version: round.version, start: '2026-12-01', end: '2027-01-31' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rectification).toEqual({ start: '2026-12-01', end: '2027-01-31', source: 'set', daysLeft: 65 });
    expect(await countAuditEvents(t.db, 'inspection.rectification_period_set')).toBe(before + 1);
    expect((await put(officer, { version: round.version, start: null, end: null })).statusCode).toBe(409);
    expect(await due(b!)).toBe('2027-01-31');

    // Back to the default; once the round is closed the default runs from its completion (today, 2026-11-27).
    res = await put(officer, { version: res.json().version, start: null, end: null });
    expect(res.json().rectification.source).toBe('projected');
    await record(checklistId, standard.itemIds[2]!, { result: 'meets' }, v.liaison);
    const c = (await t.app.inject({ method: 'GET', url: `/api/inspection-checklists/${checklistId}`, headers: v.liaison })).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/inspection-checklists/${checklistId}/complete`,
      headers: v.liaison,
      payload: { version: c.version },
    });
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-rounds/${round.id}/close`,
      headers: officer,
      payload: { version: res.json().version },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().rectification).toEqual({ start: '2026-11-27', end: '2027-01-27', source: 'default', daysLeft: 61 });
    expect(closed.json().allowedActions).toEqual(['setPeriod']);
  });
});

describe('where the standing shows', () => {
  it('freezes into the weekly snapshot, weighs in the ranking, and is stated in the circular', async () => {
    const v = await village();
    const { checklistId } = await startRound(v.id);
    await drive(await inspect(checklistId, v.liaison), 'withdraw');
    await fire(checklistId, v.liaison, { action: 'propose', version: 0, note: '核验完毕' });
    expect((await fire(checklistId, officer, { action: 'confirm', version: 1 })).statusCode).toBe(200);
    const other = await village();
    const second = await startRound(other.id);
    await inspect(second.checklistId, other.liaison);

    // The district overview: the two 到位 and "N / villages 达标".
    const o = await overview();
    expect(o.attainment.attained).toBeGreaterThanOrEqual(1);
    expect(o.attainment.villages).toBeGreaterThanOrEqual(18);
    // The district's 集中整改期: that of its latest closed round, else of its latest round.
    expect(o.attainment.round).not.toBeNull();
    expect(o.inPlace.rectification).toMatchObject({ closed: o.statusCounts.closed, total: o.statusCounts.total, inPlace: false });
    expect(o.inPlace.tracking.formulaZh).toContain('跟踪督查到位');
    // Everything here began today: no report nor circular has fallen due yet.
    expect(o.inPlace.tracking).toMatchObject({ value: null, inPlace: true, reportsExpected: 0, circularsExpected: 0 });

    // The next week, the job freezes the week with each village's standing.
    setShanghai(t, '2026-12-01 10:00');
    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    // Sessions have lapsed over the days the clock moved.
    [admin, officer] = [await t.login('admin'), await t.login('officer')];
    const rows = await snapshotRows(t.db, '2026-11-23');
    const row = (id: string) => rows.find((r) => r.organization_id === id)!;
    expect(row(v.id)).toMatchObject({ standard_score: 20, standard_max: 20, units_scored: 1, units_attained: 1 });
    expect(row(other.id)).toMatchObject({ standard_score: 15, standard_max: 20, units_scored: 1, units_attained: 0 });
    const liangtian = row(await t.orgId('良田街道'));
    expect(Number(liangtian.units_attained)).toBeGreaterThanOrEqual(1);
    const trendRes = await t.app.inject({ method: 'GET', url: `/api/statistics/trend?organizationId=${v.id}&weeks=2`, headers: admin });
    expect(trendRes.statusCode, trendRes.body).toBe(200);
    const trend = trendRes.json();
    expect(trend.points[0]).toMatchObject({ week: '2026-11-23', frozen: true, figures: { standardShare: 1, unitsAttained: 1 } });

    // The ranking: a documented part of the score.
    const ranking = (await t.app.inject({ method: 'GET', url: '/api/rankings/monthly?month=2026-11', headers: officer })).json();
    expect(ranking.weights.standardScore).toBe(20);
    expect(ranking.scoreFormula.zh).toContain('对标得分率');
    const entry = (id: string) => ranking.villages.find((e: { organizationId: string }) => e.organizationId === id);
    expect(entry(v.id)).toMatchObject({ parts: { standardScore: 1 }, figures: { standardScore: 20, standardMax: 20, unitsAttained: 1 } });
    expect(entry(other.id).parts.standardScore).toBe(0.75);
    expect(entry(other.id).score).toBeLessThan(entry(v.id).score);

    // The circular states both: villages 达标 and the rectification period; the annex lists each village's standing.
    const circ = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-11' } });
    expect(circ.statusCode, circ.body).toBe(201);
    const annex = circ.json().annex;
    expect(annex.attainment).toMatchObject({ attained: o.attainment.attained, villages: o.attainment.villages });
    expect(annex.attainment.period).toMatchObject({ end: o.attainment.round!.rectification.end });
    const overall = circ.json().sections.find((s: { key: string }) => s.key === 'overall').text as string;
    expect(overall).toContain(`全区${o.attainment.villages}个村（社区）中已有${o.attainment.attained}个通过达标验收`);
    expect(overall).toContain('距集中整改期结束还有');
    expect(annex.ranking.villages.find((r: { name: string }) => r.name === v.name)).toMatchObject({ standardScore: 20, attained: 1 });
    const docx = await t.app.inject({ method: 'GET', url: `/api/circulars/${circ.json().id}/docx`, headers: officer });
    expect(docx.statusCode).toBe(200);
  });
});

async function overview(): Promise<DashboardOverview> {
  const res = await t.app.inject({ method: 'GET', url: '/api/dashboard/overview', headers: officer });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DashboardOverview>();
}

async function makeForeignProblem() {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/problems',
    headers: admin,
    payload: { organizationId: await t.orgId('张东村'), description: '别村的问题', severity: 'minor', dueOn: '2026-12-31' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}
