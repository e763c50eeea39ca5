import { DEFAULT_VENUE_SETTINGS } from '../../../domain/venue-campaign.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * 清零行动 routes × users. Everyone signed in reads venues in their scope (the finance bureau's own
 * account is tested in venues.test.ts); the district keeps the register; the village drafts and builds;
 * the subdistrict forwards; only the finance bureau (here: admins) reviews and keeps the fund.
 */
export function venueAccessRows(env: AccessEnv): AccessRow[] {
  const damin = () => env.t().orgId('大闵村');
  const venue = async () =>
    env.ok(
      {
        method: 'POST',
        url: '/api/venues',
        payload: {
          organizationId: await damin(),
          name: '党群服务中心',
          address: '村委会东侧',
          buildingArea: 160,
          ownership: 'rented',
          currentUse: 'in_use',
          hallArea: 40,
          hasSignage: true,
          rulesPosted: true,
        },
      },
      201,
    );
  /** A new venue of 大闵村 with a project driven by admin up to `status`. */
  const project = async (status: 'drafted' | 'submitted' | 'under_review' | 'approved' | 'in_works') => {
    const v = await venue();
    let p = await env.ok(
      {
        method: 'POST',
        url: '/api/venue-projects',
        payload: { venueId: v.id, kind: 'expansion', plan: '扩建两间', budget: 100000, plannedArea: 240, deadline: '2026-12-31' },
      },
      201,
    );
    const order = ['submitted', 'under_review', 'approved', 'in_works'] as const;
    const action = { submitted: 'submit', under_review: 'forward', approved: 'approve', in_works: 'start' } as const;
    for (const s of order.slice(0, order.indexOf(status as (typeof order)[number]) + 1))
      p = await env.ok({
        method: 'POST',
        url: `/api/venue-projects/${p.id}/transitions`,
        payload: { version: p.version, action: action[s] },
      });
    return p;
  };
  /** An approved project of 大闵村 with 100,000 元 allocated: its detail. */
  const funded = async () =>
    env.ok({
      method: 'POST',
      url: `/api/venue-projects/${(await project('approved')).id}/allocations`,
      payload: { amount: 100000, allocatedOn: '2026-11-20', documentNo: '高新财〔2026〕45号' },
    });
  let shared: { venueId: string; projectId: string; fileId: string } | null = null;
  const fixtures = async () => {
    if (shared) return shared;
    const p = await project('in_works');
    const body = multipart({ venueId: p.venueId }, { name: '场所照片.png', bytes: PNG_1x1 });
    const res = await env.t().app.inject({
      method: 'POST',
      url: '/api/venue-files',
      headers: { ...env.session.admin, 'content-type': body.contentType },
      payload: body.payload,
    });
    shared = { venueId: p.venueId, projectId: p.id, fileId: res.json().id };
    return shared;
  };
  const drafters = statuses(403, { admin: 200, officer: 200, secretary: 200, ltadmin: 200, zhangdong: 404 });
  const keepers = statuses(403, { admin: 200, ltadmin: 200, zhangdong: 404 });
  const upload = (fields: Record<string, string>) => {
    const body = multipart(fields, { name: '照片.png', bytes: PNG_1x1 });
    return { payload: body.payload, contentType: body.contentType };
  };

  return [
    {
      route: 'GET /api/venues/board',
      target: 'the clearance board of the reader’s scope',
      request: async () => ({ method: 'GET', url: '/api/venues/board' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/venues/settings',
      target: 'the venue rules and campaign',
      request: async () => ({ method: 'GET', url: '/api/venues/settings' }),
      expect: statuses(200, {}),
    },
    {
      route: 'PUT /api/venues/settings',
      target: 'the venue settings, unchanged',
      writes: 'on-success',
      request: async () => {
        const current = await env.ok({ method: 'GET', url: '/api/venues/settings' });
        return { method: 'PUT', url: '/api/venues/settings', payload: { version: current.version, settings: DEFAULT_VENUE_SETTINGS } };
      },
      expect: statuses(403, { admin: 200, officer: 200 }),
    },
    {
      route: 'GET /api/venues',
      target: 'the venues in scope',
      request: async () => ({ method: 'GET', url: '/api/venues?onList=1' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/venues/{id}',
      target: 'a venue of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/venues/${(await fixtures()).venueId}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/venues',
      target: 'a venue of 大闵村',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/venues',
        payload: {
          organizationId: await damin(),
          name: '文化活动室',
          address: '村委会西侧',
          buildingArea: 220,
          ownership: 'owned',
          currentUse: 'in_use',
          hallArea: 45,
          hasSignage: true,
          rulesPosted: true,
        },
      }),
      expect: statuses(403, { admin: 201, officer: 201, ltadmin: 201, zhangdong: 404 }),
    },
    {
      route: 'PATCH /api/venues/{id}',
      target: 'a venue of 大闵村, its own name',
      writes: 'on-success',
      request: async () => {
        const v = await venue();
        return { method: 'PATCH', url: `/api/venues/${v.id}`, payload: { version: v.version, name: v.name } };
      },
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
    },
    {
      route: 'GET /api/venue-projects',
      target: 'the projects in scope',
      request: async () => ({ method: 'GET', url: '/api/venue-projects' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/venue-projects/{id}',
      target: 'a project of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/venue-projects/${(await fixtures()).projectId}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/venue-projects',
      target: 'a project for a failing venue of 大闵村',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/venue-projects',
        payload: { venueId: (await venue()).id, kind: 'new_build', plan: '另址新建', budget: 500000, plannedArea: 300 },
      }),
      expect: statuses(403, { admin: 201, officer: 201, secretary: 201, ltadmin: 201, zhangdong: 404 }),
    },
    {
      route: 'PATCH /api/venue-projects/{id}',
      target: 'a draft plan of 大闵村, its own budget',
      writes: 'on-success',
      request: async () => {
        const p = await project('drafted');
        return { method: 'PATCH', url: `/api/venue-projects/${p.id}`, payload: { version: p.version, budget: p.budget } };
      },
      expect: drafters,
    },
    {
      route: 'POST /api/venue-projects/{id}/transitions',
      target: 'submit a draft of 大闵村 to the subdistrict',
      writes: 'on-success',
      request: async () => {
        const p = await project('drafted');
        return { method: 'POST', url: `/api/venue-projects/${p.id}/transitions`, payload: { version: p.version, action: 'submit' } };
      },
      expect: drafters,
    },
    {
      route: 'POST /api/venue-projects/{id}/transitions',
      target: 'forward a submitted plan of 大闵村 to the finance bureau',
      writes: 'on-success',
      request: async () => {
        const p = await project('submitted');
        return { method: 'POST', url: `/api/venue-projects/${p.id}/transitions`, payload: { version: p.version, action: 'forward' } };
      },
      expect: statuses(403, { admin: 200, officer: 200, liangtian: 200, ltadmin: 200, zhangdong: 404 }),
    },
    {
      route: 'POST /api/venue-projects/{id}/transitions',
      target: 'approve a plan of 大闵村 under finance review',
      writes: 'on-success',
      request: async () => {
        const p = await project('under_review');
        return { method: 'POST', url: `/api/venue-projects/${p.id}/transitions`, payload: { version: p.version, action: 'approve' } };
      },
      expect: keepers,
    },
    {
      route: 'POST /api/venue-projects/{id}/milestones',
      target: 'progress of works under way in 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await project('in_works');
        return {
          method: 'POST',
          url: `/api/venue-projects/${p.id}/milestones`,
          payload: { version: p.version, title: '主体完工', progress: 60 },
        };
      },
      expect: drafters,
    },
    {
      route: 'POST /api/venue-projects/{id}/allocations',
      target: 'money for an approved project of 大闵村',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: `/api/venue-projects/${(await project('approved')).id}/allocations`,
        payload: { amount: 100000, allocatedOn: '2026-11-20', documentNo: '高新财〔2026〕45号' },
      }),
      expect: keepers,
    },
    {
      route: 'POST /api/venue-projects/{id}/spendings',
      target: 'a spend within the balance of a project of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await funded();
        return {
          method: 'POST',
          url: `/api/venue-projects/${p.id}/spendings`,
          payload: { amount: 30000, spentOn: '2026-11-25', payee: '渭南建工', purpose: '进度款', voucherNo: 'PZ-1' },
        };
      },
      expect: keepers,
    },
    {
      route: 'POST /api/venue-projects/{id}/allocations/{entryId}/reversal',
      target: 'the reversal (冲销) of an allocation of a project of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await funded();
        return {
          method: 'POST',
          url: `/api/venue-projects/${p.id}/allocations/${p.allocations[0].id}/reversal`,
          payload: { reversedOn: '2026-11-21', reason: '录入错误' },
        };
      },
      expect: keepers,
    },
    {
      route: 'POST /api/venue-projects/{id}/spendings/{entryId}/reversal',
      target: 'the reversal (冲销) of a spend of a project of 大闵村',
      writes: 'on-success',
      request: async () => {
        const p = await funded();
        const d = await env.ok({
          method: 'POST',
          url: `/api/venue-projects/${p.id}/spendings`,
          payload: { amount: 30000, spentOn: '2026-11-25', payee: '渭南建工', purpose: '进度款', voucherNo: 'PZ-1' },
        });
        return {
          method: 'POST',
          url: `/api/venue-projects/${p.id}/spendings/${d.spendings[0].id}/reversal`,
          payload: { reversedOn: '2026-11-26', reason: '录入错误' },
        };
      },
      expect: keepers,
    },
    {
      route: 'GET /api/funds',
      target: 'the fund in scope',
      request: async () => ({ method: 'GET', url: '/api/funds' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/funds/export.xlsx',
      target: 'the fund workbook',
      request: async () => ({ method: 'GET', url: '/api/funds/export.xlsx' }),
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200 }),
    },
    {
      route: 'POST /api/venue-files',
      target: 'a photo of a venue of 大闵村',
      writes: 'on-success',
      request: async (who) => {
        const b = upload({ venueId: (await fixtures()).venueId });
        return {
          method: 'POST',
          url: '/api/venue-files',
          payload: b.payload,
          headers: { ...env.session[who], 'content-type': b.contentType },
        };
      },
      expect: statuses(403, { admin: 201, officer: 201, ltadmin: 201, zhangdong: 404 }),
    },
    {
      route: 'POST /api/venue-files',
      target: 'a photo of works under way in 大闵村',
      writes: 'on-success',
      request: async (who) => {
        const p = await project('in_works');
        const m = await env.ok({
          method: 'POST',
          url: `/api/venue-projects/${p.id}/milestones`,
          payload: { version: p.version, title: '主体完工', progress: 60 },
        });
        const b = upload({ milestoneId: m.milestones[0].id });
        return {
          method: 'POST',
          url: '/api/venue-files',
          payload: b.payload,
          headers: { ...env.session[who], 'content-type': b.contentType },
        };
      },
      expect: statuses(403, { admin: 201, officer: 201, secretary: 201, ltadmin: 201, zhangdong: 404 }),
    },
    {
      route: 'GET /api/venue-files/{id}',
      target: 'a photo of a venue of 大闵村',
      request: async () => ({ method: 'GET', url: `/api/venue-files/${(await fixtures()).fileId}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
  ];
}
