import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FundProjectRow } from '../../../domain/contracts/venues.ts';
import { chineseDate } from '../../../domain/time.ts';
import { VENUE_PROJECT_KIND_LABELS, VENUE_PROJECT_STATUS_LABELS } from '../../../domain/venue-project-workflow.ts';

/**
 * 村级活动场所建设专项经费使用情况表, in the layout a finance office files:
 * a title, the reporting line (填报单位、金额单位、截至日期), a header repeated
 * on every printed page, one row per project grouped by subdistrict with a
 * 小计 after each and a 合计 at the end, then the signature line (单位负责人、
 * 财务负责人、制表人). Two more sheets list the allocations (资金下达明细) and
 * the spending (资金支出明细). As in the ledger export (ledger-workbook.ts),
 * every text is a text cell (never a formula) and the sheet streams out.
 */
export interface FundWorkbook {
  asAt: string;
  createdAt: Date;
  projects: readonly FundProjectRow[];
  allocations: ReadonlyArray<{
    subdistrictName: string;
    organizationName: string;
    date: string;
    documentNo: string;
    amount: number;
    note: string | null;
  }>;
  spendings: ReadonlyArray<{
    subdistrictName: string;
    organizationName: string;
    date: string;
    payee: string;
    purpose: string;
    voucherNo: string;
    amount: number;
    /** 超支 (over the balance) or 冲销 (a reversal, or reversed), in words. */
    note: string | null;
  }>;
}

export const FUND_SHEET = '资金使用情况';
export const FUND_TITLE = '村级活动场所建设区级财政专项经费使用情况表';

