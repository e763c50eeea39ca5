import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import type { JobContext } from '../../jobs/job.ts';
import { remindersJob } from '../../jobs/reminders.job.ts';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem, type MadeProblem, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, testConfig, type TestApp } from '../../testing/test-app.ts';
import { measure, runSnapshotJob, setShanghai, snapshotRows } from '../statistics/statistics.test-support.ts';
import { doneChecklist } from './reviews.test-support.ts';

/**
 * A withdrawn problem (撤销: recorded by mistake, the 两委会 disputed it) counts
 * nowhere: not on the dashboard, in the week's statistics or its frozen
 * snapshot, the monthly ranking, the circular (figures and overdue list), the
 * ledger's Excel export, the reminders, or the inspection round's tally; nor
 * does a measure that served only that problem. It stays in its history.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let village: string;
let keep: MadeProblem;
let wrong: MadeProblem;

const quiet = { info: () => {}, warn: () => {}, error: () => {} } as unknown as JobContext['log'];

async function get<T>(url: string, headers = admin): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

beforeAll(async () => {
  t = await createTestApp();
  // Monday 2 November: two problems of 大闵村 due on Thursday, a measure for each and one for both; one problem is
  // withdrawn the same day (the measure serving both still counts).
  setShanghai(t, '2026-11-02 10:00');
  admin = await t.login('admin');
  village = await t.orgId('大闵村');
  keep = await makeProblem(t, admin, village, { description: '党员活动室制度未上墙', dueOn: '2026-11-05' });
  wrong = await makeProblem(t, admin, village, { description: '误登记：便民服务大厅未设置', dueOn: '2026-11-05' });
  await measure(t, admin, '大闵村', [keep.id], 0);
  await measure(t, admin, '大闵村', [wrong.id], 0);
  await measure(t, admin, '大闵村', [keep.id, wrong.id], 0);
  const res = await transition(t, admin, wrong, 'withdraw', '两委会核实：便民服务大厅已设置，属误登记');
  expect(res.statusCode, res.body).toBe(200);
  // Ten days later both deadlines have passed: only `keep` is overdue.
  setShanghai(t, '2026-11-12 10:00');
  admin = await t.login('admin');
  officer = await t.login('officer');
});
afterAll(() => t.close());

describe('a withdrawn problem counts nowhere', () => {
  it('leaves the dashboard, the week’s figures and its frozen snapshot, the ranking and the circular', async () => {
    const overview = await get<{ statusCounts: { total: number; open: number; overdue: number } }>(
      `/api/dashboard/overview?organizationId=${village}`,
    );
    expect(overview.statusCounts).toMatchObject({ total: 1, open: 1, overdue: 1 });

    const week = await get<{ organization: { figures: Record<string, number> } }>(
      `/api/statistics/weeks?organizationId=${village}&week=2026-11-02`,
    );
    expect(week.organization.figures).toMatchObject({ total: 1, open: 1, newCount: 1, measuresTotal: 2 });

    expect(await runSnapshotJob(t.db, t.clock.now())).toBe(true);
    const frozen = (await snapshotRows(t.db, '2026-11-02')).find((r) => r.organization_id === village)!;
    expect([frozen.total, frozen.open, frozen.new_count, frozen.measures_total].map(Number)).toEqual([1, 1, 1, 2]);

    const ranking = await get<{ villages: Array<{ organizationName: string; figures: Record<string, number> }> }>(
      '/api/rankings/monthly?month=2026-11',
    );
    expect(ranking.villages.find((v) => v.organizationName === '大闵村')!.figures).toMatchObject({ total: 1, overdue: 1 });

    const res = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-11' } });
    expect(res.statusCode, res.body).toBe(201);
    const circular = res.json<CircularDetail>();
    expect(circular.annex.totals.total).toBe(1);
    expect(circular.annex.overdue.map((o) => o.code)).toEqual([keep.code]);
  });

  it('is left out of the ledger’s Excel export and of the reminders, and stays in its history', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/ledger/export.xlsx?organizationId=${village}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c.text)));
    expect(cells.some((c) => c.includes('党员活动室制度未上墙'))).toBe(true);
    expect(cells.some((c) => c.includes('误登记：便民服务大厅未设置'))).toBe(false);

    await remindersJob.run({ db: t.db, config: testConfig(), now: t.clock.now(), log: quiet });
    const keys = (await t.db.kysely.selectFrom('notifications').select('dedupe_key').execute()).map((r) => r.dedupe_key);
    expect(keys.some((k) => k.includes(keep.id))).toBe(true);
    expect(keys.some((k) => k.includes(wrong.id))).toBe(false);

    const detail = await get<{ status: string; timeline: Array<{ action: string }> }>(`/api/problems/${wrong.id}`);
    expect(detail.status).toBe('withdrawn');
    expect(detail.timeline.map((e) => e.action)).toEqual(['create', 'withdraw']);
  });

  it('leaves the inspection round’s tally of problems found', async () => {
    const c = await doneChecklist(t, admin, await t.orgId('麻李村'));
    const [first] = c.problemIds;
    const p = await get<{ id: string; version: number }>(`/api/problems/${first}`);
    expect((await transition(t, admin, p, 'withdraw', '两委会核实：场所系村集体所有，属误登记')).statusCode).toBe(200);
    const checklist = await get<{ roundId: string }>(`/api/inspection-checklists/${c.checklistId}`);
    const round = await get<{ problemsFound: number }>(`/api/inspection-rounds/${checklist.roundId}`);
    expect(round.problemsFound).toBe(1);
  });
});
