import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/** Everyone signed in reads rankings and colours of their own scope; an organization outside it is not found. */
export function rankingAccessRows(env: AccessEnv): AccessRow[] {
  return [
    {
      route: 'GET /api/rankings/monthly',
      target: "this month's ranking (rows of the reader's scope)",
      request: async () => ({ method: 'GET', url: '/api/rankings/monthly' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/rag',
      target: "this week's colours of the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/rag?period=week' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/rag',
      target: "大闵村's colours this month",
      request: async () => ({ method: 'GET', url: `/api/rag?period=month&organizationId=${await env.t().orgId('大闵村')}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'GET /api/rag',
      target: "张东村's colours this week",
      request: async () => ({ method: 'GET', url: `/api/rag?period=week&organizationId=${await env.t().orgId('张东村')}` }),
      expect: statuses(200, { liangtian: 404, secretary: 404, ltadmin: 404 }),
    },
  ];
}
