import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import type { VillageDashboard } from '../../../domain/contracts/dashboard.ts';
import type { Visit, VisitList, VisitTask, VisitTaskList } from '../../../domain/contracts/visits.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Leaders' supervision visits (调研督导) through the API on a real database:
 * the district records a visit, turns instructions into tracked tasks
 * (交办事项), records their outcomes; late tasks show on the village
 * dashboard and in the circular's overdue list.
 */
// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai.
let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let zhangdong: Headers;
let liaison: Headers;
let damin: string;
let mali: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  liaison = await t.login('liaison');
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

const visit = (organizationIds: string[], extra: object = {}) => ({
  visitedOn: '2026-11-10',
  leaderName: '刘振华',
  leaderTitle: '区党工委书记',
  organizationIds,
  observations: '实地察看活动场所，听取整改情况汇报。',
  instructions: '活动场所建设要一村一案，尽快拿出建设方案。',
  ...extra,
});

describe('recording a visit', () => {
  it('refuses a day after today or outside the program’s years (2999-12-31 and 1900-01-01 were taken)', async () => {
    const before = await countAuditEvents(t.db, 'visit.recorded');
    for (const visitedOn of ['2999-12-31', '1900-01-01', '2026-11-28']) {
      const res = await call(officer, 'POST', '/api/visits', visit([damin], { visitedOn }));
      expect(res.statusCode, visitedOn).toBe(400);
      expect(res.json().error.details.fields[0].path).toBe('visitedOn');
    }
    expect(await countAuditEvents(t.db, 'visit.recorded')).toBe(before);
  });

  it('is the district’s to record; the visited villages read it, others do not', async () => {
    expect((await call(secretary, 'POST', '/api/visits', visit([damin]))).statusCode).toBe(403);
    expect((await call(zhangdong, 'POST', '/api/visits', visit([damin]))).statusCode).toBe(404);
    const before = await countAuditEvents(t.db, 'visit.recorded');
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, mali])), 201);
    expect(await countAuditEvents(t.db, 'visit.recorded')).toBe(before + 1);
    expect(v).toMatchObject({ leaderName: '刘振华', leaderTitle: '区党工委书记', allowedActions: ['edit', 'assign'], tasks: [] });
    expect(v.organizations.map((o) => o.name).sort()).toEqual(['大闵村', '麻李村'].sort());

    expect((await ok<Visit>(call(secretary, 'GET', `/api/visits/${v.id}`))).allowedActions).toEqual([]);
    expect((await call(zhangdong, 'GET', `/api/visits/${v.id}`)).statusCode).toBe(404);
    const mine = await ok<VisitList>(call(secretary, 'GET', '/api/visits'));
    expect(mine.items.some((x) => x.id === v.id)).toBe(true);
    expect(mine.canRecord).toBe(false);
    expect((await ok<VisitList>(call(zhangdong, 'GET', '/api/visits'))).items.some((x) => x.id === v.id)).toBe(false);

    // Only villages and communities are visited.
    const sub = await call(officer, 'POST', '/api/visits', visit([await t.orgId('良田街道')]));
    expect(sub.statusCode).toBe(400);
  });

  it('edits the record under its version; a village with tasks stays on the visit', async () => {
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, mali])), 201);
    await ok(
      call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
        organizationId: mali,
        instruction: '制定场所建设方案',
        ownerUnit: '麻李村党支部',
        dueOn: '2026-12-15',
      }),
      201,
    );
    const dropped = await call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, organizationIds: [damin] });
    expect(dropped.statusCode).toBe(400);
    const edited = await ok<Visit>(
      call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, leaderTitle: '区党工委副书记', organizationIds: [mali] }),
    );
    expect(edited).toMatchObject({ leaderTitle: '区党工委副书记', organizations: [{ name: '麻李村' }], version: v.version + 1 });
    expect((await call(officer, 'PATCH', `/api/visits/${v.id}`, { version: v.version, leaderTitle: '旧' })).statusCode).toBe(409);
  });
});

