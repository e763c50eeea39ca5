import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDetail, PlanList } from '../../../domain/contracts/plans.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { freshReview } from '../reviews/reviews.test-support.ts';

/**
 * 一村一策 through the API on a real database: generated from the 两委会
 * review (verified problems and their measures, by area), edited, refreshed
 * from the ledger, approved by the liaison group with every version kept, and
 * downloaded as an official-register .docx.
 */
let t: TestApp;
let officer: Headers;
let liaison: Headers;
let zhangdong: Headers;
let shangzhuang: string;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('officer');
  liaison = await t.login('liaison');
  zhangdong = await t.login('zhangdong');
  shangzhuang = await t.orgId('上庄村');
});
afterAll(() => t.close());

function call(headers: Headers, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
  t.clock.advance(1000);
  return t.app.inject({ method, url, headers, payload });
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

describe('generating the plan', () => {
  it('waits until the 两委会 has judged every problem', async () => {
    const r = await freshReview(t, liaison, shangzhuang, undefined, officer);
    const res = await call(liaison, 'POST', '/api/village-plans', { reviewId: r.id });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.unreviewed).toHaveLength(2);
  });

  it('takes the verified problems with their measures by area, leaves withdrawn ones out, one draft at a time', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['disputed', 'confirmed'], officer);
    const [a, b] = r.problemIds;
    await ok(
      call(liaison, 'POST', '/api/measures', {
        organizationId: shangzhuang,
        description: '制作入党誓词等制度牌并上墙',
        ownerName: '张海军',
        dueOn: '2026-12-20',
        problemIds: [b],
        reviewId: r.id,
      }),
      201,
    );
    const version = (await call(liaison, 'GET', `/api/problems/${a}`)).json().version;
    await ok(call(liaison, 'POST', `/api/reviews/${r.id}/withdrawals`, { problemId: a, version }));

    // A district officer reads plans but does not draft them; outside the reader's scope they do not exist.
    expect((await call(officer, 'POST', '/api/village-plans', { reviewId: r.id })).statusCode).toBe(403);
    expect((await call(zhangdong, 'POST', '/api/village-plans', { reviewId: r.id })).statusCode).toBe(404);

    const before = await countAuditEvents(t.db, 'plan.created');
    const plan = await ok<PlanDetail>(call(liaison, 'POST', '/api/village-plans', { reviewId: r.id }), 201);
    expect(await countAuditEvents(t.db, 'plan.created')).toBe(before + 1);
    expect(plan).toMatchObject({
      organizationName: '上庄村',
      versionNo: 1,
      status: 'draft',
      title: '上庄村基层组织规范化建设问题整改方案',
      liaisonGroupName: '第一包联组',
      allowedActions: ['edit', 'regenerate', 'approve'],
    });
    expect(plan.content.totals).toEqual({ problems: 1, measures: 1, withdrawn: 1 });
    expect(plan.content.areas).toMatchObject([
      {
        name: '阵地建设',
        problems: [
          {
            description: '入党誓词等主要制度未上墙',
            measures: [{ description: '制作入党誓词等制度牌并上墙', ownerName: '张海军', dueOn: '2026-12-20' }],
          },
        ],
      },
    ]);
    expect(plan.preamble).toContain('其中1个问题经核实不属实，已予撤销');
    expect(plan.closing).toContain('验收一个、合格一个、销号一个');

    const second = await call(liaison, 'POST', '/api/village-plans', { reviewId: r.id });
    expect(second.statusCode).toBe(409);
  });
});

