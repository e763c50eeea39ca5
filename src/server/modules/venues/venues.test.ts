import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundSummary, Venue, VenueBoard, VenueList, VenueProjectDetail } from '../../../domain/contracts/venues.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  draftProject,
  driveTo,
  makeVenue,
  milestone,
  NEW_FIGURES,
  REASON,
  RENTED_SMALL,
  step,
  uploadVenueFile,
} from './venues.test-support.ts';

let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let zhangdong: Headers;
let liangtian: Headers;
let finance: Headers;
let viewer: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  liangtian = await t.login('liangtian');
  finance = await t.login('finance');
  viewer = await t.login('viewer');
});
afterAll(() => t.close());

const get = <T>(url: string, headers: Headers) =>
  t.app.inject({ method: 'GET', url, headers }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));

describe('the venue register', () => {
  it('judges each venue: rented and small is on the clearance list with its reasons in words; exactly 200 ㎡ passes', async () => {
    const before = await countAuditEvents(t.db, 'venue.created');
    const rented = await makeVenue(t, officer, '麻李村');
    expect(rented.passes).toBe(false);
    expect(rented.reasons.map((r) => r.zh)).toEqual(['租赁场所', '面积 160 ㎡，不足 200 ㎡']);
    expect(rented.allowedActions).toEqual(['edit', 'upload', 'createProject']);
    const edge = await makeVenue(t, officer, '东坡村', { ownership: 'owned', buildingArea: 200 });
    expect(edge).toMatchObject({ passes: true, reasons: [] });
    expect(await countAuditEvents(t.db, 'venue.created')).toBe(before + 2);

    const list = await get<VenueList>('/api/venues?onList=1', officer);
    expect(list.body.items.map((v) => v.organizationName)).toContain('麻李村');
    expect(list.body.items.map((v) => v.organizationName)).not.toContain('东坡村');
  });

  it('takes edits version-guarded: a stale version is 409 and changes nothing; the venue is judged again', async () => {
    const v = await makeVenue(t, officer, '西塬村', { buildingArea: 199.9, ownership: 'owned' });
    expect(v.reasons.map((r) => r.zh)).toEqual(['面积 199.9 ㎡，不足 200 ㎡']);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/venues/${v.id}`,
      headers: officer,
      // Off the clearance list by an edit: a correction of the register, with its reason (venues.integrity.test.ts).
      payload: { version: v.version, buildingArea: 200, correctionReason: '复测面积为 200 ㎡' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Venue>()).toMatchObject({ passes: true, version: v.version + 1 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/venues/${v.id}`,
      headers: officer,
      payload: { version: v.version, buildingArea: 100 },
    });
    expect(stale.statusCode).toBe(409);
    expect((await get<Venue>(`/api/venues/${v.id}`, officer)).body.buildingArea).toBe(200);
  });

  it('refuses a hall larger than its building, registered or edited, on the hall’s field; nothing is written', async () => {
    const org = await t.orgId('东坡村');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: officer,
      payload: { organizationId: org, ...RENTED_SMALL, buildingArea: 50, hallArea: 60 },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain('活动室面积（60 平方米）不能大于建筑面积（50 平方米）');
    expect(res.json().error.details.fields[0].path).toBe('hallArea');
    const v = await makeVenue(t, officer, '东坡村');
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/venues/${v.id}`,
      headers: officer,
      payload: { version: v.version, buildingArea: 30 },
    });
    expect(edit.statusCode, edit.body).toBe(400);
    expect((await get<Venue>(`/api/venues/${v.id}`, officer)).body).toMatchObject({ version: v.version, buildingArea: v.buildingArea });
  });

  it('is kept by the district: secretaries and the finance bureau may not register or edit; other villages do not see it', async () => {
    const v = await makeVenue(t, officer, '西塬村');
    for (const who of [secretary, finance, liangtian]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/venues/${v.id}`,
        headers: who,
        payload: { version: v.version, name: '改名' },
      });
      expect(res.statusCode).toBe(who === secretary ? 404 : 403);
    }
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: secretary,
      payload: { organizationId: await t.orgId('大闵村'), ...RENTED_SMALL },
    });
    expect(create.statusCode).toBe(403);
    expect((await get(`/api/venues/${v.id}`, zhangdong)).status).toBe(404);
    expect((await get(`/api/venues/${v.id}`, finance)).status).toBe(200);
  });

  it('lets the finance bureau’s account into the campaign and the fund only: the ledger and the rhythm stay closed to it', async () => {
    for (const url of ['/api/venues/board', '/api/venues?onList=1', '/api/venue-projects', '/api/funds'])
      expect((await get(url, finance)).status, url).toBe(200);
    // Lists answer in the reader's scope, which for the ledger and the circulars is nothing; the rest is refused.
    for (const url of ['/api/problems', '/api/circulars'])
      expect((await get<{ items: unknown[] }>(url, finance)).body.items, url).toEqual([]);
    expect((await get('/api/statistics/weeks', finance)).status).toBe(403);
    expect((await get('/api/dashboard/overview', finance)).status).toBe(404);
  });

  it('keeps the venue’s photos in the evidence store and shows them in the register as on the venue', async () => {
    const v = await makeVenue(t, officer, '南寨村');
    expect((await uploadVenueFile(t, secretary, { venueId: v.id }, { name: '门牌.png', bytes: PNG_1x1 })).statusCode).toBe(404);
    const res = await uploadVenueFile(t, officer, { venueId: v.id }, { name: '场所外景.png', bytes: PNG_1x1 });
    expect(res.statusCode).toBe(201);
    expect((await get<Venue>(`/api/venues/${v.id}`, officer)).body.photos.map((p) => p.originalName)).toEqual(['场所外景.png']);
    const listed = (await get<VenueList>('/api/venues?pageSize=100', officer)).body.items.find((x) => x.id === v.id)!;
    expect(listed.photos.map((p) => p.originalName)).toEqual(['场所外景.png']);
  });
});