describe('tasks (交办事项)', () => {
  it('go to a village of the visit, with owner unit and deadline; a late one shows on that village’s dashboard', async () => {
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin, mali])), 201);
    const notVisited = await call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
      organizationId: await t.orgId('良田村'),
      instruction: '制定方案',
      ownerUnit: '良田村党支部',
      dueOn: '2026-11-20',
    });
    expect(notVisited.statusCode).toBe(400);
    // The liaison member reads the visit (it went to 大闵村) but does not assign tasks.
    expect(
      (
        await call(liaison, 'POST', `/api/visits/${v.id}/tasks`, {
          organizationId: mali,
          instruction: '制定方案',
          ownerUnit: '麻李村',
          dueOn: '2026-11-20',
        })
      ).statusCode,
    ).toBe(403);

    const late = await ok<VisitTask>(
      call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
        organizationId: mali,
        instruction: '制定村级活动场所新建方案',
        ownerUnit: '麻李村党支部、良田街道',
        dueOn: '2026-11-20',
      }),
      201,
    );
    expect(late).toMatchObject({ status: 'open', overdue: true, daysOverdue: 7, allowedActions: ['complete', 'mark_not_done'] });
    const soon = await ok<VisitTask>(
      call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
        organizationId: damin,
        instruction: '每周报告场所建设进展',
        ownerUnit: '大闵村党支部',
        dueOn: '2026-12-04',
      }),
      201,
    );
    expect(soon.overdue).toBe(false);

    const maliBoard = await ok<VillageDashboard>(call(admin, 'GET', `/api/dashboard/village?organizationId=${mali}`));
    expect(maliBoard.visitTasks.map((x) => x.id)).toContain(late.id);
    const daminBoard = await ok<VillageDashboard>(call(secretary, 'GET', '/api/dashboard/village'));
    expect(daminBoard.visitTasks.map((x) => x.id)).toContain(soon.id);
    expect(daminBoard.visitTasks.map((x) => x.id)).not.toContain(late.id);
    expect(daminBoard.visitTasks.find((x) => x.id === soon.id)!.allowedActions).toEqual([]);

    const overdue = await ok<VisitTaskList>(call(officer, 'GET', '/api/visit-tasks?overdue=1&pageSize=200'));
    expect(overdue.items.map((x) => x.id)).toContain(late.id);
    expect(overdue.items.map((x) => x.id)).not.toContain(soon.id);
  });

  it('close with an outcome: not done (with what is missing), then done; the village may not record it', async () => {
    const v = await ok<Visit>(call(officer, 'POST', '/api/visits', visit([damin])), 201);
    let task = await ok<VisitTask>(
      call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
        organizationId: damin,
        instruction: '亮出问题台账',
        ownerUnit: '大闵村党支部',
        dueOn: '2026-11-25',
      }),
      201,
    );
    expect(
      (await call(secretary, 'POST', `/api/visit-tasks/${task.id}/outcome`, { version: task.version, action: 'complete' })).statusCode,
    ).toBe(403);
    const bare = await call(officer, 'POST', `/api/visit-tasks/${task.id}/outcome`, { version: task.version, action: 'mark_not_done' });
    expect(bare.statusCode).toBe(400);
    task = await ok<VisitTask>(
      call(officer, 'POST', `/api/visit-tasks/${task.id}/outcome`, {
        version: task.version,
        action: 'mark_not_done',
        note: '公开栏尚未制作',
      }),
    );
    expect(task).toMatchObject({ status: 'not_done', outcomeNote: '公开栏尚未制作', overdue: true, allowedActions: ['complete'] });
    const stale = await call(officer, 'POST', `/api/visit-tasks/${task.id}/outcome`, { version: task.version - 1, action: 'complete' });
    expect(stale.statusCode).toBe(409);
    task = await ok<VisitTask>(
      call(officer, 'POST', `/api/visit-tasks/${task.id}/outcome`, {
        version: task.version,
        action: 'complete',
        note: '已在村务公开栏公示',
      }),
    );
    expect(task).toMatchObject({ status: 'done', overdue: false, allowedActions: [] });
    expect(task.doneAt).not.toBeNull();
    const again = await call(officer, 'POST', `/api/visit-tasks/${task.id}/outcome`, { version: task.version, action: 'complete' });
    expect(again.statusCode).toBe(422);
  });
});

describe('in the circular', () => {
  it('lists the late tasks in annex 3 and says so in the overdue section', async () => {
    const v = await ok<Visit>(
      call(officer, 'POST', '/api/visits', visit([mali], { leaderName: '孙建平', leaderTitle: '区党工委副书记' })),
      201,
    );
    await ok(
      call(officer, 'POST', `/api/visits/${v.id}/tasks`, {
        organizationId: mali,
        instruction: '逐村制定场所建设方案',
        ownerUnit: '麻李村党支部',
        dueOn: '2026-11-18',
      }),
      201,
    );
    const c = await ok<CircularDetail>(call(officer, 'POST', '/api/circulars', { month: '2026-11' }), 201);
    const row = c.annex.overdueTasks!.find((x) => x.instruction === '逐村制定场所建设方案');
    expect(row).toMatchObject({
      organization: '麻李村',
      leader: '孙建平（区党工委副书记）',
      dueOn: '2026-11-18',
      daysOverdue: 9,
      ownerUnit: '麻李村党支部',
    });
    expect(c.sections.find((s) => s.key === 'overdue')!.text).toMatch(/另有领导调研督导交办事项\d+项逾期未办结，涉及.*麻李村/);
    // The portal's copy shows the list the body points to ("清单见附件3"), the leader's name masked.
    await ok(call(officer, 'POST', `/api/circulars/${c.id}/publish`, { version: c.version, confirmRunningMonth: true }), 200);
    const page = (await t.app.inject({ method: 'GET', url: `/public/circulars/${c.id}` })).body;
    expect(page).toContain('逾期未办结的调研督导交办事项');
    expect(page).toContain('逐村制定场所建设方案');
    expect(page).toContain('孙*');
    expect(page).not.toContain('孙建平');
  });
});
