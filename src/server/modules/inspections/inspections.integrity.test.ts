import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChecklistDetail, RoundDetail } from '../../../domain/contracts/inspections.ts';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makePublishedStandard } from '../../testing/ledger-factories.ts';
import { auditChainHead, inTurn } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * What an inspection round may not do: write to an archived (撤销) village's checklist, be changed by an officer
 * who manages only part of it, or take a result for a checklist being completed.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let standard: Awaited<ReturnType<typeof makePublishedStandard>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  standard = await makePublishedStandard(t);
});
afterAll(() => t.close());

async function startRound(organizationIds: string[], headers = officer): Promise<RoundDetail> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/inspection-rounds',
    headers,
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

const record = (checklistId: string, itemId: string, body: object, headers: Headers) =>
  t.app.inject({ method: 'PUT', url: `/api/inspection-checklists/${checklistId}/results/${itemId}`, headers, payload: body });
const complete = (checklistId: string, version: number, headers: Headers) =>
  t.app.inject({ method: 'POST', url: `/api/inspection-checklists/${checklistId}/complete`, headers, payload: { version } });
const checklist = async (id: string, headers: Headers): Promise<ChecklistDetail> =>
  (await t.app.inject({ method: 'GET', url: `/api/inspection-checklists/${id}`, headers })).json();

/** A new village of 良田街道 with a liaison member of its own. */
async function village() {
  const org = await makeOrg(t, admin, '良田街道');
  const user = await makeUser(t, admin, [{ role: 'liaison_member', org: org.id }]);
  return { ...org, liaison: await t.login(user.username, TEST_PASSWORD) };
}

describe("an archived village's checklist", () => {
  it('is read only: no action is offered, and recording or completing is 409 with nothing written', async () => {
    const v = await village();
    const round = await startRound([v.id]);
    const c = round.checklists[0]!;
    const [a, b, d] = standard.itemIds;
    expect((await record(c.id, a!, { result: 'meets' }, v.liaison)).statusCode).toBe(200);
    expect((await record(c.id, d!, { result: 'na' }, v.liaison)).statusCode).toBe(200);
    const archived = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${v.id}`,
      headers: admin,
      payload: { version: v.version, archived: true },
    });
    expect(archived.statusCode, archived.body).toBe(200);

    const before = await checklist(c.id, v.liaison);
    expect(before.allowedActions).toEqual([]);
    const events = await countAuditEvents(t.db);
    const writes = [
      await record(c.id, b!, { result: 'meets' }, v.liaison),
      await record(c.id, b!, { result: 'na' }, v.liaison),
      await record(c.id, b!, { result: 'fails', problem: { description: '制度未上墙' } }, v.liaison),
      await complete(c.id, before.version, v.liaison),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toContain('已撤销（归档）');
    }
    expect(await countAuditEvents(t.db)).toBe(events);
    expect(await checklist(c.id, v.liaison)).toMatchObject({ status: 'in_progress', recorded: 2, version: before.version });
  });
});

describe('a round covering more than one sub-district', () => {
  it('is closed and its 集中整改期 set only by those who manage every checklist of it', async () => {
    const u = await makeUser(t, admin, [{ role: 'district_officer', org: '良田街道' }]);
    const partial = await t.login(u.username, TEST_PASSWORD);
    const round = await startRound([await t.orgId('大闵村'), await t.orgId('张东村')], admin);

    const seen: RoundDetail = (await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: partial })).json();
    expect(seen.checklists.map((c) => c.organizationName)).toEqual(['大闵村']);
    expect(seen.allowedActions).toEqual([]);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: partial })).json();
    expect(listed.items.find((r: { id: string }) => r.id === round.id).allowedActions).toEqual([]);

    const period = await t.app.inject({
      method: 'PUT',
      url: `/api/inspection-rounds/${round.id}/rectification-period`,
      headers: partial,
      payload: { version: round.version, start: '2026-12-01', end: '2027-01-31' },
    });
    expect(period.statusCode, period.body).toBe(403);
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/inspection-rounds/${round.id}/close`,
      headers: partial,
      payload: { version: round.version },
    });
    expect(close.statusCode, close.body).toBe(403);

    // The district's officer manages both.
    const whole: RoundDetail = (await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${round.id}`, headers: officer })).json();
    expect(whole.allowedActions).toEqual(['close', 'setPeriod']);
    // A round within 良田街道 is the sub-district officer's to manage.
    const own = await startRound([await t.orgId('大闵村')], partial);
    expect(own.allowedActions).toEqual(['close', 'setPeriod']);
  });
});

describe('a checklist being completed', () => {
  // SQLite runs one writer at a time: the race is PostgreSQL's (read committed).
  it.runIf(process.env.TEST_DATABASE_URL)('takes no result (nor a new problem) meanwhile (PostgreSQL, read committed)', async () => {
    const v = await village();
    const round = await startRound([v.id]);
    const c = round.checklists[0]!;
    const [a, b, d] = standard.itemIds;
    await record(c.id, a!, { result: 'meets' }, v.liaison);
    await record(c.id, b!, { result: 'meets' }, v.liaison);
    const last = await record(c.id, d!, { result: 'na' }, v.liaison);
    const before: ChecklistDetail = last.json();
    const naVersion = before.areas.flatMap((x) => x.items).find((i) => i.checkItemId === d)!.resultVersion;

    // Audited writers take turns at the audit chain's head. Held here, the completion stops there with the checklist
    // done but not committed; the result, read as in progress, must wait for it and then be refused.
    const [done, late] = await inTurn(
      t.db,
      auditChainHead,
      () => complete(c.id, before.version, v.liaison),
      () => record(c.id, d!, { result: 'fails', version: naVersion, problem: { description: '制度未上墙' } }, v.liaison),
    );
    expect(done.statusCode, done.body).toBe(200);
    // Refused as the state it meets: the checklist was completed meanwhile.
    expect(late.statusCode, late.body).toBe(422);
    expect(late.json().error.message).toContain('已完成');
    const after = await checklist(c.id, v.liaison);
    expect(after).toMatchObject({ status: 'done', failed: 0 });
    const problems = (await t.app.inject({ method: 'GET', url: `/api/problems?roundId=${round.id}`, headers: admin })).json();
    expect(problems.total).toBe(0);
  });
});
