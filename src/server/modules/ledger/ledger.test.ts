import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS, LEDGER_IMPORT_LIMITS, LEDGER_IMPORT_MAX_ROWS } from '../../../domain/ledger-sheet.ts';
import { newId } from '../../db/ids.ts';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { makeProblem, multipart, problemIn } from '../../testing/ledger-factories.ts';
import { ON_SQLITE } from '../../testing/on-sqlite.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { HEADER_ROW, INFO_ROW, OVERDUE_FILL, STATUS_FILLS, TITLE_ROW } from './ledger-workbook.ts';
import { inlineStringBomb, lyingSizeBomb, rowsBomb, sharedRow, sharedStringBomb, workbookOf } from './ledger-bombs.test-support.ts';
import { ledgerXlsx, oneRowLedger, readXlsx, uploadLedger } from './ledger-sheets.test-support.ts';

let t: TestApp;
let admin: Headers;
const as: Record<string, Headers> = {};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  for (const who of ['officer', 'secretary', 'zhangdong', 'viewer']) as[who] = await t.login(who);
  // Reads the whole district, records problems in 大闵村 only.
  const liaison = await makeUser(t, admin, [
    { role: 'liaison_member', org: '大闵村' },
    { role: 'viewer', org: '渭南高新区' },
  ]);
  as.liaison = await t.login(liaison.username, TEST_PASSWORD);
});
afterAll(() => t.close());

async function exportXlsx(headers: Headers, query = '') {
  const res = await t.app.inject({ method: 'GET', url: `/api/ledger/export.xlsx${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return { res, ws: await readXlsx(res.rawPayload) };
}

const columnOf = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header) + 1;

/** The data rows of an exported sheet, as { header: text } records. */
function dataRows(ws: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  ws.eachRow((row, n) => {
    if (n <= HEADER_ROW) return;
    out.push(Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c.header, row.getCell(i + 1).value])));
  });
  return out;
}

async function countProblems(orgId?: string): Promise<number> {
  let q = t.db.kysely.selectFrom('problems').select((eb) => eb.fn.countAll().as('n'));
  if (orgId) q = q.where('organization_id', '=', orgId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function listProblems(orgId: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${orgId}&pageSize=200&sort=code`, headers: admin });
  return res.json().items as Array<{
    id: string;
    code: string;
    description: string;
    organizationName: string;
    dueOn: string | null;
    status: string;
  }>;
}

let standardPublished = false;
/**
 * A published standard with one area and two check items, inserted directly
 * (the standards API is not under test here) and published after any the
 * demo seed holds, so that it is the current one.
 */