describe('a venue project (一村一案), step by step with permissions', () => {
  let venue: Venue;
  let p: VenueProjectDetail;
  const expectStep = async (who: Headers, action: string, status: number, extra: Record<string, unknown> = {}) => {
    const res = await step(t, who, p, action, extra);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
    if (status === 200) p = res.json<VenueProjectDetail>();
    return res;
  };

  beforeAll(async () => {
    venue = await makeVenue(t, officer, '大闵村');
  });

  it('is drafted by the village secretary for the own village only', async () => {
    expect((await draftProject(t, zhangdong, venue.id)).statusCode).toBe(404);
    expect((await draftProject(t, viewer, venue.id)).statusCode).toBe(403);
    expect((await draftProject(t, finance, venue.id)).statusCode).toBe(403);
    const res = await draftProject(t, secretary, venue.id, { budget: 185000.5 });
    expect(res.statusCode, res.body).toBe(201);
    p = res.json<VenueProjectDetail>();
    expect(p).toMatchObject({ status: 'drafted', kind: 'expansion', budget: 185000.5, deadline: '2026-12-31' });
    expect(p.allowedActions).toEqual(['edit', 'upload', 'submit']);
    // One project under way per venue.
    expect((await draftProject(t, officer, venue.id)).statusCode).toBe(409);
  });

  it('goes to the subdistrict and on to the finance bureau, which alone reviews; a send-back needs its reason', async () => {
    await expectStep(finance, 'submit', 403);
    await expectStep(secretary, 'submit', 200);
    await expectStep(secretary, 'forward', 403);
    await expectStep(zhangdong, 'forward', 404);
    await expectStep(liangtian, 'forward', 200);
    expect(p.status).toBe('under_review');
    await expectStep(liangtian, 'approve', 403);
    await expectStep(officer, 'approve', 403);
    await expectStep(finance, 'send_back', 400);
    await expectStep(finance, 'send_back', 200, REASON);
    expect(p).toMatchObject({ status: 'drafted', returnReason: REASON.reason });
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/venue-projects/${p.id}`,
      headers: secretary,
      payload: { version: p.version, budget: 190000 },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    p = edit.json();
    await expectStep(secretary, 'submit', 200);
    expect(p.returnReason).toBeNull();
    await expectStep(liangtian, 'forward', 200);
    expect(p.allowedActions).toEqual([]); // the secretary's view would be empty too; the finance bureau's is not
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).body.allowedActions).toEqual(['send_back', 'approve']);
    const stale = await step(t, finance, { id: p.id, version: p.version - 1 }, 'approve');
    expect(stale.statusCode).toBe(409);
    await expectStep(finance, 'approve', 200);
    await expectStep(finance, 'approve', 422);
  });

  it('builds: milestones with % and photos by the village; completion needs 100 % and a photo', async () => {
    const m = await milestone(t, finance, p, 50);
    expect(m.statusCode).toBe(403);
    expect((await milestone(t, secretary, p, 50)).statusCode).toBe(422); // not started
    await expectStep(finance, 'start', 403);
    await expectStep(secretary, 'start', 200);
    let res = await milestone(t, secretary, p, 60, '主体结构完工');
    expect(res.statusCode, res.body).toBe(200);
    p = res.json();
    res = await milestone(t, secretary, p, 100, '内部装修完成');
    p = res.json();
    expect(p.progress).toBe(100);
    expect(p.allowedActions).not.toContain('complete');
    await expectStep(secretary, 'complete', 422);
    const up = await uploadVenueFile(t, secretary, { milestoneId: p.milestones.at(-1)!.id });
    expect(up.statusCode, up.body).toBe(201);
    expect((await uploadVenueFile(t, finance, { milestoneId: p.milestones.at(-1)!.id })).statusCode).toBe(403);
    p = (await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, secretary)).body;
    expect(p.milestones.at(-1)!.photos).toHaveLength(1);
    await expectStep(secretary, 'complete', 200);
  });

  it('is accepted by the district with the new figures: the venue is judged again and leaves the list', async () => {
    await expectStep(secretary, 'accept', 403);
    await expectStep(officer, 'accept', 400); // figures required
    await expectStep(officer, 'reject_works', 200, { reason: '标牌未悬挂' });
    expect(p.status).toBe('in_works');
    p = (await milestone(t, secretary, p, 100, '标牌已悬挂')).json();
    await expectStep(secretary, 'complete', 200);
    await expectStep(officer, 'accept', 200, { figures: NEW_FIGURES });
    expect(p.status).toBe('accepted');
    expect(p.venue).toMatchObject({ passes: true, buildingArea: 260, ownership: 'owned', reasons: [] });
    const steps = p.history.map((h) => h.action);
    expect(steps).toEqual([
      'created',
      'submit',
      'forward',
      'send_back',
      'submit',
      'forward',
      'approve',
      'start',
      'complete',
      'reject_works',
      'complete',
      'accept',
    ]);
    // Every step is audited, with the venue's figures at acceptance.
    const events = await t.db.kysely
      .selectFrom('audit_events')
      .select(['type', 'data'])
      .where('entity_id', '=', p.id)
      .where('type', '=', 'venue_project.transitioned')
      .orderBy('seq')
      .execute();
    expect(events).toHaveLength(11);
    expect(JSON.parse(events.at(-1)!.data).venue.after).toMatchObject({ passes: true, buildingArea: 260 });
  });
});

describe('the special fund', () => {
  let p: VenueProjectDetail;
  beforeAll(async () => {
    const v = await makeVenue(t, officer, '上庄村');
    p = await driveTo(t, admin, v.id, 'under_review', { budget: 100000 });
  });
  const allocate = (who: Headers, amount: number, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/venue-projects/${p.id}/allocations`,
      headers: who,
      payload: { amount, allocatedOn: '2026-11-20', documentNo: '高新财〔2026〕45号', ...extra },
    });
  /** The data of the latest audit event of a type. */
  const lastAuditData = async (type: string) =>
    JSON.parse(
      (
        await t.db.kysely
          .selectFrom('audit_events')
          .select('data')
          .where('type', '=', type)
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).data,
    );
  const spend = (who: Headers, amount: number, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/venue-projects/${p.id}/spendings`,
      headers: who,
      payload: { amount, spentOn: '2026-11-25', payee: '渭南建工有限公司', purpose: '主体工程进度款', voucherNo: 'PZ-0001', ...extra },
    });

  it('follows an approved plan and is kept by the finance bureau only', async () => {
    expect((await allocate(finance, 100000)).statusCode).toBe(422);
    p = (await step(t, finance, p, 'approve')).json();
    expect((await allocate(secretary, 100000)).statusCode).toBe(404);
    expect((await allocate(officer, 100000)).statusCode).toBe(403);
    const res = await allocate(finance, 100000);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ allocated: 100000, spent: 0, balance: 100000 });
  });

  it('never goes below zero without an explicit, audited override', async () => {
    expect((await spend(finance, 60000)).json()).toMatchObject({ spent: 60000, balance: 40000 });
    const over = await spend(finance, 50000);
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details.overspend).toEqual({ amount: 50000, balance: 40000 });
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).body.balance).toBe(40000);
    const before = await countAuditEvents(t.db, 'fund.spent');
    const ok = await spend(finance, 50000, { override: { reason: '追加地面硬化，已报区政府同意' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ spent: 110000, balance: -10000 });
    expect(await countAuditEvents(t.db, 'fund.spent')).toBe(before + 1);
    expect((await lastAuditData('fund.spent')).overrideReason).toBe('追加地面硬化，已报区政府同意');
  });

  it('allocates beyond the approved budget only with its reason, kept with the allocation and audited', async () => {
    // Budget 100,000, allocated 100,000: 20,000 more went through silently, a typo never to be corrected.
    const over = await allocate(finance, 20000);
    expect(over.statusCode, over.body).toBe(400);
    expect(over.json().error.message).toContain('超过批复预算');
    expect(over.json().error.details.overBudget).toEqual({ amount: 20000, allocated: 100000, budget: 100000 });
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).body.allocated).toBe(100000);
    // Nor 1e-9 元 (stored as 0.00), nor a day after today or outside the program's years.
    for (const body of [{ amount: 1e-9 }, { allocatedOn: '2999-12-31' }, { allocatedOn: '1900-01-01' }, { allocatedOn: '2026-11-28' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/venue-projects/${p.id}/allocations`,
        headers: finance,
        payload: { amount: 1, allocatedOn: '2026-11-20', documentNo: '高新财〔2026〕46号', ...body },
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const ok = await allocate(finance, 20000, { overBudget: { reason: '追加地面硬化，已报区政府同意' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().allocations.some((a: { note: string | null }) => a.note?.includes('超预算下达：追加地面硬化'))).toBe(true);
    expect((await lastAuditData('fund.allocated')).after.overBudgetReason).toBe('追加地面硬化，已报区政府同意');
  });

  it('lets two spends race for the last of the balance: exactly one fits', async () => {
    // balance 10,000 after the allocation beyond the budget above
    const results = await Promise.all([spend(finance, 8000, { voucherNo: 'PZ-A' }), spend(finance, 8000, { voucherNo: 'PZ-B' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).body.balance).toBe(2000);
  });

  it('takes vouchers and adds up per project, per subdistrict and in total', async () => {
    const detail = (await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).body;
    const up = await uploadVenueFile(
      t,
      finance,
      { spendingId: detail.spendings[0]!.id },
      { name: '发票.png', bytes: (await import('../../testing/ledger-factories.ts')).PNG_1x1 },
    );
    expect(up.statusCode, up.body).toBe(201);
    const fund = (await get<FundSummary>('/api/funds', finance)).body;
    expect(fund.canManage).toBe(true);
    const row = fund.projects.find((r) => r.projectId === p.id)!;
    expect(row).toMatchObject({ allocated: 120000, spent: 118000, balance: 2000, overspent: false, subdistrictName: '白杨街道' });
    const lt = fund.bySubdistrict.find((s) => s.subdistrictName === '白杨街道')!;
    expect(lt.spent).toBeGreaterThanOrEqual(118000);
    expect(fund.totals.balance).toBe(Math.round((fund.totals.allocated - fund.totals.spent) * 100) / 100);
    expect((await get<FundSummary>('/api/funds', secretary)).body.canManage).toBe(false);
  });

  it('exports in a finance office’s layout: title, reporting line, subtotals, total, signatures, detail sheets', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/funds/export.xlsx', headers: finance });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename*=');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['资金使用情况', '资金下达明细', '资金支出明细']);
    const ws = wb.getWorksheet('资金使用情况')!;
    expect(ws.getCell('A1').value).toBe('村级活动场所建设区级财政专项经费使用情况表');
    expect(ws.getCell('A2').text).toContain('金额单位：元');
    const firstColumn = ws.getColumn(1).values.map(String);
    expect(firstColumn).toContain('良田街道小计');
    expect(firstColumn).toContain('合计');
    expect(wb.getWorksheet('资金支出明细')!.rowCount).toBe(3 + 3); // title, reporting line, header, three spends
    expect((await t.app.inject({ method: 'GET', url: '/api/funds/export.xlsx', headers: secretary })).statusCode).toBe(403);
  });
});

