import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review, ReviewList } from '../../../domain/contracts/reviews.ts';
import { countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { archiveWithUnsettledProblems, doneChecklist, freshReview, MEETING } from './reviews.test-support.ts';

/**
 * An archived (撤销) village's 两委会 review is kept as it was: read by its readers, offered to nobody, and every
 * write refused (409) with nothing written, once the writer has been told whether it may see or write there at all.
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

function call(headers: Headers, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

describe("an archived village's 两委会 review", () => {
  it('is read only: no action offered, no recording from the work list, every write 409 with nothing written', async () => {
    const village = await makeOrg(t, admin, '良田街道');
    const r = await freshReview(t, admin, village.id, ['disputed', 'confirmed']);
    const unrecorded = await doneChecklist(t, admin, village.id);
    const [disputed] = r.problemIds;
    const problem = (await call(admin, 'GET', `/api/problems/${disputed}`)).json<{ version: number }>();
    await archiveWithUnsettledProblems(t, village.id);

    const review = (await call(admin, 'GET', `/api/reviews/${r.id}`)).json<Review>();
    expect(review.organizationName).toBe(village.name);
    expect(review.allowedActions).toEqual([]);
    expect(review.problems.map((p) => p.allowedActions)).toEqual([[], []]);
    const list = (await call(admin, 'GET', `/api/reviews?organizationId=${village.id}`)).json<ReviewList>();
    expect(list.items).toHaveLength(2);
    expect(list.items.map((i) => i.canRecord)).toEqual([false, false]);

    // Who may not see the village, or not write there, is answered as before.
    expect((await call(zhangdong, 'PATCH', `/api/reviews/${r.id}`, { version: review.version, place: '新址' })).statusCode).toBe(404);
    expect((await call(viewer, 'PATCH', `/api/reviews/${r.id}`, { version: review.version, place: '新址' })).statusCode).toBe(403);
    expect((await call(viewer, 'POST', '/api/reviews', { checklistId: unrecorded.checklistId, ...MEETING })).statusCode).toBe(403);

    const audited = await countAuditEvents(t.db);
    const writes = [
      await call(admin, 'PATCH', `/api/reviews/${r.id}`, { version: review.version, place: '新址' }),
      await call(admin, 'PUT', `/api/reviews/${r.id}/outcomes`, {
        version: review.version,
        outcomes: [{ problemId: disputed, outcome: 'confirmed' }],
      }),
      await call(admin, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: disputed, version: problem.version }),
      await call(admin, 'POST', '/api/reviews', { checklistId: unrecorded.checklistId, ...MEETING }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CONFLICT' });
      expect(res.json().error.message).toContain(`“${village.name}”已撤销（归档）`);
    }
    expect(await countAuditEvents(t.db)).toBe(audited);
    const after = (await call(admin, 'GET', `/api/reviews/${r.id}`)).json<Review>();
    expect(after).toMatchObject({ version: review.version, place: review.place, counts: review.counts });
  });
});
