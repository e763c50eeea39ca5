import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';
import { freshPlan, freshReview } from '../reviews/reviews.test-support.ts';

/**
 * 一村一策: readers of the village read its plans; plan.manage over the village (its liaison group — not in this
 * table — and district admins, ltadmin within 良田街道) drafts, edits, refreshes and approves them.
 */
export function planAccessRows(env: AccessEnv): AccessRow[] {
  const plan = async () => freshPlan(env.t(), env.session.admin, await env.t().orgId('大闵村'));
  const MANAGE = (ok: number) => statuses(403, { admin: ok, ltadmin: ok, zhangdong: 404 });
  return [
    {
      route: 'GET /api/village-plans',
      target: "plans of the reader's villages",
      request: async () => ({ method: 'GET', url: '/api/village-plans' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/village-plans/{id}',
      target: 'a draft plan of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/village-plans/${(await plan()).id}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'GET /api/village-plans/{id}/docx',
      target: 'a draft plan of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/village-plans/${(await plan()).id}/docx` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/village-plans',
      target: 'a review of 大闵村 with every outcome recorded',
      writes: 'on-success',
      request: async () => {
        const r = await freshReview(env.t(), env.session.admin, await env.t().orgId('大闵村'), ['confirmed', 'confirmed']);
        return { method: 'POST', url: '/api/village-plans', payload: { reviewId: r.id } };
      },
      expect: MANAGE(201),
    },
    {
      route: 'PATCH /api/village-plans/{id}',
      target: 'a draft plan of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await plan();
        return { method: 'PATCH', url: `/api/village-plans/${p.id}`, payload: { version: p.version, title: '大闵村整改方案' } };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/village-plans/{id}/regenerate',
      target: 'a draft plan of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await plan();
        return { method: 'POST', url: `/api/village-plans/${p.id}/regenerate`, payload: { version: p.version } };
      },
      expect: MANAGE(200),
    },
    {
      route: 'POST /api/village-plans/{id}/approve',
      target: 'a draft plan of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await plan();
        return { method: 'POST', url: `/api/village-plans/${p.id}/approve`, payload: { version: p.version } };
      },
      expect: MANAGE(200),
    },
  ];
}