describe('the clearance board', () => {
  it('counts venues left, cleared, overdue and stalled, says each state in words, and burns down by week', async () => {
    const before = (await get<VenueBoard>('/api/venues/board', officer)).body;
    const v = await makeVenue(t, officer, '北坊村', { ownership: 'owned' });
    const after = (await get<VenueBoard>('/api/venues/board', officer)).body;
    expect(after.left).toBe(before.left + 1);
    const row = after.villages.find((x) => x.venueId === v.id)!;
    expect(row).toMatchObject({ standing: 'no_project', stateZh: '未立项', onList: true });
    expect(after.campaign.deadline).toBe('2026-06-30');
    expect(after.burnDown.at(-1)!.left).toBe(after.left);

    const p = await driveTo(t, admin, v.id, 'accepted');
    expect(p.venue.passes).toBe(true);
    const done = (await get<VenueBoard>('/api/venues/board', officer)).body;
    expect(done.left).toBe(after.left - 1);
    expect(done.villages.find((x) => x.venueId === v.id)).toMatchObject({
      standing: 'cleared',
      stateZh: '已清零（扩建，已验收，投入使用）',
    });
    // The secretary's board is the own village only.
    const own = (await get<VenueBoard>('/api/venues/board', secretary)).body;
    expect(new Set(own.villages.map((x) => x.organizationName))).toEqual(new Set(['大闵村']));
  });

  it('flags a project overdue after its deadline', async () => {
    const v = await makeVenue(t, officer, '新民村');
    await driveTo(t, admin, v.id, 'in_works', { deadline: '2026-11-20' });
    const board = (await get<VenueBoard>('/api/venues/board', finance)).body;
    const row = board.villages.find((x) => x.venueId === v.id)!;
    expect(row.project).toMatchObject({ status: 'in_works', daysOverdue: 7 });
    expect(row.stateZh).toContain('逾期 7 天');
    expect(board.villages.indexOf(row)).toBe(0); // worst first
  });
});