async function publishStandard(): Promise<void> {
  if (standardPublished) return;
  standardPublished = true;
  const at = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
  const db = t.db.kysely;
  const standardId = newId();
  const versionId = newId();
  const areaId = newId();
  await db
    .insertInto('standards')
    .values({ id: standardId, name: '村级党组织规范化建设标准', description: null, created_at: at, updated_at: at })
    .execute();
  await db
    .insertInto('standard_versions')
    .values({
      id: versionId,
      standard_id: standardId,
      version_no: 1,
      status: 'published',
      title: '2026版',
      notes: null,
      based_on_version_id: null,
      published_at: at,
      published_by: null,
      version: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('standard_areas')
    .values({ id: areaId, standard_version_id: versionId, code: 'ZDJS', name: '阵地建设', sort_order: 1 })
    .execute();
  const item = (code: string, title: string, sort_order: number) => ({
    id: newId(),
    standard_version_id: versionId,
    area_id: areaId,
    code,
    title,
    criterion: title,
    weight: 5,
    expected_evidence: '照片',
    applies_to: 'both',
    sort_order,
  });
  await db
    .insertInto('check_items')
    .values([item('ZDJS-01', '活动场所面积达标', 1), item('ZDJS-02', '制度上墙', 2)])
    .execute();
}

describe('export', () => {
  it('writes a titled, frozen, filterable A4-landscape ledger with one row per problem and no formula anywhere', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const overdue = await makeProblem(t, admin, org.id, { description: '=SUM(A1)', dueOn: '2026-11-01', ownerName: '+8613800000000' });
    await makeProblem(t, admin, org.id, { description: '@cmd|/c calc', dueOn: '2026-12-31', remark: '-1+1', leadOfficial: '王*' });
    const closed = await problemIn(t, admin, org.id, 'closed');
    await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: admin,
      payload: { organizationId: org.id, description: '制作制度牌并上墙', problemIds: [overdue.id] },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/problems/${overdue.id}/progress`,
      headers: admin,
      payload: { text: '已联系广告公司' },
    });

    const { res, ws } = await exportXlsx(admin, `?organizationId=${org.id}`);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ledger-20261127\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]!)).toBe(`问题整改台账-${org.name}-20261127.xlsx`);

    expect(ws.getCell(TITLE_ROW, 1).value).toBe(`${org.name}问题整改台账（截至2026年11月27日）`);
    expect(ws.getCell(INFO_ROW, 1).text).toContain('共 3 条');
    expect(LEDGER_COLUMNS.map((_, i) => ws.getCell(HEADER_ROW, i + 1).value)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
    });
    expect(ws.autoFilter).toBe(`A${HEADER_ROW}:T${HEADER_ROW + 3}`);

    const rows = dataRows(ws);
    expect(rows).toHaveLength(3);
    const byDescription = new Map(rows.map((r) => [r['问题描述'], r]));
    const first = byDescription.get('=SUM(A1)')!;
    expect(first).toMatchObject({
      所属组织: org.name,
      状态: '待整改（逾期26天）',
      整改措施: '制作制度牌并上墙',
      整改进展: '已联系广告公司',
      责任人: '+8613800000000',
      是否公示: '是',
    });
    expect(first['整改时限']).toEqual(new Date('2026-11-01T00:00:00.000Z'));
    expect(byDescription.get('@cmd|/c calc')).toMatchObject({ 状态: '待整改', 备注: '-1+1', 牵头领导: '王*' });
    const closedRow = rows.find((r) => r['问题编号'] !== first['问题编号'] && r['状态'] === '已销号')!;
    expect(closedRow['验收人']).toBe('系统管理员');
    expect(closedRow['销号时间']).toEqual(new Date('2026-11-27T00:00:00.000Z'));
    expect(closedRow['佐证材料']).toBe('1 份：现场照片.png');
    expect(closed.status).toBe('closed');

    // Status colours; an overdue row is red in text and in its 状态 cell.
    const statusCol = columnOf('状态');
    const fillOf = (r: number) => (ws.getCell(r, statusCol).fill as ExcelJS.FillPattern).fgColor?.argb;
    const rowOf = (description: string) => HEADER_ROW + 1 + rows.findIndex((r) => r['问题描述'] === description);
    expect(fillOf(rowOf('=SUM(A1)'))).toBe(OVERDUE_FILL);
    expect(ws.getCell(rowOf('=SUM(A1)'), columnOf('问题描述')).font?.color?.argb).toBe('FFC00000');
    expect(fillOf(rowOf('@cmd|/c calc'))).toBe(STATUS_FILLS.open);
    expect(fillOf(HEADER_ROW + 1 + rows.indexOf(closedRow))).toBe(STATUS_FILLS.closed);

    // No formula anywhere: formula-like text is a text cell with the Text format.
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }),
    );
    const injected = ws.getCell(rowOf('=SUM(A1)'), columnOf('问题描述'));
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.numFmt).toBe('@');
    expect(res.rawPayload.includes(Buffer.from('<f>'))).toBe(false);
  });

  it('exports only what the reader may see, with the same filters as the list', async () => {
    await makeProblem(t, admin, '大闵村', { description: '大闵村导出范围测试' });
    await makeProblem(t, admin, '张东村', { description: '张东村导出范围测试' });
    const { ws } = await exportXlsx(as.secretary!);
    expect(ws.getCell(TITLE_ROW, 1).value).toBe('大闵村问题整改台账（截至2026年11月27日）');
    const rows = dataRows(ws);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r['所属组织'] === '大闵村')).toBe(true);
    const list = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=200', headers: as.secretary! })).json();
    expect(rows).toHaveLength(list.total);

    const zhangdong = dataRows((await exportXlsx(as.zhangdong!)).ws);
    expect(zhangdong.some((r) => r['问题描述'] === '张东村导出范围测试')).toBe(true);
    expect(zhangdong.every((r) => r['所属组织'] === '张东村')).toBe(true);

    const filtered = dataRows(
      (await exportXlsx(admin, `?q=${encodeURIComponent('导出范围测试')}&organizationId=${await t.orgId('张东村')}`)).ws,
    );
    expect(filtered.map((r) => r['问题描述'])).toEqual(['张东村导出范围测试']);
    const none = await exportXlsx(admin, `?q=${encodeURIComponent('没有这样的问题')}`);
    expect(dataRows(none.ws)).toEqual([]);
    expect(none.ws.getCell(INFO_ROW, 1).text).toContain('关键词“没有这样的问题” · 共 0 条');
    const outOfScope = await t.app.inject({
      method: 'GET',
      url: `/api/ledger/export.xlsx?organizationId=${await t.orgId('张东村')}`,
      headers: as.secretary!,
    });
    expect(outOfScope.statusCode).toBe(404);
  });
});

describe('import', () => {
  const HEADERS = ['序号', '村（社区）', '存在问题', '整改措施', '整改责任人', '完成时限', '整改进展', '备注'];

  it('previews every row-level error with its row and column, and writes nothing', async () => {
    const file = await ledgerXlsx(
      HEADERS,
      [
        [1, '大闵村', '党员活动室制度未上墙', '制作制度牌', '陈*梅', '2026/12/31', null, null],
        [2, '不存在村', '档案不全', null, null, '2026-12-31', null, null],
        [3, '大闵村', null, null, null, '2026-12-31', null, null],
        [4, '大闵村', '三会一课记录不全', null, null, '明年', null, null],
        [5, '张东村', '活动场所面积不足', null, null, '2026年12月31日', null, null],
        [6, '大闵村', '党员档案缺失', null, null, new Date(Date.UTC(2026, 11, 31)), null, null],
      ],
      { title: '大闵村问题整改台账（截至2026年11月20日）' },
    );
    const problems = await countProblems();
    const events = await countAuditEvents(t.db);
    const res = await uploadLedger(t, as.liaison, file, { dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // A liaison member drafts measures too (the group and the 两委会 propose them), so row 3 is fine.
    expect(body).toMatchObject({ dryRun: true, headerRow: 2, rows: 6, newProblems: 2, existing: 0, measures: 1 });
    expect(body.errors).toEqual([
      { row: 4, column: '村（社区）', message: expect.stringContaining('找不到组织“不存在村”') },
      { row: 5, column: '存在问题', message: '请填写存在问题' },
      { row: 6, column: '完成时限', message: expect.stringContaining('“明年”不是有效日期') },
      { row: 7, column: '村（社区）', message: '您没有在“张东村”登记问题的权限' },
    ]);
    expect(body.items.map((i: { row: number; outcome: string }) => [i.row, i.outcome])).toEqual([
      [3, 'new'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'new'],
    ]);
    expect(body.ignoredColumns).toEqual(['序号']);
    expect(await countProblems()).toBe(problems);
    expect(await countAuditEvents(t.db)).toBe(events);

    // The same file committed: 400 with the same list, and still nothing written.
    const commit = await uploadLedger(t, as.liaison, file);
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.code).toBe('VALIDATION_FAILED');
    expect(commit.json().error.details.errors).toEqual(body.errors);
    expect(await countProblems()).toBe(problems);
    expect(await countAuditEvents(t.db)).toBe(events);
  });

  it('is all or nothing: one bad row among good ones writes nothing', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const rows = Array.from({ length: 20 }, (_, i) => [i + 1, org.name, `问题${i + 1}`, '措施', null, '2026-12-31', null, null]);
    rows[17]![5] = '2026-02-30';
    const res = await uploadLedger(t, admin, await ledgerXlsx(HEADERS, rows));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errors).toEqual([{ row: 19, column: '完成时限', message: expect.stringContaining('不是有效日期') }]);
    expect(await countProblems(org.id)).toBe(0);
  });

  it('commits a clean file: problems with their measures and progress appear in the ledger, audited', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const file = await ledgerXlsx(HEADERS, [
      [1, org.name, '党员活动室制度未上墙', '制作制度牌并上墙', '陈*梅', '2026/12/31', '已联系广告公司', null],
      [2, org.name, '三会一课记录不全', null, null, '2026年12月15日', null, '补齐2026年记录'],
    ]);
    const before = {
      all: await countAuditEvents(t.db),
      created: await countAuditEvents(t.db, 'problem.created'),
      imported: await countAuditEvents(t.db, 'ledger.imported'),
    };
    const dry = await uploadLedger(t, admin, file, { dryRun: true });
    expect(dry.json()).toMatchObject({ newProblems: 2, measures: 1, progressNotes: 1, errors: [] });
    const res = await uploadLedger(t, admin, file, { name: '良田街道台账.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, newProblems: 2, existing: 0, measures: 1, progressNotes: 1, errors: [] });
    expect(res.json().items.every((i: { code: string | null }) => /^WT-\d{4}-\d{4}$/.test(i.code ?? ''))).toBe(true);

    const list = await listProblems(org.id);
    expect(list.map((p) => [p.description, p.dueOn, p.status]).sort()).toEqual([
      ['三会一课记录不全', '2026-12-15', 'open'],
      ['党员活动室制度未上墙', '2026-12-31', 'open'],
    ]);
    const withMeasure = list.find((p) => p.description === '党员活动室制度未上墙')!;
    const detail = (await t.app.inject({ method: 'GET', url: `/api/problems/${withMeasure.id}`, headers: admin })).json();
    expect(detail).toMatchObject({
      ownerName: '陈*梅',
      measures: [{ description: '制作制度牌并上墙', ownerName: '陈*梅', dueOn: '2026-12-31' }],
    });
    expect(detail.timeline.map((e: { kind: string; text: string | null }) => [e.kind, e.text])).toEqual([
      ['history', null],
      ['progress', '已联系广告公司'],
    ]);
    // The portal shows the note, so the public ledger records it, as for a note posted by hand.
    const chained = await t.db.kysely.selectFrom('public_chain_entries').select('type').where('subject_id', '=', withMeasure.id).execute();
    expect(chained.map((r) => r.type).sort()).toEqual(['problem.progress_posted', 'problem.published']);
    const measures = (await t.app.inject({ method: 'GET', url: `/api/measures?organizationId=${org.id}`, headers: admin })).json();
    expect(measures.items.map((m: { problemIds: string[] }) => m.problemIds)).toEqual([[withMeasure.id]]);

    expect(await countAuditEvents(t.db, 'problem.created')).toBe(before.created + 2);
    expect(await countAuditEvents(t.db, 'ledger.imported')).toBe(before.imported + 1);
    // 2 problems + 1 measure + 1 progress note + the import itself.
    expect(await countAuditEvents(t.db)).toBe(before.all + 5);
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .select(['data', 'organization_id'])
      .where('type', '=', 'ledger.imported')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toEqual({ rows: 2, problems: 2, measures: 1, fileName: '良田街道台账.xlsx' });
    expect(event.organization_id).toBe(org.id);

    // The same sheet again (no codes): flagged as possible duplicates before anything is written.
    const again = (await uploadLedger(t, admin, file, { dryRun: true })).json();
    expect(again.warnings.map((w: { row: number; message: string }) => [w.row, w.message.slice(0, 8)])).toEqual([
      [2, '台账中已有相同的'],
      [3, '台账中已有相同的'],
    ]);
  });

  it('round trip: an exported ledger re-imports as "already in the ledger"; without codes it imports as new problems', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    const first = await makeProblem(t, admin, org.id, {
      description: '=HYPERLINK("http://x")',
      dueOn: '2026-12-20',
      ownerName: '陈*梅',
      leadOfficial: '王*',
      remark: '@注意',
    });
    await makeProblem(t, admin, org.id, { description: '活动室面积不足\n需扩建', dueOn: '2027-01-31', isPublic: false });
    const submitted = await problemIn(t, admin, org.id, 'submitted');
    await t.app.inject({
      method: 'POST',
      url: '/api/measures',
      headers: admin,
      payload: { organizationId: org.id, description: '措施一', problemIds: [submitted.id] },
    });
    // Two measures of one problem come back as two (they had come back as one); one over two lines stays one.
    for (const [description, problemId] of [
      ['措施二', submitted.id],
      ['召开支委会研究\n报街道审核', first.id],
    ] as const) {
      const m = await t.app.inject({
        method: 'POST',
        url: '/api/measures',
        headers: admin,
        payload: { organizationId: org.id, description, problemIds: [problemId] },
      });
      expect(m.statusCode, m.body).toBe(201);
    }
    const original = await listProblems(org.id);
    const { res } = await exportXlsx(admin, `?organizationId=${org.id}`);

    const dry = (await uploadLedger(t, admin, res.rawPayload, { dryRun: true })).json();
    expect(dry).toMatchObject({ rows: 3, newProblems: 0, existing: 3, errors: [] });
    expect(dry.ignoredColumns).toEqual(['序号', '佐证材料', '状态', '验收人', '验收意见', '销号时间']);
    const commit = await uploadLedger(t, admin, res.rawPayload);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ newProblems: 0, existing: 3 });
    expect(await countProblems(org.id)).toBe(3);

    // The same file with the 问题编号 column cleared: three new problems, as they were described.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) ws.getCell(r, columnOf('问题编号')).value = null;
    const copy = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await uploadLedger(t, admin, copy);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ newProblems: 3, existing: 0, measures: 3, errors: [] });
    // Each as it was described, without the number the export put before it.
    const described = await t.db.kysely.selectFrom('measures').select('description').where('organization_id', '=', org.id).execute();
    expect(described.map((m) => m.description).sort()).toEqual(
      ['措施一', '措施一', '措施二', '措施二', '召开支委会研究\n报街道审核', '召开支委会研究\n报街道审核'].sort(),
    );

    const after = await listProblems(org.id);
    expect(after).toHaveLength(6);
    const fresh = after.filter((p) => !original.some((o) => o.id === p.id));
    const shape = (ps: typeof after) => ps.map((p) => [p.organizationName, p.description, p.dueOn]).sort();
    expect(shape(fresh)).toEqual(shape(original));
    // Statuses are history, which a sheet cannot fabricate: every imported problem starts open.
    expect(fresh.every((p) => p.status === 'open')).toBe(true);
    const details = await Promise.all(
      fresh.map(async (p) => (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json()),
    );
    const formulaLike = details.find((d) => d.description.startsWith('='))!;
    expect(formulaLike).toMatchObject({ ownerName: '陈*梅', leadOfficial: '王*', remark: '@注意', isPublic: true });
    expect(details.find((d) => d.description.startsWith('活动室'))).toMatchObject({ isPublic: false });
  });

  it('asks for the parent when two organizations share a name, and keeps a 责任单位 outside the tree in the remark', async () => {
    const name = `同名村${Date.now() % 100000}`;
    const a = await makeOrg(t, admin, '良田街道', 'village', name);
    await makeOrg(t, admin, '白杨街道', 'village', name);
    const file = await ledgerXlsx(
      ['所属组织', '问题描述', '责任单位', '备注'],
      [
        [name, '问题甲', null, null],
        [`良田街道/${name}`, '问题乙', '村两委', '先行整改'],
        [`良田街道／${name}`, '问题丙', '良田街道', null],
      ],
    );
    const dry = (await uploadLedger(t, admin, file, { dryRun: true })).json();
    expect(dry.errors).toEqual([{ row: 2, column: '所属组织', message: expect.stringContaining(`请写成“上级组织/${name}”`) }]);
    expect(dry.warnings).toEqual([{ row: 3, column: '责任单位', message: '“村两委”不是组织架构中的组织，已写入备注' }]);
    expect(dry.newProblems).toBe(2);

    const fixed = await ledgerXlsx(
      ['所属组织', '问题描述', '责任单位', '备注'],
      [
        [`良田街道/${name}`, '问题乙', '村两委', '先行整改'],
        [`良田街道／${name}`, '问题丙', '良田街道', null],
      ],
    );
    expect((await uploadLedger(t, admin, fixed)).statusCode).toBe(200);
    const list = await listProblems(a.id);
    const details = await Promise.all(
      list.map(async (p) => (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json()),
    );
    expect(details.map((d) => [d.description, d.responsibleOrgName, d.remark]).sort()).toEqual([
      ['问题丙', '良田街道', null],
      ['问题乙', null, '先行整改；责任单位：村两委'],
    ]);
  });

  it('links check items of the current published standard by code or title, and exports them for re-import', async () => {
    const org = await makeOrg(t, admin, '良田街道');
    await publishStandard();
    const file = await ledgerXlsx(
      ['所属组织', '标准领域', '检查项', '问题描述'],
      [
        [org.name, '阵地建设', 'ZDJS-01', '面积不足 200 平方米'],
        [org.name, null, '制度上墙', '制度牌缺失'],
        [org.name, null, 'XX-99 自创检查项', '其他问题'],
      ],
    );
    const res = await uploadLedger(t, admin, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().warnings).toEqual([
      { row: 4, column: '检查项', message: expect.stringContaining('现行标准中没有检查项“XX-99 自创检查项”') },
    ]);
    const list = (await t.app.inject({ method: 'GET', url: `/api/problems?organizationId=${org.id}&sort=code`, headers: admin })).json()
      .items;
    expect(
      list
        .map((p: { description: string; checkItemCode: string | null; areaName: string | null }) => [
          p.description,
          p.checkItemCode,
          p.areaName,
        ])
        .sort(),
    ).toEqual([
      ['其他问题', null, null],
      ['制度牌缺失', 'ZDJS-02', '阵地建设'],
      ['面积不足 200 平方米', 'ZDJS-01', '阵地建设'],
    ]);
    const rows = dataRows((await exportXlsx(admin, `?organizationId=${org.id}`)).ws);
    expect(rows.find((r) => r['问题描述'] === '制度牌缺失')).toMatchObject({ 标准领域: '阵地建设', 检查项: 'ZDJS-02 制度上墙' });
  });

  it('refuses what is not an .xlsx with 415, and a sheet without a header with 400', async () => {
    const text = await uploadLedger(t, admin, Buffer.from('所属组织,问题描述\n大闵村,x\n'), { name: '台账.csv' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('.xlsx') });
    const xls = await uploadLedger(t, admin, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), {
      name: '台账.xls',
    });
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.message).toContain('旧版 Excel');
    const brokenZip = await uploadLedger(t, admin, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]));
    expect(brokenZip.statusCode).toBe(415);
    const noHeader = await uploadLedger(t, admin, await ledgerXlsx(['村', '内容'], [['大闵村', 'x']]), { dryRun: true });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toContain('没有找到表头');
    const json = await t.app.inject({ method: 'POST', url: '/api/ledger/import', headers: admin, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });
});

/** Calls GET /api/health over and over while `work` runs: the slowest answer, how many, and the server thread's peak heap. */
async function whileRunning<T>(work: Promise<T>): Promise<{ result: T; slowestHealthMs: number; asked: number; heapGrowthMb: number }> {
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  let done = false;
  let slowest = 0;
  let asked = 0;
  void work.finally(() => (done = true));
  // Timed from when each request was due, so that a stall between two requests counts too.
  let due = performance.now();
  while (!done) {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    slowest = Math.max(slowest, performance.now() - due);
    asked++;
    due = performance.now() + 50;
    await new Promise((r) => setTimeout(r, 50));
  }
  clearInterval(sampler);
  return { result: await work, slowestHealthMs: slowest, asked, heapGrowthMb: (peak - heap0) / 2 ** 20 };
}

/** A multipart upload that holds back its last bytes until `release()`: the import stays under way meanwhile. */
function heldUpload(headers: Headers, bytes: Buffer) {
  const body = multipart({}, { name: '台账.xlsx', bytes, type: XLSX });
  let release = () => {};
  let started = () => {};
  const reading = new Promise<void>((resolve) => (started = resolve));
  const held = new Promise<void>((resolve) => (release = resolve));
  let sent = false;
  const stream = new Readable({
    read() {
      if (sent) return;
      sent = true;
      started();
      this.push(body.payload.subarray(0, body.payload.length - 10));
      void held.then(() => {
        this.push(body.payload.subarray(body.payload.length - 10));
        this.push(null);
      });
    },
  });
  const response = t.app.inject({
    method: 'POST',
    url: '/api/ledger/import?dryRun=1',
    headers: { ...headers, 'content-type': body.contentType },
    payload: stream,
  });
  return { response, reading, release };
}

// The limits refuse a file before anything reaches the database: the SQLite run only (ON_SQLITE).
describe.runIf(ON_SQLITE)('import limits (a file cannot stall or exhaust the server)', () => {
  const BOMB_TIMEOUT = 180_000;

  it(
    'stops reading a sheet of 400,000 rows at the row limit, while other requests are answered',
    async () => {
      const bomb = await rowsBomb(400_000);
      const run = await whileRunning(uploadLedger(t, admin, bomb, { dryRun: true }));
      expect(run.result.statusCode, run.result.body).toBe(400);
      expect(run.result.json().error.message).toContain(`上限 ${LEDGER_IMPORT_MAX_ROWS} 条（第 ${LEDGER_IMPORT_MAX_ROWS + 2} 行起超出）`);
      expect(run.asked).toBeGreaterThan(1);
      // Generous bounds: the parsing happens in a worker thread, so the server's own loop and heap stay free.
      expect(run.slowestHealthMs).toBeLessThan(2000);
      expect(run.heapGrowthMb).toBeLessThan(200);
    },
    BOMB_TIMEOUT,
  );

  it(
    'refuses one shared string of 200 million characters by the cell limit, not as a damaged file',
    async () => {
      const bomb = await sharedStringBomb(200_000_000);
      expect(bomb.length).toBeLessThan(256 * 1024);
      const run = await whileRunning(uploadLedger(t, admin, bomb, { dryRun: true }));
      expect(run.result.statusCode, run.result.body).toBe(413);
      expect(run.result.json().error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining(`单元格内容超过 ${LEDGER_IMPORT_LIMITS.cellChars} 字符`),
      });
      expect(run.slowestHealthMs).toBeLessThan(2000);
      expect(run.heapGrowthMb).toBeLessThan(200);
    },
    BOMB_TIMEOUT,
  );

  it(
    'refuses the same string written inline in the sheet',
    async () => {
      const res = await uploadLedger(t, admin, await inlineStringBomb(200_000_000), { dryRun: true });
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().error.message).toContain(`单元格内容超过 ${LEDGER_IMPORT_LIMITS.cellChars} 字符`);
    },
    BOMB_TIMEOUT,
  );

  it(
    'refuses a part that unpacks to more than it declares, and parts that unpack past the limit',
    async () => {
      const lying = await uploadLedger(t, admin, await lyingSizeBomb(64 * 2 ** 20), { dryRun: true });
      expect(lying.statusCode, lying.body).toBe(415);
      expect(lying.json().error.message).toContain('“xl/worksheets/sheet1.xml”解压后的实际大小超过其声明的大小');
      // 3 million copies of one row, honestly declared: about 140 MB unpacked.
      const rows = sharedRow(3, [2, 3]).repeat(20_000);
      const big = await workbookOf({
        sheetData: (function* () {
          yield sharedRow(1, [0, 1]);
          for (let i = 0; i < 150; i++) yield rows;
        })(),
        sharedStrings: ['<si><t>所属组织</t></si><si><t>问题描述</t></si><si><t>大闵村</t></si><si><t>制度未上墙</t></si>'],
      });
      const res = await uploadLedger(t, admin, big, { dryRun: true });
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().error.message).toContain(`文件解压后超过 ${LEDGER_IMPORT_LIMITS.unpackedBytes / 2 ** 20} MB`);
    },
    BOMB_TIMEOUT,
  );

  it(
    'refuses an upload over 10 MB with 413 naming the limit',
    async () => {
      const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(LEDGER_IMPORT_LIMITS.fileBytes)]);
      const res = await uploadLedger(t, admin, big, { dryRun: true });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('文件超过 10 MB') });
    },
    BOMB_TIMEOUT,
  );

  it(
    'takes one import at a time per user, and frees the slot when it ends',
    async () => {
      const first = heldUpload(admin, await oneRowLedger());
      await first.reading;
      const second = await uploadLedger(t, admin, await oneRowLedger(), { dryRun: true });
      expect(second.statusCode).toBe(429);
      expect(second.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('上一个台账导入还在进行中') });
      // Someone else is not held up.
      expect((await uploadLedger(t, as.officer, await oneRowLedger(), { dryRun: true })).statusCode).toBe(200);
      first.release();
      expect((await first.response).statusCode).toBe(200);
      expect((await uploadLedger(t, admin, await oneRowLedger(), { dryRun: true })).statusCode).toBe(200);
      // A refused import frees the slot too.
      expect((await uploadLedger(t, admin, Buffer.from('not a workbook'), { dryRun: true })).statusCode).toBe(415);
      expect((await uploadLedger(t, admin, await oneRowLedger(), { dryRun: true })).statusCode).toBe(200);
    },
    BOMB_TIMEOUT,
  );
});

describe('access', () => {
  it('asks anonymous callers to sign in, and refuses the import to those who may not record problems', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/ledger/export.xlsx' })).statusCode).toBe(401);
    const file = await oneRowLedger();
    expect((await uploadLedger(t, undefined, file, { dryRun: true })).statusCode).toBe(401);
    for (const who of ['viewer', 'secretary', 'zhangdong']) {
      const res = await uploadLedger(t, as[who], file, { dryRun: true });
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await uploadLedger(t, as.officer, file, { dryRun: true })).statusCode).toBe(200);
    // The import refuses before reading the upload: a viewer's multipart body is never parsed.
    const body = multipart({}, { name: 'x.xlsx', bytes: Buffer.alloc(10) });
    const viewer = await t.app.inject({
      method: 'POST',
      url: '/api/ledger/import',
      headers: { ...as.viewer!, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(viewer.statusCode).toBe(403);
  });
});