describe('editing, refreshing and approving', () => {
  it('keeps an edited preamble on refresh, approves, and supersedes the older approved version', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['confirmed', 'confirmed'], officer);
    let v1 = await ok<PlanDetail>(call(liaison, 'POST', '/api/village-plans', { reviewId: r.id }), 201);
    expect(v1.content.totals.measures).toBe(0);

    // A measure drafted later comes in on refresh; an untouched preamble is rewritten with the new figures.
    await ok(
      call(liaison, 'POST', '/api/measures', {
        organizationId: shangzhuang,
        description: '新建场所',
        problemIds: [r.problemIds[0]],
        reviewId: r.id,
      }),
      201,
    );
    v1 = await ok<PlanDetail>(call(liaison, 'POST', `/api/village-plans/${v1.id}/regenerate`, { version: v1.version }));
    expect(v1.content.totals.measures).toBe(1);
    expect(v1.preamble).toContain('研究提出整改措施1项');

    v1 = await ok<PlanDetail>(
      call(liaison, 'PATCH', `/api/village-plans/${v1.id}`, { version: v1.version, preamble: '经村“两委”会研究，制定本方案。' }),
    );
    await ok(
      call(liaison, 'POST', '/api/measures', {
        organizationId: shangzhuang,
        description: '制度上墙',
        problemIds: [r.problemIds[1]],
        reviewId: r.id,
      }),
      201,
    );
    v1 = await ok<PlanDetail>(call(liaison, 'POST', `/api/village-plans/${v1.id}/regenerate`, { version: v1.version }));
    expect(v1.content.totals.measures).toBe(2);
    expect(v1.preamble).toBe('经村“两委”会研究，制定本方案。');

    const stale = await call(liaison, 'POST', `/api/village-plans/${v1.id}/approve`, { version: v1.version - 1 });
    expect(stale.statusCode).toBe(409);
    v1 = await ok<PlanDetail>(call(liaison, 'POST', `/api/village-plans/${v1.id}/approve`, { version: v1.version }));
    expect(v1).toMatchObject({ status: 'approved', approvedByName: '王卫东', allowedActions: [] });
    const frozen = await call(liaison, 'PATCH', `/api/village-plans/${v1.id}`, { version: v1.version, closing: '改' });
    expect(frozen.statusCode).toBe(422);

    const v2 = await ok<PlanDetail>(call(liaison, 'POST', '/api/village-plans', { reviewId: r.id }), 201);
    expect(v2.versionNo).toBe(2);
    const approved = await ok<PlanDetail>(call(liaison, 'POST', `/api/village-plans/${v2.id}/approve`, { version: v2.version }));
    expect(approved.versions.map((v) => [v.versionNo, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    const list = await ok<PlanList>(call(officer, 'GET', `/api/village-plans?organizationId=${shangzhuang}&status=approved`));
    expect(list.items.some((p) => p.id === v2.id)).toBe(true);
    expect(list.items.some((p) => p.id === v1.id)).toBe(false);
  });
});

describe('the .docx', () => {
  it('is laid out as an official document with the plan’s problems, measures and signature', async () => {
    const r = await freshReview(t, liaison, shangzhuang, ['confirmed', 'confirmed'], officer);
    await ok(
      call(liaison, 'POST', '/api/measures', {
        organizationId: shangzhuang,
        description: '新建村级活动场所',
        ownerName: '张海军',
        problemIds: [r.problemIds[0]],
        reviewId: r.id,
      }),
      201,
    );
    const plan = await ok<PlanDetail>(call(liaison, 'POST', '/api/village-plans', { reviewId: r.id }), 201);
    const res = await call(officer, 'GET', `/api/village-plans/${plan.id}/docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('officedocument.wordprocessingml');
    expect(res.headers['content-disposition']).toContain('village-plan-v1.docx');
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    for (const text of [
      '上庄村基层组织规范化建设问题整改方案',
      '【草稿 未审定】',
      '问题清单及整改措施',
      '新建村级活动场所',
      '保障措施',
      '上庄村党支部',
      '第一包联组',
    ])
      expect(xml, text).toContain(text);
    // GB/T 9704 page: A4 with the official margins.
    expect(xml).toMatch(/w:pgSz w:w="11906" w:h="16838"/);
    expect((await call(zhangdong, 'GET', `/api/village-plans/${plan.id}/docx`)).statusCode).toBe(404);
  });
});
