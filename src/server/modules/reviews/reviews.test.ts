import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review, ReviewList } from '../../../domain/contracts/reviews.ts';
import { countAuditEvents, type Headers, loginAs, makeUser } from '../../testing/factories.ts';
import { beforeStatement } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { doneChecklist, freshReview, MEETING } from './reviews.test-support.ts';

/**
 * The 村"两委"会 review through the API on a real database: the liaison group
 * records the meeting on a finished checklist, each problem's outcome
 * (confirmed, or disputed with a reason), measures drafted in the meeting, and
 * withdraws a disputed problem it agrees was wrongly recorded.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let liaison: Headers;
let secretary: Headers;
let zhangdong: Headers;
let liangtian: Headers;
/** A 白杨街道 officer (上庄村 and 安家村 are of 白杨街道, as DOMAIN.md groups the source's places). */
let baiyang: Headers;
let shangzhuang: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  liaison = await t.login('liaison');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  liangtian = await t.login('liangtian');
  const by = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '白杨街道' }]);
  baiyang = await loginAs(t, by.username, by.password);
  shangzhuang = await t.orgId('上庄村');
});
afterAll(() => t.close());

function call(headers: Headers, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

describe('recording the 两委会 review', () => {
  it('lets the village’s liaison member record the meeting on a finished checklist, once', async () => {
    const c = await doneChecklist(t, liaison, shangzhuang, { roundBy: officer });
    // Outside the liaison group's villages the checklist does not exist; a district officer does not record it.
    expect((await call(zhangdong, 'POST', '/api/reviews', { checklistId: c.checklistId, ...MEETING })).statusCode).toBe(404);
    expect((await call(officer, 'POST', '/api/reviews', { checklistId: c.checklistId, ...MEETING })).statusCode).toBe(403);

    const before = await countAuditEvents(t.db, 'review.recorded');
    const res = await call(liaison, 'POST', '/api/reviews', { checklistId: c.checklistId, ...MEETING });
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json<Review>();
    expect(review).toMatchObject({
      organizationName: '上庄村',
      liaisonGroupName: '第一包联组',
      heldOn: '2026-11-25',
      counts: { problems: 2, confirmed: 0, disputed: 0, unreviewed: 2, withdrawn: 0 },
      allowedActions: ['edit', 'recordOutcomes', 'draftMeasure', 'draftPlan'],
    });
    expect(review.problems.map((p) => p.description)).toEqual(['村级活动场所系租用民房', '入党誓词等主要制度未上墙']);
    expect(await countAuditEvents(t.db, 'review.recorded')).toBe(before + 1);

    const again = await call(liaison, 'POST', '/api/reviews', { checklistId: c.checklistId, ...MEETING });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');

    // Readers of the village see it; the secretary of another village does not.
    // A district officer reads it (and may draft measures anywhere), but records nothing of the meeting.
    expect((await call(officer, 'GET', `/api/reviews/${review.id}`)).json().allowedActions).toEqual(['draftMeasure']);
    expect((await call(secretary, 'GET', `/api/reviews/${review.id}`)).statusCode).toBe(404);
  });

  it('waits for the checklist to be finished', async () => {
    const c = await doneChecklist(t, liaison, shangzhuang, { roundBy: officer, complete: false });
    const res = await call(liaison, 'POST', '/api/reviews', { checklistId: c.checklistId, ...MEETING });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('edits the meeting’s record under its version', async () => {
    const r = await freshReview(t, liaison, shangzhuang, undefined, officer);
    const ok = await call(liaison, 'PATCH', `/api/reviews/${r.id}`, { version: r.version, place: '上庄村党群服务中心' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ place: '上庄村党群服务中心', version: r.version + 1 });
    const stale = await call(liaison, 'PATCH', `/api/reviews/${r.id}`, { version: r.version, place: '别处' });
    expect(stale.statusCode).toBe(409);
  });
});

describe('per-problem outcomes', () => {
  it('records confirmed, or disputed with its reason, and refuses a dispute without one', async () => {
    const r = await freshReview(t, liaison, shangzhuang, undefined, officer);
    const [a, b] = r.problemIds;
    const bare = await call(liaison, 'PUT', `/api/reviews/${r.id}/outcomes`, {
      version: r.version,
      outcomes: [{ problemId: a, outcome: 'disputed' }],
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details.fields[0].path).toBe('outcomes.0.reason');

    const res = await call(liaison, 'PUT', `/api/reviews/${r.id}/outcomes`, {
      version: r.version,
      outcomes: [
        { problemId: a, outcome: 'disputed', reason: '场所已于排查前由村集体购回' },
        { problemId: b, outcome: 'confirmed', reason: '多余的话' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const review = res.json<Review>();
    expect(review.counts).toMatchObject({ confirmed: 1, disputed: 1, unreviewed: 0 });
    expect(review.problems.find((p) => p.id === a)).toMatchObject({ outcome: 'disputed', reason: '场所已于排查前由村集体购回' });
    expect(review.problems.find((p) => p.id === b)).toMatchObject({ outcome: 'confirmed', reason: null });

    // A problem of another review is not this meeting's to judge.
    const other = await freshReview(t, liaison, shangzhuang, undefined, officer);
    const foreign = await call(liaison, 'PUT', `/api/reviews/${r.id}/outcomes`, {
      version: review.version,
      outcomes: [{ problemId: other.problemIds[0], outcome: 'confirmed' }],
    });
    expect(foreign.statusCode).toBe(404);
    // Stale version.
    expect(
      (
        await call(liaison, 'PUT', `/api/reviews/${r.id}/outcomes`, {
          version: r.version,
          outcomes: [{ problemId: a, outcome: 'confirmed' }],
        })
      ).statusCode,
    ).toBe(409);
  });
});

describe('measures drafted in the meeting', () => {
  it('lets the liaison member draft and edit measures of the group’s villages, linked to the review', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['confirmed', 'confirmed'], officer);
    const res = await call(liaison, 'POST', '/api/measures', {
      organizationId: shangzhuang,
      description: '新建村级活动场所，方案报区财政局评审',
      ownerName: '张海军',
      dueOn: '2026-12-31',
      problemIds: [r.problemIds[0]],
      reviewId: r.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const measure = res.json();
    expect(measure).toMatchObject({ reviewId: r.id, allowedActions: ['edit'] });
    const edited = await call(liaison, 'PATCH', `/api/measures/${measure.id}`, { version: measure.version, progress: 30 });
    expect(edited.statusCode, edited.body).toBe(200);

    const review = (await call(liaison, 'GET', `/api/reviews/${r.id}`)).json<Review>();
    expect(review.problems[0]!.measures).toMatchObject([
      { description: '新建村级活动场所，方案报区财政局评审', fromReview: true, progress: 30 },
    ]);

    // A review of another village is refused; a village outside the group does not exist for the member.
    const damin = await freshReview(t, liaison, await t.orgId('大闵村'), undefined, officer);
    const crossed = await call(liaison, 'POST', '/api/measures', {
      organizationId: shangzhuang,
      description: '措施',
      problemIds: [r.problemIds[1]],
      reviewId: damin.id,
    });
    expect(crossed.statusCode).toBe(400);
    const outside = await call(liaison, 'POST', '/api/measures', {
      organizationId: await t.orgId('张东村'),
      description: '措施',
      problemIds: [r.problemIds[1]],
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('withdrawing a disputed problem', () => {
  it('withdraws it with the dispute’s reason: out of every count, still in the history', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['disputed', 'confirmed'], officer);
    const [a, b] = r.problemIds;
    const problem = (await call(liaison, 'GET', `/api/problems/${a}`)).json();
    const before = await call(admin, 'GET', `/api/problems?organizationId=${shangzhuang}&pageSize=1`);

    // Only a disputed problem is withdrawn here.
    const confirmed = (await call(liaison, 'GET', `/api/problems/${b}`)).json();
    const refused = await call(liaison, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: b, version: confirmed.version });
    expect(refused.statusCode).toBe(422);
    // The subdistrict officer reads the review but may not withdraw.
    expect((await call(baiyang, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: a, version: problem.version })).statusCode).toBe(
      403,
    );

    const res = await call(liaison, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: a, version: problem.version });
    expect(res.statusCode, res.body).toBe(200);
    const review = res.json<Review>();
    expect(review.counts).toMatchObject({ problems: 2, withdrawn: 1, disputed: 0, confirmed: 1 });
    expect(review.problems.find((p) => p.id === a)).toMatchObject({ status: 'withdrawn', outcome: 'disputed' });

    const detail = (await call(admin, 'GET', `/api/problems/${a}`)).json();
    const last = detail.timeline.filter((e: { kind: string }) => e.kind === 'history').at(-1);
    expect(last).toMatchObject({ action: 'withdraw', toStatus: 'withdrawn', text: '经村“两委”会核实，问题不属实：排查前已整改到位' });
    const after = await call(admin, 'GET', `/api/problems?organizationId=${shangzhuang}&pageSize=1`);
    expect(after.json().counts.total).toBe(before.json().counts.total - 1);

    // The outcome of a withdrawn problem is final.
    const flip = await call(liaison, 'PUT', `/api/reviews/${r.id}/outcomes`, {
      version: review.version,
      outcomes: [{ problemId: a, outcome: 'confirmed' }],
    });
    expect(flip.statusCode).toBe(422);
  });
});

describe('withdrawing while the outcomes change (SQLite: the bad order forced)', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)(
    'refuses the withdrawal (409) when the dispute is settled between its check and its transaction, and keeps the problem',
    async () => {
      const r = await freshReview(t, liaison, shangzhuang, ['disputed', 'confirmed'], officer);
      const [a] = r.problemIds;
      const problem = (await call(liaison, 'GET', `/api/problems/${a}`)).json();
      // Another member's outcomes (the dispute settled as confirmed) land right as the withdrawal's transaction begins.
      const { result: res, fired } = await beforeStatement(
        /^begin immediate/i,
        (database) =>
          database
            .prepare(`update review_outcomes set outcome = 'confirmed', reason = null where review_id = ? and problem_id = ?`)
            .run(r.id, a),
        () => call(liaison, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: a, version: problem.version }),
      );
      expect(fired).toBe(true);
      expect(res.statusCode, res.body).toBe(409);
      expect((await call(liaison, 'GET', `/api/problems/${a}`)).json()).toMatchObject({ status: 'open', version: problem.version });
    },
  );
});

describe('the work list', () => {
  it('lists the finished checklists of the reader’s villages with their review', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['confirmed', 'disputed'], officer);
    const list = (await call(liaison, 'GET', `/api/reviews?organizationId=${shangzhuang}&pageSize=200`)).json<ReviewList>();
    const item = list.items.find((i) => i.review?.id === r.id)!;
    expect(item).toMatchObject({ organizationName: '上庄村', problems: 2, canRecord: true, plan: null });
    expect(item.review!.counts).toMatchObject({ problems: 2, confirmed: 1, disputed: 1, unreviewed: 0 });
    // 张东村's secretary sees none of 上庄村's.
    const theirs = (await call(zhangdong, 'GET', '/api/reviews?pageSize=200')).json<ReviewList>();
    expect(theirs.items.some((i) => i.organizationName === '上庄村')).toBe(false);
  });

  it('keeps a review in step when its village moves to another subdistrict', async () => {
    const r = await freshReview(t, liaison, await t.orgId('安家村'), undefined, officer);
    expect((await call(baiyang, 'GET', `/api/reviews/${r.id}`)).statusCode).toBe(200);
    expect((await call(liangtian, 'GET', `/api/reviews/${r.id}`)).statusCode).toBe(404);
    const village = (await call(admin, 'GET', `/api/organizations/${await t.orgId('安家村')}`)).json();
    const moved = await call(admin, 'PATCH', `/api/organizations/${village.id}`, {
      version: village.version,
      parentId: await t.orgId('良田街道'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await call(baiyang, 'GET', `/api/reviews/${r.id}`)).statusCode).toBe(404);
    expect((await call(liangtian, 'GET', `/api/reviews/${r.id}`)).statusCode).toBe(200);
    expect((await call(zhangdong, 'GET', `/api/reviews/${r.id}`)).statusCode).toBe(404);
    const listed = (await call(admin, 'GET', `/api/reviews?organizationId=${await t.orgId('良田街道')}&pageSize=200`)).json<ReviewList>();
    expect(listed.items.some((i) => i.review?.id === r.id)).toBe(true);
  });
});
