import { lastCompletedWeek } from '../../../domain/cadence.ts';
import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * Statistics follow problem.read scope (out of scope → 404); recomputing a
 * frozen week is for a whole-district admin only (403 for everyone else).
 */
export function statisticsAccessRows(env: AccessEnv): AccessRow[] {
  const orgId = (name: string) => env.t().orgId(name);
  return [
    {
      route: 'GET /api/statistics/weeks',
      target: "the reader's own scope, this week",
      request: async () => ({ method: 'GET', url: '/api/statistics/weeks' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/statistics/weeks',
      target: '良田街道, this week',
      request: async () => ({ method: 'GET', url: `/api/statistics/weeks?organizationId=${await orgId('良田街道')}` }),
      expect: statuses(200, { secretary: 404, zhangdong: 404 }),
    },
    {
      route: 'GET /api/statistics/trend',
      target: '张东村, 8 weeks',
      request: async () => ({ method: 'GET', url: `/api/statistics/trend?organizationId=${await orgId('张东村')}&weeks=8` }),
      expect: statuses(200, { liangtian: 404, secretary: 404, ltadmin: 404 }),
    },
    {
      route: 'GET /api/statistics/snapshot-weeks',
      target: 'the frozen weeks',
      request: async () => ({ method: 'GET', url: '/api/statistics/snapshot-weeks' }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/statistics/weeks/{week}/recompute',
      target: 'the last completed week',
      writes: 'on-success',
      request: async () => {
        const week = lastCompletedWeek(env.t().clock.now());
        const list = await env.ok({ method: 'GET', url: '/api/statistics/snapshot-weeks' });
        const version = (list.items as Array<{ weekStart: string; version: number }>).find((w) => w.weekStart === week)?.version ?? 0;
        return { method: 'POST', url: `/api/statistics/weeks/${week}/recompute`, payload: { version } };
      },
      expect: statuses(403, { admin: 200 }),
    },
  ];
}
