import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * 调研督导: readers of a visited village read the visit and its tasks; visit.manage over the village (district
 * officers, district admins — ltadmin within 良田街道) records visits, assigns tasks and records their outcomes.
 */
export function visitAccessRows(env: AccessEnv): AccessRow[] {
  const visit = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/visits',
        payload: {
          visitedOn: '2026-11-10',
          leaderName: '刘振华',
          leaderTitle: '区党工委书记',
          organizationIds: [await env.t().orgId('大闵村')],
          observations: '察看活动场所',
          instructions: '尽快拿出场所建设方案',
        },
      },
      201,
    );
  const task = async () => {
    const v = await visit();
    return env.ok(
      {
        method: 'POST',
        url: `/api/visits/${v.id}/tasks`,
        payload: {
          organizationId: await env.t().orgId('大闵村'),
          instruction: '制定场所建设方案',
          ownerUnit: '大闵村党支部',
          dueOn: '2026-12-15',
        },
      },
      201,
    );
  };
  const MANAGE = (ok: number) => statuses(403, { admin: ok, officer: ok, ltadmin: ok, zhangdong: 404 });
  return [
    {
      route: 'GET /api/visits',
      target: "visits to the reader's villages",
      request: async () => ({ method: 'GET', url: '/api/visits' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/visits/{id}',
      target: 'a visit to 大闵村',
      request: async () => ({ method: 'GET', url: `/api/visits/${(await visit()).id}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/visits',
      target: 'a visit to 大闵村',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/visits',
        payload: {
          visitedOn: '2026-11-10',
          leaderName: '孙建平',
          leaderTitle: '区党工委副书记',
          organizationIds: [await env.t().orgId('大闵村')],
          observations: '察看活动场所',
          instructions: '一村一案',
        },
      }),
      expect: MANAGE(201),
    },
    {
      route: 'PATCH /api/visits/{id}',
      target: 'a visit to 大闵村',
      writes: 'on-success',
      request: async () => {
        const v = await visit();
        return { method: 'PATCH', url: `/api/visits/${v.id}`, payload: { version: v.version, leaderTitle: '区党工委副书记' } };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/visits/{id}/tasks',
      target: 'a task for 大闵村',
      writes: 'on-success',
      request: async () => {
        const v = await visit();
        return {
          method: 'POST',
          url: `/api/visits/${v.id}/tasks`,
          payload: {
            organizationId: await env.t().orgId('大闵村'),
            instruction: '亮出问题台账',
            ownerUnit: '大闵村党支部',
            dueOn: '2026-12-15',
          },
        };
      },
      expect: MANAGE(201),
    },
    {
      route: 'GET /api/visit-tasks',
      target: "tasks of the reader's villages, overdue",
      request: async () => ({ method: 'GET', url: '/api/visit-tasks?overdue=1' }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/visit-tasks/{id}/outcome',
      target: 'an open task of 大闵村',
      writes: 'on-success',
      request: async () => {
        const x = await task();
        return { method: 'POST', url: `/api/visit-tasks/${x.id}/outcome`, payload: { version: x.version, action: 'complete' } };
      },
      expect: MANAGE(200),
    },
  ];
}
