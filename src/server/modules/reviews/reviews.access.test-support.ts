import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';
import { doneChecklist, freshReview, MEETING } from './reviews.test-support.ts';

/**
 * The 两委会 review: readers of the village read it; review.record over the village (the village's liaison group —
 * not in this table — and district admins, ltadmin within 良田街道) records it. Withdrawing a disputed problem is the
 * problem action `withdraw` (district officers and liaison members, district admins).
 */
export function reviewAccessRows(env: AccessEnv): AccessRow[] {
  const damin = () => env.t().orgId('大闵村');
  const review = async (outcomes?: ['confirmed' | 'disputed', 'confirmed' | 'disputed']) =>
    freshReview(env.t(), env.session.admin, await damin(), outcomes);
  const RECORD = (ok: number) => statuses(403, { admin: ok, ltadmin: ok, zhangdong: 404 });
  return [
    {
      route: 'GET /api/reviews',
      target: "finished checklists of the reader's villages",
      request: async () => ({ method: 'GET', url: '/api/reviews' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/reviews/{id}',
      target: 'a review of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/reviews/${(await review()).id}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/reviews',
      target: 'a finished checklist of 大闵村',
      writes: 'on-success',
      request: async () => {
        const c = await doneChecklist(env.t(), env.session.admin, await damin());
        return { method: 'POST', url: '/api/reviews', payload: { checklistId: c.checklistId, ...MEETING } };
      },
      expect: RECORD(201),
    },
    {
      route: 'PATCH /api/reviews/{id}',
      target: 'a review of 大闵村',
      writes: 'on-success',
      request: async () => {
        const r = await review();
        return { method: 'PATCH', url: `/api/reviews/${r.id}`, payload: { version: r.version, place: '大闵村党群服务中心' } };
      },
      expect: RECORD(200),
    },
    {
      route: 'PUT /api/reviews/{id}/outcomes',
      target: 'a review of 大闵村',
      writes: 'on-success',
      request: async () => {
        const r = await review();
        return {
          method: 'PUT',
          url: `/api/reviews/${r.id}/outcomes`,
          payload: { version: r.version, outcomes: [{ problemId: r.problemIds[0], outcome: 'disputed', reason: '已整改' }] },
        };
      },
      expect: RECORD(200),
    },
    {
      route: 'POST /api/reviews/{id}/withdrawals',
      target: 'a disputed problem of 大闵村',
      writes: 'on-success',
      request: async () => {
        const r = await review(['disputed', 'confirmed']);
        const p = await env.ok({ method: 'GET', url: `/api/problems/${r.problemIds[0]}` });
        return { method: 'POST', url: `/api/reviews/${r.id}/withdrawals`, payload: { problemId: p.id, version: p.version } };
      },
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
    },
  ];
}
