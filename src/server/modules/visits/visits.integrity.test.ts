import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visit, VisitTask } from '../../../domain/contracts/visits.ts';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { auditChainHead, inTurn } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * What a visit's record may not do: change for an archived (撤销) village, offer villages the user may not assign
 * to, or take a task for a village being removed from it.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let damin: string;
let mali: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  [damin, mali] = await Promise.all([t.orgId('大闵村'), t.orgId('麻李村')]);
});
afterAll(() => t.close());

function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

const visit = (organizationIds: string[]) => ({
  visitedOn: '2026-11-10',
  leaderName: '刘振华',
  leaderTitle: '区党工委书记',
  organizationIds,
  observations: '实地察看活动场所，听取整改情况汇报。',
  instructions: '活动场所建设要一村一案，尽快拿出建设方案。',
});
const task = (organizationId: string) => ({ organizationId, instruction: '制定场所建设方案', ownerUnit: '村党支部', dueOn: '2026-12-15' });

describe("an archived village's visit", () => {
  it('is read only: no action is offered, and editing, assigning or resolving is 409 with nothing written', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([org.id])), 201);
    const open = await ok<VisitTask>(call(officer, 'POST', `/api/visits/${v.id}/tasks`, task(org.id)), 201);
    await ok(call(admin, 'PATCH', `/api/organizations/${org.id}`, { version: org.version, archived: true }));

    const seen = await ok<Visit>(call(officer, 'GET', `/api/visits/${v.id}`));
    expect(seen.allowedActions).toEqual([]);
    expect(seen.organizations).toEqual([{ id: org.id, name: org.name, assignable: false }]);
    expect(seen.tasks.map((x) => x.allowedActions)).toEqual([[]]);

    const events = await countAuditEvents(t.db);
    const writes = [
      await call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, leaderTitle: '区党工委副书记' }),
      await call(officer, 'POST', `/api/visits/${v.id}/tasks`, task(org.id)),
      await call(officer, 'POST', `/api/visit-tasks/${open.id}/outcome`, { version: open.version, action: 'complete' }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toContain('已撤销（归档）');
    }
    expect(await countAuditEvents(t.db)).toBe(events);
    expect(await ok<Visit>(call(officer, 'GET', `/api/visits/${v.id}`))).toMatchObject({ version: v.version, tasks: [{ status: 'open' }] });
  });

  it('still takes tasks for its other villages', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, org.id])), 201);
    await ok(call(admin, 'PATCH', `/api/organizations/${org.id}`, { version: org.version, archived: true }));
    const seen = await ok<Visit>(call(officer, 'GET', `/api/visits/${v.id}`));
    expect(seen.allowedActions).toEqual(['assign']);
    expect(seen.organizations.find((o) => o.id === damin)!.assignable).toBe(true);
    await ok(call(officer, 'POST', `/api/visits/${v.id}/tasks`, task(damin)), 201);
  });
});

describe('the villages a task may go to', () => {
  it('are marked per village: those the user manages visits for, not archived', async () => {
    const u = await makeUser(t, admin, [{ role: 'district_officer', org: '良田街道' }]);
    const partial = await t.login(u.username, TEST_PASSWORD);
    const zhangdong = await t.orgId('张东村');
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, zhangdong])), 201);
    expect(v.organizations.every((o) => o.assignable)).toBe(true);

    const seen = await ok<Visit>(call(partial, 'GET', `/api/visits/${v.id}`));
    expect(seen.allowedActions).toEqual(['assign']);
    expect(Object.fromEntries(seen.organizations.map((o) => [o.name, o.assignable]))).toEqual({ 大闵村: true, 张东村: false });
    expect((await call(partial, 'POST', `/api/visits/${v.id}/tasks`, task(zhangdong))).statusCode).toBe(403);
    await ok(call(partial, 'POST', `/api/visits/${v.id}/tasks`, task(damin)), 201);

    const reader = await ok<Visit>(call(await t.login('secretary'), 'GET', `/api/visits/${v.id}`));
    expect(reader.organizations.some((o) => o.assignable)).toBe(false);
  });
});

/**
 * Audited writers take turns at the audit chain's head: held there, the first request stops with its writes made but
 * not committed, and the second starts meanwhile. Answers both responses.
 */
const race = (first: () => ReturnType<typeof call>, second: () => ReturnType<typeof call>) => inTurn(t.db, auditChainHead, first, second);

describe('a village being removed from a visit', () => {
  // SQLite runs one writer at a time: the race is PostgreSQL's (read committed).
  it.runIf(process.env.TEST_DATABASE_URL)(
    'takes no task meanwhile, nor is removed while a task is assigned to it (PostgreSQL)',
    async () => {
      const tasksOf = (visitId: string) =>
        t.db.kysely.selectFrom('visit_tasks').select('organization_id').where('visit_id', '=', visitId).execute();

      // The task first: the edit waits for it, then sees it and keeps the village.
      let v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, mali])), 201);
      let [assigned, edited] = await race(
        () => call(officer, 'POST', `/api/visits/${v.id}/tasks`, task(mali)),
        () => call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, organizationIds: [damin] }),
      );
      expect(assigned.statusCode, assigned.body).toBe(201);
      expect(edited.statusCode, edited.body).toBe(400);
      expect((await ok<Visit>(call(officer, 'GET', `/api/visits/${v.id}`))).organizations.map((o) => o.id).sort()).toEqual(
        [damin, mali].sort(),
      );

      // The edit first: the task waits for it, then finds the village gone.
      v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, mali])), 201);
      [edited, assigned] = await race(
        () => call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, organizationIds: [damin] }),
        () => call(officer, 'POST', `/api/visits/${v.id}/tasks`, task(mali)),
      );
      expect(edited.statusCode, edited.body).toBe(200);
      expect(assigned.statusCode, assigned.body).toBe(400);
      expect(await tasksOf(v.id)).toEqual([]);
    },
  );
});
