import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ON_SQLITE } from '../../testing/on-sqlite.ts';
import {
  excelSerialToDate,
  findSheetDate,
  LEDGER_COLUMNS,
  LEDGER_IMPORT_LIMITS,
  LEDGER_IMPORT_MAX_ROWS,
  LEDGER_IMPORT_MAX_SHEET_ROWS,
  looksLikeFormula,
  matchHeader,
  parsePublicFlag,
  parseSheetDate,
} from '../../../domain/ledger-sheet.ts';
import { AppError } from '../../http/errors.ts';
import { workbookOf } from './ledger-bombs.test-support.ts';
import { readLedgerXlsx } from './ledger-sheet.ts';
import { ledgerXlsx } from './ledger-sheets.test-support.ts';

// No database here: the SQLite run only (ON_SQLITE).
describe.runIf(ON_SQLITE)('ledger headers', () => {
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

describe.runIf(ON_SQLITE)('ledger cell values', () => {
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

async function sheetOf(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('台账'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.runIf(ON_SQLITE)('reading a ledger sheet', () => {
  it('finds the header under a title, maps variant headers, and reads date cells, serials and text dates', async () => {
    const bytes = await ledgerXlsx(
      ['序号', '村（社区）', '存在问题', '完成时限', '整改责任人', '公示', '联系电话', '状态'],
      [
        [1, '大闵村', '制度未上墙', new Date(Date.UTC(2026, 5, 30)), '陈*梅', '是', '138', '整改中'],
        [2, '麻李村', '活动室面积不足', 46203, null, '否', null, null],
        [null, null, null, null, null, null, null, null],
        [3, '上庄村', '档案不全', '2026年6月30日', null, null, null, null],
        [4, null, null, null, null, null, null, '已销号'],
      ],
      { title: '某街道问题整改台账' },
    );
    const sheet = await readLedgerXlsx(bytes);
    expect(sheet.layout.headerRow).toBe(2);
    expect(sheet.layout.unknownHeaders).toEqual(['联系电话']);
    expect(sheet.rows.map((r) => [r.row, r.organization, r.description, r.dueOn, r.isPublic])).toEqual([
      [3, '大闵村', '制度未上墙', '2026-06-30', true],
      [4, '麻李村', '活动室面积不足', '2026-06-30', false],
      [6, '上庄村', '档案不全', '2026-06-30', true],
    ]);
    expect(sheet.rows.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('takes a date cell’s own day late in the evening, and 20260630 typed as a number', async () => {
    const bytes = await ledgerXlsx(
      ['序号', '村（社区）', '存在问题', '完成时限'],
      [
        [1, '大闵村', '晚间时刻的时限', new Date(Date.UTC(2026, 5, 30, 23, 59, 45))],
        [2, '大闵村', '数字写的时限', 20260630],
        [3, '大闵村', '不是日期的数字', 20261330],
      ],
    );
    const sheet = await readLedgerXlsx(bytes);
    expect(sheet.rows.map((r) => [r.description, r.dueOn])).toEqual([
      ['晚间时刻的时限', '2026-06-30'],
      ['数字写的时限', '2026-06-30'],
      ['不是日期的数字', null],
    ]);
    expect(sheet.rows[2]!.errors.length).toBeGreaterThan(0);
  });

  it('reports each bad cell with its row and the header as written', async () => {
    const bytes = await ledgerXlsx(
      ['所属组织', '问题描述', '整改期限', '是否公示', '责任人'],
      [
        ['大闵村', '', '6月底', '也许', '张三\n李四'],
        ['', '无组织的问题', '2026-02-30', null, null],
      ],
    );
    const issues = (await readLedgerXlsx(bytes)).rows.flatMap((r) => r.errors);
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
    const bytes = await sheetOf((s) => {
      s.addRow(['序号', '所属组织', '问题描述', '责任主体', null, null, '整改时限']);
      s.addRow([null, null, null, '牵头领导', '责任单位', '责任人', null]);
      s.mergeCells('A1:A2');
      s.mergeCells('B1:B2');
      s.mergeCells('C1:C2');
      s.mergeCells('D1:F1');
      s.mergeCells('G1:G2');
      s.addRow([1, '大闵村', '制度未上墙', '王*', '大闵村', '陈*梅', '2026-12-31']);
    });
    const sheet = await readLedgerXlsx(bytes);
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
    const bytes = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', null, '整改时限']);
      s.addRow(['大闵村', '制度未上墙', null, '2026-12-31']);
      s.mergeCells('B1:C1');
      s.mergeCells('B2:C2');
    });
    const sheet = await readLedgerXlsx(bytes);
    expect(sheet.layout.columns.map((c) => [c.key, c.col])).toEqual([
      ['organization', 1],
      ['description', 2],
      ['dueOn', 4],
    ]);
    expect(sheet.rows.map((r) => [r.description, r.dueOn, r.errors])).toEqual([['制度未上墙', '2026-12-31', []]]);
  });

  it('reads a problem whose cells are merged over several rows as one problem with several measures', async () => {
    const bytes = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', '整改措施', '整改时限']);
      s.addRow(['大闵村', '活动室面积不足', '协调村委会腾出两间房', '2026-12-31']);
      s.addRow([null, null, '申请专项经费扩建', null]);
      s.addRow(['大闵村', '制度未上墙', '制作制度牌', '2026-12-15']);
      s.mergeCells('A2:A3');
      s.mergeCells('B2:B3');
      s.mergeCells('D2:D3');
    });
    const rows = (await readLedgerXlsx(bytes)).rows;
    expect(rows.map((r) => [r.row, r.description, r.measures, r.dueOn])).toEqual([
      [2, '活动室面积不足', ['协调村委会腾出两间房', '申请专项经费扩建'], '2026-12-31'],
      [4, '制度未上墙', ['制作制度牌'], '2026-12-15'],
    ]);
  });

  it('refuses a sheet without a recognisable header, a column named twice, and more rows than one import takes', async () => {
    const noHeader = await ledgerXlsx(['村', '内容'], [['大闵村', 'x']]);
    await expect(readLedgerXlsx(noHeader)).rejects.toThrow(/没有找到表头/);
    const twice = await ledgerXlsx(['所属组织', '问题描述', '存在问题'], [['大闵村', 'x', 'y']]);
    await expect(readLedgerXlsx(twice)).rejects.toThrow(/两列都表示“问题描述”/);
    const rows = Array.from({ length: LEDGER_IMPORT_MAX_ROWS + 1 }, (_, i) => ['大闵村', `问题${i}`]);
    const big = await ledgerXlsx(['所属组织', '问题描述'], rows);
    let thrown: unknown;
    try {
      await readLedgerXlsx(big);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).message).toContain(`上限 ${LEDGER_IMPORT_MAX_ROWS} 条`);
  });
});

describe.runIf(ON_SQLITE)('reading an uploaded workbook within the limits', () => {
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected a refusal');
  };

  it('reads the first visible sheet, inline strings without a shared-string table, and counts &amp; as one character', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('说明');
    hidden.state = 'hidden';
    hidden.addRow(['所属组织', '问题描述']);
    hidden.addRow(['麻李村', '不该读到']);
    const ws = wb.addWorksheet('台账');
    ws.addRow(['所属组织', '问题描述']);
    ws.addRow(['大闵村', '&'.repeat(LEDGER_IMPORT_LIMITS.cellChars)]);
    const sheet = await readLedgerXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.sheetName).toBe('台账');
    expect(sheet.rows[0]!.errors[0]!.message).toContain(`现有 ${LEDGER_IMPORT_LIMITS.cellChars} 字`);

    const inline = await workbookOf({
      sheetData: [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>所属组织</t></is></c><c r="B1" t="inlineStr"><is><t>问题描述</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>大闵村</t></is></c><c r="B2" t="inlineStr"><is><t>制度未上墙 &amp; 档案不全</t></is></c></row>',
      ],
    });
    expect((await readLedgerXlsx(inline)).rows.map((r) => [r.organization, r.description])).toEqual([['大闵村', '制度未上墙 & 档案不全']]);
  });

  it("reads every Chinese character whole, also where one straddles two of the unpacker's chunks", async () => {
    // 3,000 distinct texts make a shared-string table of several 16–64 KB chunks; ExcelJS 4.4 decodes each chunk
    // on its own, so a character cut in two came out as two U+FFFD before the guard re-encoded the table.
    const rows = Array.from({ length: 3000 }, (_, i) => [i + 1, '大闵村', `党员活动室制度未上墙，三会一课记录不全（第 ${i + 1} 项）`]);
    const sheet = await readLedgerXlsx(await ledgerXlsx(['序号', '所属组织', '问题描述'], rows));
    expect(sheet.rows).toHaveLength(3000);
    const broken = sheet.rows.filter((r, i) => r.description !== rows[i]![2]);
    expect(broken.map((r) => r.description)).toEqual([]);
  });

  it('refuses more distinct texts or merged ranges than allowed, naming the limit', async () => {
    const file = await ledgerXlsx(
      ['所属组织', '问题描述'],
      [
        ['大闵村', '甲'],
        ['麻李村', '乙'],
      ],
    );
    const strings = await refusal(readLedgerXlsx(file, { ...LEDGER_IMPORT_LIMITS, sharedStrings: 3 }));
    expect(strings).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('不同文字超过 3 条') });

    const merged = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', '整改措施']);
      for (let i = 0; i < 3; i++) s.addRow(['大闵村', `问题${i}`, '措施']);
      for (let i = 0; i < 3; i++) s.mergeCells(`C${i + 2}:D${i + 2}`);
    });
    const merges = await refusal(readLedgerXlsx(merged, { ...LEDGER_IMPORT_LIMITS, mergedRanges: 2 }));
    expect(merges).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('合并单元格超过 2 处') });
  });

  it('refuses a tag longer than any Excel writes (a hostile attribute or CDATA section), whose text an XML reader would hold whole', async () => {
    for (const row of [
      `<row r="2" note="${'a'.repeat(300_000)}"/>`,
      `<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[${'a'.repeat(300_000)}`,
    ]) {
      const refused = await refusal(readLedgerXlsx(await workbookOf({ sheetData: [row] })));
      expect(refused).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('XML 标记超过 256 KB') });
    }
  });

  it('refuses more non-empty rows under the header than one import reads, even when they add up to few problems', async () => {
    const bytes = await sheetOf((s) => {
      s.addRow(['所属组织', '问题描述', '整改措施']);
      s.addRow(['大闵村', '活动室面积不足', '措施 0']);
      for (let i = 1; i <= LEDGER_IMPORT_MAX_SHEET_ROWS; i++) s.addRow([null, null, `措施 ${i}`]);
      s.mergeCells(`A2:A${LEDGER_IMPORT_MAX_SHEET_ROWS + 2}`);
      s.mergeCells(`B2:B${LEDGER_IMPORT_MAX_SHEET_ROWS + 2}`);
    });
    const refused = await refusal(readLedgerXlsx(bytes));
    expect(refused.message).toContain(
      `数据行超过单次导入上限 ${LEDGER_IMPORT_MAX_SHEET_ROWS} 行（第 ${LEDGER_IMPORT_MAX_SHEET_ROWS + 2} 行起超出）`,
    );
  });
});

describe.runIf(ON_SQLITE)('texts written in the sheet itself', () => {
  it('reads inline strings (a streaming writer’s) whole, however ExcelJS cuts the part into chunks', async () => {
    // ExcelJS's streaming writer without shared strings, as Apache POI's SXSSF writes: every text inline in the sheet.
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '所属组织', '问题描述', '整改时限']).commit();
    for (let i = 1; i <= 3000; i++)
      ws.addRow([i, '大闵村', `党员活动室制度未上墙，问题说明第${i}条，需要整改落实到位`, '2026-12-31']).commit();
    ws.commit();
    await wb.commit();
    const sheet = await readLedgerXlsx(Buffer.concat(chunks));
    expect(sheet.rows).toHaveLength(3000);
    const broken = sheet.rows.filter((r) => `${r.organization}${r.description}`.includes('\uFFFD'));
    expect(broken.map((r) => r.row)).toEqual([]);
    expect(new Set(sheet.rows.map((r) => r.organization))).toEqual(new Set(['大闵村']));
  }, 60_000);
});
