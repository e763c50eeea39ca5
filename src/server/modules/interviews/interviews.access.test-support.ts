import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * Interviews: readers of an organization see its interviews; interview.manage over it (district officer,
 * district admin — ltadmin within 良田街道) schedules and handles them; candidates are district-wide only.
 */
export function interviewAccessRows(env: AccessEnv): AccessRow[] {
  const fresh = async (state: 'scheduled' | 'held' = 'scheduled'): Promise<{ id: string; version: number }> => {
    let iv = await env.ok(
      {
        method: 'POST',
        url: '/api/interviews',
        payload: {
          organizationId: await env.t().orgId('大闵村'),
          scheduledAt: '2026-12-03T09:30:00+08:00',
          location: '区委组织部会议室',
          interviewer: '区党群工作部',
          attendees: '村党支部书记',
          notice: '请按时参加约谈。',
        },
      },
      201,
    );
    if (state === 'held')
      iv = await env.ok({
        method: 'POST',
        url: `/api/interviews/${iv.id}/record`,
        payload: { version: iv.version, talkingPoints: '要点', commitments: '承诺', commitmentDueOn: '2026-12-31' },
      });
    return iv;
  };
  const MANAGE = (ok: number) => statuses(403, { admin: ok, officer: ok, ltadmin: ok, zhangdong: 404 });
  return [
    {
      route: 'GET /api/interviews/candidates',
      target: "this month's candidates",
      request: async () => ({ method: 'GET', url: '/api/interviews/candidates' }),
      expect: statuses(403, { admin: 200, officer: 200 }),
    },
    {
      route: 'GET /api/interviews',
      target: "interviews of the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/interviews' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/interviews/{id}',
      target: 'an interview of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/interviews/${(await fresh()).id}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/interviews',
      target: 'an interview of 大闵村',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/interviews',
        payload: {
          organizationId: await env.t().orgId('大闵村'),
          scheduledAt: '2026-12-03T09:30:00+08:00',
          location: '区委组织部会议室',
          interviewer: '区党群工作部',
          attendees: '村党支部书记',
          notice: '请按时参加约谈。',
        },
      }),
      expect: MANAGE(201),
    },
    {
      route: 'PATCH /api/interviews/{id}',
      target: 'a scheduled interview of 大闵村',
      writes: 'on-success',
      request: async () => {
        const iv = await fresh();
        return { method: 'PATCH', url: `/api/interviews/${iv.id}`, payload: { version: iv.version, location: '高新区政务中心' } };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/interviews/{id}/record',
      target: 'a scheduled interview of 大闵村',
      writes: 'on-success',
      request: async () => {
        const iv = await fresh();
        return {
          method: 'POST',
          url: `/api/interviews/${iv.id}/record`,
          payload: { version: iv.version, talkingPoints: '要点', commitments: '承诺', commitmentDueOn: '2026-12-31' },
        };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/interviews/{id}/close',
      target: 'a held interview of 大闵村',
      writes: 'on-success',
      request: async () => {
        const iv = await fresh('held');
        return { method: 'POST', url: `/api/interviews/${iv.id}/close`, payload: { version: iv.version, followUp: '已整改到位' } };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/interviews/{id}/cancel',
      target: 'a scheduled interview of 大闵村',
      writes: 'on-success',
      request: async () => {
        const iv = await fresh();
        return { method: 'POST', url: `/api/interviews/${iv.id}/cancel`, payload: { version: iv.version, reason: '改为书面提醒' } };
      },
      expect: MANAGE(200),
    },
  ];
}
