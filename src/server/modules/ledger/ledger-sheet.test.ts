import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  excelSerialToDate,
  findSheetDate,
  LEDGER_COLUMNS,
  LEDGER_IMPORT_MAX_ROWS,
  looksLikeFormula,
  matchHeader,
  parsePublicFlag,
  parseSheetDate,
} from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';
import { readLedgerSheet } from './ledger-sheet.ts';
import { ledgerXlsx, readXlsx } from './ledger-sheets.test-support.ts';

describe('ledger headers', () => {
  it('knows every exported header and the common variants, whatever the brackets and spaces', () => {
    for (const c of LEDGER_COLUMNS) expect(matchHeader(c.header)).toBe(c.key);
    expect(matchHeader('村（社区）')).toBe('organization');
    expect(matchHeader('村(社区)')).toBe('organization');
    expect(matchHeader('单位名称')).toBe('organization');
    expect(matchHeader('存在问题')).toBe('description');
    expect(matchHeader('问 题')).toBe('description');
    expect(matchHeader('问题编号')).toBe('code');
    expect(matchHeader('完成时限')).toBe('dueOn');
    expect(matchHeader('整改期限')).toBe('dueOn');
    expect(matchHeader('整改时限（截止日期）')).toBe('dueOn');
    expect(matchHeader('整改责任人')).toBe('owner');
    expect(matchHeader('责任部门')).toBe('responsibleOrg');
    expect(matchHeader('包抓领导')).toBe('leadOfficial');
    expect(matchHeader('领域')).toBe('area');
    expect(matchHeader('检查内容')).toBe('checkItem');
    expect(matchHeader('公示')).toBe('isPublic');
    expect(matchHeader('说明')).toBe('remark');
    expect(matchHeader('发现来源（包联组/日期）')).toBe('source');
    expect(matchHeader('所属组织 *')).toBe('organization');
    expect(matchHeader('联系电话')).toBeNull();
  });
});

describe('ledger cell values', () => {
  it('reads the dates ledgers write, and refuses what is not a calendar day', () => {
    for (const t of ['2026-06-30', '2026/6/30', '2026.6.30', '2026年6月30日', '2026 年 6 月 30 日', '20260630', '2026-06-30 00:00:00']) {
      expect(parseSheetDate(t), t).toBe('2026-06-30');
    }
    for (const t of ['2026-02-30', '6月底', '2026-13-01', '下周', '30/06/2026', '']) expect(parseSheetDate(t), t).toBeNull();
    expect(findSheetDate('第一包联组 / 2026-11-20')).toBe('2026-11-20');
    expect(findSheetDate('第一包联组')).toBeNull();
    expect(excelSerialToDate(46203)).toBe('2026-06-30');
    expect(excelSerialToDate(12)).toBeNull();
  });

  it('reads 是否公示 as yes/no, blank as the default, anything else as unreadable', () => {
    expect(parsePublicFlag('是')).toBe(true);
    expect(parsePublicFlag('否')).toBe(false);
    expect(parsePublicFlag('不公示')).toBe(false);
    expect(parsePublicFlag('Y')).toBe(true);
    expect(parsePublicFlag('')).toBeUndefined();
    expect(parsePublicFlag('也许')).toBeNull();
  });

  it('names the text that would be a formula if retyped', () => {
    for (const t of ['=SUM(A1)', '+1', '-2', '@cmd', '\t=1', '\r=1']) expect(looksLikeFormula(t), JSON.stringify(t)).toBe(true);
    expect(looksLikeFormula('活动室面积不足 200 平方米')).toBe(false);
  });
});