const FONT = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const MONEY = '#,##0.00';
const HEADER: Partial<ExcelJS.Style> = {
  font: { name: '黑体', size: 10, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: fill('FFF2F2F2'),
  border: BORDER,
  numFmt: '@',
};
const text = (bold = false, center = false): Partial<ExcelJS.Style> => ({
  font: { name: FONT, size: 10, bold },
  alignment: { horizontal: center ? 'center' : 'left', vertical: 'middle', wrapText: true },
  border: BORDER,
  numFmt: '@',
});
const money = (bold = false, red = false): Partial<ExcelJS.Style> => ({
  font: { name: FONT, size: 10, bold, ...(red && { color: { argb: 'FFC00000' } }) },
  alignment: { horizontal: 'right', vertical: 'middle' },
  border: BORDER,
  numFmt: MONEY,
});
const percent: Partial<ExcelJS.Style> = { ...money(), numFmt: '0.0%' };
const SUBTOTAL_FILL = fill('FFFFF2CC');

type Col = { header: string; width: number };

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, info: string, cols: readonly Col[]) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'A4' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '3:3',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = cols.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, cols.length);
  const t = ws.getRow(1);
  t.height = 34;
  t.getCell(1).value = title;
  t.getCell(1).style = { font: { name: '方正小标宋简体', size: 18, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  t.commit();
  ws.mergeCells(2, 1, 2, cols.length);
  const i = ws.getRow(2);
  i.getCell(1).value = info;
  i.getCell(1).style = { font: { name: FONT, size: 10 }, alignment: { horizontal: 'left', vertical: 'middle' } };
  i.commit();
  const h = ws.getRow(3);
  h.height = 30;
  cols.forEach((c, j) => {
    h.getCell(j + 1).value = c.header;
    h.getCell(j + 1).style = HEADER;
  });
  h.commit();
  return ws;
}

const utcDate = (d: string) => new Date(`${d}T00:00:00.000Z`);

export async function writeFundWorkbook(book: FundWorkbook): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  wb.creator = 'Taizhang 台账';
  wb.created = book.createdAt;
  const info = `填报单位：渭南高新区财政局（盖章）        金额单位：元        截至日期：${chineseDate(book.asAt)}`;

  // Sheet 1: per project, subtotals per subdistrict, the total, the signature line.
  const cols: Col[] = [
    { header: '序号', width: 6 },
    { header: '街道（镇）', width: 12 },
    { header: '村（社区）', width: 12 },
    { header: '项目名称', width: 26 },
    { header: '建设方式', width: 9 },
    { header: '项目进展', width: 14 },
    { header: '批复预算', width: 14 },
    { header: '已下达资金', width: 14 },
    { header: '已支出', width: 14 },
    { header: '结余', width: 14 },
    { header: '支出进度', width: 10 },
    { header: '备注', width: 18 },
  ];
  const ws = sheet(wb, FUND_SHEET, FUND_TITLE, info, cols);
  let r = 4;
  let seq = 0;
  const write = (
    cells: Array<string | number | null>,
    styles: Array<Partial<ExcelJS.Style>>,
    opts: { fill?: ExcelJS.Fill; merge?: [number, number] } = {},
  ) => {
    if (opts.merge) ws.mergeCells(r, opts.merge[0], r, opts.merge[1]);
    const row = ws.getRow(r++);
    cells.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      // A merged range shares its first cell's value: the others take a style only.
      if (!opts.merge || j + 1 <= opts.merge[0] || j + 1 > opts.merge[1]) cell.value = v;
      cell.style = opts.fill ? { ...styles[j], fill: opts.fill } : styles[j]!;
    });
    row.commit();
  };
  const figures = (b: number, a: number, s: number, bold = false) => {
    const ratio = a > 0 ? s / a : null;
    return {
      cells: [b, a, s, Math.round((a - s) * 100) / 100, ratio],
      styles: [money(bold), money(bold), money(bold), money(bold, a - s < 0), { ...percent, font: { name: FONT, size: 10, bold } }],
    };
  };
  const groups = new Map<string, FundProjectRow[]>();
  for (const p of book.projects) groups.set(p.subdistrictName ?? '', [...(groups.get(p.subdistrictName ?? '') ?? []), p]);
  const total = { b: 0, a: 0, s: 0 };
  for (const [sub, list] of groups) {
    const g = { b: 0, a: 0, s: 0 };
    for (const p of list) {
      seq++;
      const f = figures(p.budget, p.allocated, p.spent);
      // No approved budget yet: the cell stays empty, and 备注 says what is asked.
      if (!p.approved) f.cells[0] = null;
      const notes = [
        p.approved ? '' : `申报预算${p.requestedBudget.toLocaleString('zh-CN', { minimumFractionDigits: 2 })}元，尚未批复`,
        p.overspent ? '超支（经批准）' : '',
      ].filter(Boolean);
      write(
        [
          seq,
          sub,
          p.organizationName,
          p.venueName,
          VENUE_PROJECT_KIND_LABELS[p.kind].zh,
          VENUE_PROJECT_STATUS_LABELS[p.status].zh,
          ...f.cells,
          notes.length > 0 ? notes.join('；') : null,
        ],
        [text(false, true), text(), text(), text(), text(false, true), text(false, true), ...f.styles, text()],
      );
      g.b += Math.round(p.budget * 100);
      g.a += Math.round(p.allocated * 100);
      g.s += Math.round(p.spent * 100);
    }
    const f = figures(g.b / 100, g.a / 100, g.s / 100, true);
    write(
      [`${sub}小计`, null, null, null, null, null, ...f.cells, null],
      [text(true, true), text(), text(), text(), text(), text(), ...f.styles, text()],
      {
        fill: SUBTOTAL_FILL,
        merge: [1, 6],
      },
    );
    total.b += g.b;
    total.a += g.a;
    total.s += g.s;
  }
  const f = figures(total.b / 100, total.a / 100, total.s / 100, true);
  write(
    ['合计', null, null, null, null, null, ...f.cells, null],
    [text(true, true), text(), text(), text(), text(), text(), ...f.styles, text()],
    {
      fill: fill('FFD9E1F2'),
      merge: [1, 6],
    },
  );
  r++;
  ws.mergeCells(r, 1, r, cols.length);
  const sign = ws.getRow(r);
  sign.getCell(1).value = '单位负责人：                    财务负责人：                    制表人：                    联系电话：';
  sign.getCell(1).style = { font: { name: FONT, size: 10 }, alignment: { horizontal: 'left', vertical: 'middle' } };
  sign.commit();
  ws.commit();

  // Sheet 2: allocations.
  const wa = sheet(wb, '资金下达明细', '村级活动场所建设专项经费下达明细', info, [
    { header: '序号', width: 6 },
    { header: '街道（镇）', width: 12 },
    { header: '村（社区）', width: 12 },
    { header: '下达日期', width: 12 },
    { header: '文号', width: 22 },
    { header: '金额', width: 14 },
    { header: '备注', width: 24 },
  ]);
  book.allocations.forEach((a, i) => {
    const row = wa.getRow(4 + i);
    const vals: Array<[ExcelJS.CellValue, Partial<ExcelJS.Style>]> = [
      [i + 1, text(false, true)],
      [a.subdistrictName, text()],
      [a.organizationName, text()],
      [utcDate(a.date), { ...text(false, true), numFmt: 'yyyy"年"m"月"d"日"' }],
      [a.documentNo, text()],
      [a.amount, money()],
      [a.note, text()],
    ];
    vals.forEach(([v, s], j) => {
      row.getCell(j + 1).value = v;
      row.getCell(j + 1).style = s;
    });
    row.commit();
  });
  wa.commit();

  // Sheet 3: spending.
  const wsp = sheet(wb, '资金支出明细', '村级活动场所建设专项经费支出明细', info, [
    { header: '序号', width: 6 },
    { header: '街道（镇）', width: 12 },
    { header: '村（社区）', width: 12 },
    { header: '支出日期', width: 12 },
    { header: '收款单位', width: 22 },
    { header: '用途', width: 24 },
    { header: '凭证号', width: 14 },
    { header: '金额', width: 14 },
    { header: '备注', width: 26 },
  ]);
  book.spendings.forEach((s, i) => {
    const row = wsp.getRow(4 + i);
    const vals: Array<[ExcelJS.CellValue, Partial<ExcelJS.Style>]> = [
      [i + 1, text(false, true)],
      [s.subdistrictName, text()],
      [s.organizationName, text()],
      [utcDate(s.date), { ...text(false, true), numFmt: 'yyyy"年"m"月"d"日"' }],
      [s.payee, text()],
      [s.purpose, text()],
      [s.voucherNo, text(false, true)],
      [s.amount, money()],
      [s.note, text()],
    ];
    vals.forEach(([v, st], j) => {
      row.getCell(j + 1).value = v;
      row.getCell(j + 1).style = st;
    });
    row.commit();
  });
  wsp.commit();

  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
