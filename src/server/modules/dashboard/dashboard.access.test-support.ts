import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * This module's rows of the route × user access table (src/server/http/access.test.ts).
 * Dashboards read problems: anyone whose problem.read scope covers the organization; 404 outside it.
 */
export function dashboardAccessRows(env: AccessEnv): AccessRow[] {
  const orgQuery = async (name: string) => `?organizationId=${await env.t().orgId(name)}`;
  return [
    {
      route: 'GET /api/dashboard/overview',
      target: 'the reader’s own scope (no organizationId)',
      request: async () => ({ method: 'GET', url: '/api/dashboard/overview' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/dashboard/overview',
      target: '良田街道',
      request: async () => ({ method: 'GET', url: `/api/dashboard/overview${await orgQuery('良田街道')}` }),
      expect: statuses(200, { secretary: 404, zhangdong: 404 }),
    },
    {
      route: 'GET /api/dashboard/overview',
      target: '白杨街道',
      request: async () => ({ method: 'GET', url: `/api/dashboard/overview${await orgQuery('白杨街道')}` }),
      expect: statuses(200, { liangtian: 404, secretary: 404, zhangdong: 404, ltadmin: 404 }),
    },
    {
      route: 'GET /api/dashboard/village',
      target: 'the reader’s own village (no organizationId)',
      request: async () => ({ method: 'GET', url: '/api/dashboard/village' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/dashboard/village',
      target: '大闵村',
      request: async () => ({ method: 'GET', url: `/api/dashboard/village${await orgQuery('大闵村')}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'GET /api/dashboard/village',
      target: '张东村',
      request: async () => ({ method: 'GET', url: `/api/dashboard/village${await orgQuery('张东村')}` }),
      expect: statuses(200, { liangtian: 404, secretary: 404, ltadmin: 404 }),
    },
  ];
}