async function sheetOf(build: (ws: ExcelJS.Worksheet) => void): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('台账'));
  return readXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('reading a ledger sheet', () => {
  it('finds the header under a title, maps variant headers, and reads date cells, serials and text dates', async () => {
    const ws = await readXlsx(
      await ledgerXlsx(
        ['序号', '村（社区）', '存在问题', '完成时限', '整改责任人', '公示', '联系电话', '状态'],
        [
          [1, '大闵村', '制度未上墙', new Date(Date.UTC(2026, 5, 30)), '陈*梅', '是', '138', '整改中'],
          [2, '麻李村', '活动室面积不足', 46203, null, '否', null, null],
          [null, null, null, null, null, null, null, null],
          [3, '上庄村', '档案不全', '2026年6月30日', null, null, null, null],
          [4, null, null, null, null, null, null, '已销号'],
        ],
        { title: '某街道问题整改台账' },
      ),
    );
    const sheet = readLedgerSheet(ws);
    expect(sheet.layout.headerRow).toBe(2);
    expect(sheet.layout.unknownHeaders).toEqual(['联系电话']);
    expect(sheet.rows.map((r) => [r.row, r.organization, r.description, r.dueOn, r.isPublic])).toEqual([
      [3, '大闵村', '制度未上墙', '2026-06-30', true],
      [4, '麻李村', '活动室面积不足', '2026-06-30', false],
      [6, '上庄村', '档案不全', '2026-06-30', true],
    ]);
    expect(sheet.rows.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('reports each bad cell with its row and the header as written', async () => {
    const ws = await readXlsx(
      await ledgerXlsx(
        ['所属组织', '问题描述', '整改期限', '是否公示', '责任人'],
        [
          ['大闵村', '', '6月底', '也许', '张三\n李四'],
          ['', '无组织的问题', '2026-02-30', null, null],
        ],
      ),
    );
    const issues = readLedgerSheet(ws).rows.flatMap((r) => r.errors);
    expect(issues).toEqual([
      { row: 2, column: '问题描述', message: '请填写问题描述' },
      { row: 2, column: '整改期限', message: expect.stringContaining('“6月底”不是有效日期') },
      { row: 2, column: '是否公示', message: expect.stringContaining('请填“是”或“否”') },
      { row: 2, column: '责任人', message: expect.stringContaining('不能换行') },
      { row: 3, column: '所属组织', message: expect.stringContaining('请填写所属组织') },
      { row: 3, column: '整改期限', message: expect.stringContaining('“2026-02-30”不是有效日期') },
    ]);
  });

  it('merges a two-row header (a group heading over 牵头领导/责任单位/责任人)', async () => {
    const ws = await sheetOf((s) => {
      s.addRow(['序号', '所属组织', '问题描述', '责任主体', null, null, '整改时限']);
      s.addRow([null, null, null, '牵头领导', '责任单位', '责任人', null]);
      s.mergeCells('A1:A2');
      s.mergeCells('B1:B2');
      s.mergeCells('C1:C2');
      s.mergeCells('D1:F1');
      s.mergeCells('G1:G2');
      s.addRow([1, '大闵村', '制度未上墙', '王*', '大闵村', '陈*梅', '2026-12-31']);
    });
    const sheet = readLedgerSheet(ws);
    expect(sheet.layout).toMatchObject({ headerRow: 1, firstDataRow: 3 });
    expect(sheet.layout.columns.map((c) => c.key)).toEqual([
      'seq',
      'organization',
      'description',
      'leadOfficial',
      'responsibleOrg',
      'owner',
      'dueOn',
    ]);
    expect(sheet.rows[0]).toMatchObject({ leadOfficial: '王*', responsibleOrg: '大闵村', owner: '陈*梅', dueOn: '2026-12-31' });
  });

  it('takes a header merged across two columns as one column', async () => {
    const ws = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', null, '整改时限']);
      s.addRow(['大闵村', '制度未上墙', null, '2026-12-31']);
      s.mergeCells('B1:C1');
      s.mergeCells('B2:C2');
    });
    const sheet = readLedgerSheet(ws);
    expect(sheet.layout.columns.map((c) => [c.key, c.col])).toEqual([
      ['organization', 1],
      ['description', 2],
      ['dueOn', 4],
    ]);
    expect(sheet.rows.map((r) => [r.description, r.dueOn, r.errors])).toEqual([['制度未上墙', '2026-12-31', []]]);
  });

  it('reads a problem whose cells are merged over several rows as one problem with several measures', async () => {
    const ws = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', '整改措施', '整改时限']);
      s.addRow(['大闵村', '活动室面积不足', '协调村委会腾出两间房', '2026-12-31']);
      s.addRow([null, null, '申请专项经费扩建', null]);
      s.addRow(['大闵村', '制度未上墙', '制作制度牌', '2026-12-15']);
      s.mergeCells('A2:A3');
      s.mergeCells('B2:B3');
      s.mergeCells('D2:D3');
    });
    const rows = readLedgerSheet(ws).rows;
    expect(rows.map((r) => [r.row, r.description, r.measures, r.dueOn])).toEqual([
      [2, '活动室面积不足', ['协调村委会腾出两间房', '申请专项经费扩建'], '2026-12-31'],
      [4, '制度未上墙', ['制作制度牌'], '2026-12-15'],
    ]);
  });

  it('refuses a sheet without a recognisable header, a column named twice, and more rows than one import takes', async () => {
    const noHeader = await readXlsx(await ledgerXlsx(['村', '内容'], [['大闵村', 'x']]));
    expect(() => readLedgerSheet(noHeader)).toThrow(/没有找到表头/);
    const twice = await readXlsx(await ledgerXlsx(['所属组织', '问题描述', '存在问题'], [['大闵村', 'x', 'y']]));
    expect(() => readLedgerSheet(twice)).toThrow(/两列都表示“问题描述”/);
    const rows = Array.from({ length: LEDGER_IMPORT_MAX_ROWS + 1 }, (_, i) => ['大闵村', `问题${i}`]);
    const big = await readXlsx(await ledgerXlsx(['所属组织', '问题描述'], rows));
    let thrown: unknown;
    try {
      readLedgerSheet(big);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).message).toContain(`上限 ${LEDGER_IMPORT_MAX_ROWS} 条`);
  });
});
