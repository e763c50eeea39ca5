import ExcelJS from 'exceljs';
import type { StudyCoverage } from '../../../domain/contracts/study.ts';

/** The coverage sheet's columns, in order (the page's and the print sheet's, duty split into its two figures). */
export const COVERAGE_COLUMNS = [
  { key: 'organization', header: '组织', width: 28 },
  { key: 'sessionsHeld', header: '已开展学习（次）', width: 12 },
  { key: 'sessionsPlanned', header: '计划学习（次）', width: 12 },
  { key: 'attendanceRate', header: '参学率', width: 10 },
  { key: 'neverReached', header: '未参学党员（人）', width: 12 },
  { key: 'meetingsMissed', header: '未按期会议（次）', width: 12 },
  { key: 'dutyDaysStaffed', header: '值班到岗（天）', width: 12 },
  { key: 'dutyDaysDue', header: '应值班（天）', width: 12 },
] as const;

const TITLE = { font: { name: '黑体', size: 14, bold: true }, alignment: { horizontal: 'center' } } as const;
const INFO = { font: { name: '宋体', size: 9 }, alignment: { horizontal: 'left', wrapText: true } } as const;
const HEAD = { font: { name: '黑体', size: 10, bold: true }, alignment: { horizontal: 'center', wrapText: true } } as const;

/**
 * 学习覆盖 for a month as an .xlsx: the area and every organization under it as the page lists them (indented by
 * level), numbers as number cells (the attendance rate as a percentage; a branch's duty left empty, the hall being
 * its village's), then a second sheet naming the members never reached (a village's or a branch's; an area's sheet
 * counts them only). Texts go out as text cells (no formula can run).
 */
export async function writeCoverageWorkbook(book: {
  title: string;
  info: string;
  coverage: StudyCoverage;
  createdAt: Date;
}): Promise<Buffer> {
  const c = book.coverage;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Taizhang 台账';
  wb.created = book.createdAt;
  const ws = wb.addWorksheet('学习覆盖', {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  ws.columns = COVERAGE_COLUMNS.map((col) => ({ key: col.key, width: col.width }));
  const n = COVERAGE_COLUMNS.length;
  ws.mergeCells(1, 1, 1, n);
  ws.getCell(1, 1).value = book.title;
  ws.getCell(1, 1).style = TITLE;
  ws.mergeCells(2, 1, 2, n);
  ws.getCell(2, 1).value = book.info;
  ws.getCell(2, 1).style = INFO;
  ws.getRow(2).height = 30;
  COVERAGE_COLUMNS.forEach((col, i) => {
    const cell = ws.getRow(3).getCell(i + 1);
    cell.value = col.header;
    cell.style = HEAD;
  });
  const top = c.root.depth;
  [c.root, ...c.rows].forEach((r, i) => {
    const row = ws.getRow(4 + i);
    const branch = r.kind === 'branch';
    const values: ExcelJS.CellValue[] = [
      r.organizationName,
      r.sessionsHeld,
      r.sessionsPlanned,
      r.attendanceRate,
      r.neverReached,
      r.meetingsMissed,
      branch ? null : r.dutyDaysStaffed,
      branch ? null : r.dutyDaysDue,
    ];
    values.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = v;
      cell.style =
        j === 0
          ? { font: { name: '宋体', size: 10, bold: i === 0 }, alignment: { indent: Math.max(0, r.depth - top) }, numFmt: '@' }
          : { font: { name: '宋体', size: 10, bold: i === 0 }, numFmt: j === 3 ? '0.0%' : '0' };
    });
  });
  if (c.rowsLeftOut > 0) {
    const at = 4 + c.rows.length + 2;
    ws.mergeCells(at, 1, at, n);
    ws.getCell(at, 1).value = `另有 ${c.rowsLeftOut} 个下级组织未列出：请按其所属地区分别导出。`;
    ws.getCell(at, 1).style = INFO;
  }

  const names = wb.addWorksheet('未参学党员', { views: [{ state: 'frozen', ySplit: 1 }] });
  names.columns = [
    { key: 'seq', width: 6 },
    { key: 'name', width: 12 },
    { key: 'organization', width: 24 },
    { key: 'away', width: 10 },
  ];
  ['序号', '姓名', '组织', '流动党员'].forEach((h, i) => {
    const cell = names.getRow(1).getCell(i + 1);
    cell.value = h;
    cell.style = HEAD;
  });
  c.neverReached.forEach((m, i) => {
    const row = names.getRow(2 + i);
    [i + 1, m.name, m.organizationName, m.worksAway ? '是' : '否'].forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = v;
      cell.style = { font: { name: '宋体', size: 10 }, numFmt: j === 0 ? '0' : '@' };
    });
  });
  if (c.neverReached.length < c.root.neverReached) {
    const at = 2 + c.neverReached.length + 1;
    names.getCell(at, 1).value =
      c.neverReached.length === 0
        ? `共 ${c.root.neverReached} 人：名单按村（社区）或党支部列出，请导出某个村的学习覆盖。`
        : `列出前 ${c.neverReached.length} 人，共 ${c.root.neverReached} 人。`;
    names.getCell(at, 1).style = INFO;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
