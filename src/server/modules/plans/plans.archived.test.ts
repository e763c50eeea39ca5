import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail, PlanList } from '../../../domain/contracts/plans.ts';
import { countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { archiveWithUnsettledProblems, freshPlan, freshReview } from '../reviews/reviews.test-support.ts';

/**
 * An archived (撤销) village's 一村一策 plans are kept as they were: read by its readers, offered to nobody, and no
 * version drafted, edited, regenerated or approved (409, nothing written), once the writer has been told whether it
 * may see or write there at all.
 */
let t: TestApp;
let admin: Headers;
let viewer: Headers;
let zhangdong: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  viewer = await t.login('viewer');
  zhangdong = await t.login('zhangdong');
});
afterAll(() => t.close());

function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

describe("an archived village's plans", () => {
  it('are read only: no action offered, every write 409 with nothing written', async () => {
    const village = await makeOrg(t, admin, '良田街道');
    const draft = await freshPlan(t, admin, village.id);
    const planless = await freshReview(t, admin, village.id, ['confirmed', 'confirmed']);
    await archiveWithUnsettledProblems(t, village.id);

    const plan = (await call(admin, 'GET', `/api/village-plans/${draft.id}`)).json<PlanDetail>();
    expect(plan).toMatchObject({ organizationName: village.name, status: 'draft', allowedActions: [] });
    const list = (await call(admin, 'GET', `/api/village-plans?reviewId=${draft.reviewId}`)).json<PlanList>();
    expect(list.items.map((p) => p.allowedActions)).toEqual([[]]);

    // Who may not see the village, or not write there, is answered as before.
    expect((await call(zhangdong, 'POST', `/api/village-plans/${draft.id}/approve`, { version: plan.version })).statusCode).toBe(404);
    expect((await call(viewer, 'POST', `/api/village-plans/${draft.id}/approve`, { version: plan.version })).statusCode).toBe(403);
    expect((await call(viewer, 'POST', '/api/village-plans', { reviewId: planless.id })).statusCode).toBe(403);

    const audited = await countAuditEvents(t.db);
    const writes = [
      await call(admin, 'PATCH', `/api/village-plans/${draft.id}`, { version: plan.version, title: '新标题' }),
      await call(admin, 'POST', `/api/village-plans/${draft.id}/regenerate`, { version: plan.version }),
      await call(admin, 'POST', `/api/village-plans/${draft.id}/approve`, { version: plan.version }),
      await call(admin, 'POST', '/api/village-plans', { reviewId: planless.id }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CONFLICT' });
      expect(res.json().error.message).toContain(`“${village.name}”已撤销（归档）`);
    }
    expect(await countAuditEvents(t.db)).toBe(audited);
    expect((await call(admin, 'GET', `/api/village-plans/${draft.id}`)).json<PlanDetail>()).toMatchObject({
      status: 'draft',
      version: plan.version,
      title: plan.title,
    });
  });
});
