import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundSummary, VenueProjectDetail } from '../../../domain/contracts/venues.ts';
import { newId } from '../../db/ids.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { driveTo, makeVenue, step, uploadVenueFile } from './venues.test-support.ts';

/**
 * 冲销: an allocation or a spend entered wrongly could never be corrected (the fund's books kept a typo for ever).
 * It is reversed by an entry of the opposite amount, naming it and why; the entry itself stays.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let finance: Headers;
let p: VenueProjectDetail;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  finance = await t.login('finance');
  const v = await makeVenue(t, officer, '上庄村');
  p = await driveTo(t, admin, v.id, 'under_review', { budget: 100000 });
  p = (await step(t, finance, p, 'approve')).json();
});
afterAll(() => t.close());

const post = (url: string, who: Headers, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: who, payload });
const allocate = (amount: number, documentNo: string) =>
  post(`/api/venue-projects/${p.id}/allocations`, finance, { amount, allocatedOn: '2026-11-20', documentNo });
const spend = (amount: number, voucherNo: string) =>
  post(`/api/venue-projects/${p.id}/spendings`, finance, {
    amount,
    spentOn: '2026-11-22',
    payee: '渭南建工有限公司',
    purpose: '主体工程进度款',
    voucherNo,
  });
const REVERSAL = { reversedOn: '2026-11-26', reason: '录入错误：文件下达 6,000 元，误录为 60,000 元' };
const reverse = (kind: 'allocations' | 'spendings', entryId: string, who: Headers = finance, body: Record<string, unknown> = REVERSAL) =>
  post(`/api/venue-projects/${p.id}/${kind}/${entryId}/reversal`, who, body);
const detail = async () =>
  (await t.app.inject({ method: 'GET', url: `/api/venue-projects/${p.id}`, headers: finance })).json<VenueProjectDetail>();
const lastAudit = async (type: string) =>
  JSON.parse(
    (await t.db.kysely.selectFrom('audit_events').select('data').where('type', '=', type).orderBy('seq', 'desc').executeTakeFirstOrThrow())
      .data,
  );

describe('冲销 of the special fund', () => {
  let wrong: string;

  it('reverses a wrong allocation once the right one is in, never leaving the project overspent', async () => {
    wrong = (await allocate(60000, '高新财〔2026〕51号')).json().allocations.at(-1).id;
    expect((await spend(5000, 'PZ-R1')).statusCode).toBe(200);

    // Reversed first, the project would have spent 5,000 of nothing: refused, nothing written.
    const early = await reverse('allocations', wrong);
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().error.message).toContain('请先下达正确金额');
    expect(await detail()).toMatchObject({ allocated: 60000, spent: 5000 });

    expect((await allocate(6000, '高新财〔2026〕51号')).statusCode).toBe(200);
    const before = await countAuditEvents(t.db, 'fund.allocation_reversed');
    const ok = await reverse('allocations', wrong, finance, { ...REVERSAL, reference: '高新财〔2026〕53号' });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = ok.json<VenueProjectDetail>();
    expect(d).toMatchObject({ allocated: 6000, spent: 5000, balance: 1000 });
    const reversal = d.allocations.find((a) => a.reversesId === wrong)!;
    expect(reversal).toMatchObject({
      amount: -60000,
      allocatedOn: '2026-11-26',
      documentNo: '高新财〔2026〕53号',
      reversalReason: REVERSAL.reason,
    });
    // The wrong entry stays as it was, and says it was reversed.
    expect(d.allocations.find((a) => a.id === wrong)).toMatchObject({ amount: 60000, reversedById: reversal.id, reversesId: null });
    expect(await countAuditEvents(t.db, 'fund.allocation_reversed')).toBe(before + 1);
    expect(await lastAudit('fund.allocation_reversed')).toMatchObject({
      reason: REVERSAL.reason,
      after: { amount: -60000, reverses: { id: wrong, amount: 60000, documentNo: '高新财〔2026〕51号' } },
    });
    // The fund's totals follow.
    const fund = (await t.app.inject({ method: 'GET', url: '/api/funds', headers: finance })).json<FundSummary>();
    expect(fund.projects.find((r) => r.projectId === p.id)).toMatchObject({ allocated: 6000, spent: 5000, balance: 1000 });
  });

  it('reverses an entry once: again is 409, a reversal is not reversed, and nothing changes', async () => {
    const again = await reverse('allocations', wrong);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().error.message).toContain('已经冲销');
    const reversal = (await detail()).allocations.find((a) => a.reversesId === wrong)!;
    const back = await reverse('allocations', reversal.id);
    expect(back.statusCode, back.body).toBe(422);
    expect(back.json().error.message).toContain('不能再冲销');
    expect(await detail()).toMatchObject({ allocated: 6000, spent: 5000 });
  });

  it('refuses a reversal without its reason, before its entry, after today, by anyone but the finance bureau, or of another project', async () => {
    const spent = (await detail()).spendings[0]!;
    for (const body of [
      { reversedOn: '2026-11-26' },
      { reversedOn: '2026-11-26', reason: '   ' },
      { reversedOn: '2026-11-21', reason: '录入错误' }, // the spend was on 11-22
      { reversedOn: '2026-11-28', reason: '录入错误' }, // today is 11-27
      { reversedOn: '2026-11-26', reason: '录入错误', amount: 1000 }, // the whole entry is reversed, never a part
    ]) {
      const res = await reverse('spendings', spent.id, finance, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await reverse('spendings', spent.id, officer)).statusCode).toBe(403);
    expect((await reverse('spendings', spent.id, secretary)).statusCode).toBe(404);
    // An entry id of another project, or none, is not found under this one.
    const other = await makeVenue(t, officer, '安家村');
    let q = await driveTo(t, admin, other.id, 'under_review', { budget: 1000 });
    q = (await step(t, finance, q, 'approve')).json();
    const res = await post(`/api/venue-projects/${q.id}/spendings/${spent.id}/reversal`, finance, REVERSAL);
    expect(res.statusCode, res.body).toBe(404);
    expect((await reverse('spendings', newId())).statusCode).toBe(404);
    expect((await reverse('spendings', 'no such entry')).statusCode).toBe(400);
    expect(await detail()).toMatchObject({ spent: 5000 });
  });

  it('reverses a spend: the amount returns to the balance, the spend keeps its vouchers', async () => {
    const spent = (await detail()).spendings[0]!;
    expect((await uploadVenueFile(t, finance, { spendingId: spent.id }, { name: '发票.png', bytes: PNG_1x1 })).statusCode).toBe(201);
    const ok = await reverse('spendings', spent.id, finance, { reversedOn: '2026-11-27', reason: '付款退回，重新支付' });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = ok.json<VenueProjectDetail>();
    expect(d).toMatchObject({ allocated: 6000, spent: 0, balance: 6000 });
    const reversal = d.spendings.find((s) => s.reversesId === spent.id)!;
    expect(reversal).toMatchObject({ amount: -5000, voucherNo: 'PZ-R1', payee: '渭南建工有限公司', reversalReason: '付款退回，重新支付' });
    expect(d.spendings.find((s) => s.id === spent.id)).toMatchObject({ amount: 5000, reversedById: reversal.id });
    expect(d.spendings.find((s) => s.id === spent.id)!.vouchers).toHaveLength(1);
    expect((await lastAudit('fund.spending_reversed')).after).toMatchObject({ amount: -5000, balanceAfter: 6000 });
  });

  it('lets two reversals of one entry race: exactly one is written', async () => {
    const id = (await spend(1000, 'PZ-R2')).json().spendings.find((s: { voucherNo: string }) => s.voucherNo === 'PZ-R2').id;
    const results = await Promise.all([reverse('spendings', id), reverse('spendings', id)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const d = await detail();
    expect(d.spent).toBe(0);
    expect(d.spendings.filter((s) => s.reversesId === id)).toHaveLength(1);
  });

  it('writes reversals in the workbook as a finance office does: the negative amount, what it reverses and why', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/funds/export.xlsx', headers: finance });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (name: string) =>
      wb
        .getWorksheet(name)!
        .getSheetValues()
        .slice(4)
        .filter(Boolean)
        .map((r) => (r as ExcelJS.CellValue[]).slice(1));
    const allocations = rows('资金下达明细').filter((r) => r[2] === '上庄村');
    expect(allocations.find((r) => r[5] === -60000)?.[6]).toBe(`冲销2026年11月20日高新财〔2026〕51号下达的60,000.00元：${REVERSAL.reason}`);
    expect(allocations.find((r) => r[5] === 60000)?.[6]).toBe('已冲销');
    const spendings = rows('资金支出明细').filter((r) => r[2] === '上庄村');
    expect(spendings.find((r) => r[7] === -5000)?.[8]).toBe('冲销2026年11月22日凭证PZ-R1的支出5,000.00元：付款退回，重新支付');
    expect(spendings.find((r) => r[7] === 5000)?.[8]).toBe('已冲销');
  });
});
