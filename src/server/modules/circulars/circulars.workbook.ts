import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { chineseDate } from '../../../domain/time.ts';
import {
  attainedText,
  rankingHasStudy,
  CIRCULAR_ANNEX_TITLES,
  CIRCULAR_OVERDUE_TASKS_TITLE,
  type CircularAnnex,
  type CircularRankingRow,
  movementText,
  RAG_TEXT,
  standingText,
} from '../../../domain/circular-text.ts';

/**
 * A circular's annex tables whole, as an Excel workbook (随文Excel附表): the Word file, the print view and the
 * editor show a table of more than ANNEX_TABLE_ROWS rows in part (src/domain/circular-annex-excerpt.ts), and a
 * province's rows are here. One sheet a table, each with a title, the "as at" line and a header row frozen and
 * repeated on every printed page; rates are numbers formatted as percentages (so that a reader can sort and
 * filter), text is text. ExcelJS's streaming writer commits row by row, so the file is never whole in memory.
 */

type Cell = string | number | null;
interface Column {
  header: string;
  width: number;
  format?: string;
}

const FONT = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { name: '黑体', size: 10, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  border: BORDER,
};
const PERCENT = '0.0%';
const SCORE = '0.0';
const HEADER_ROW = 3;

const RANKING_COLUMNS = (unit: string, attained: string, study: boolean): Column[] => [
  { header: '名次', width: 7, format: '0' },
  { header: unit, width: 22 },
  { header: '综合得分', width: 10, format: SCORE },
  { header: '对标得分', width: 11 },
  { header: attained, width: 10 },
  { header: '销号率', width: 9, format: PERCENT },
  { header: '验收通过率', width: 11, format: PERCENT },
  { header: '逾期问题', width: 9, format: '0' },
  { header: '周报按时率', width: 11, format: PERCENT },
  ...(study ? [{ header: '学习得分率', width: 11, format: PERCENT }] : []),
  { header: '较上月', width: 8 },
];

function rankingCells(r: CircularRankingRow, unit: 'village' | 'subdistrict', study: boolean): Cell[] {
  return [
    r.rank,
    r.name,
    r.score,
    standingText(r, unit),
    attainedText(r, unit),
    r.closureRate,
    r.acceptancePassRate,
    r.overdue,
    r.reportPunctuality,
    ...(study ? [r.study ?? null] : []),
    movementText(r.movement),
  ];
}

/** Yields to the zip after every this many rows and waits while the reader is behind. */
const BATCH = 2000;

async function writeSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: Writable,
  name: string,
  title: string,
  asAt: string,
  columns: readonly Column[],
  rows: Iterable<Cell[]>,
): Promise<void> {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, columns.length);
  const t = ws.getRow(1);
  t.height = 28;
  t.getCell(1).value = title;
  t.getCell(1).style = { font: { name: '黑体', size: 14, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  t.commit();
  ws.mergeCells(2, 1, 2, columns.length);
  const info = ws.getRow(2);
  info.getCell(1).value = `数据截至${chineseDate(asAt)}`;
  info.getCell(1).style = { font: { name: FONT, size: 9, color: { argb: 'FF595959' } }, alignment: { horizontal: 'right' } };
  info.commit();
  const header = ws.getRow(HEADER_ROW);
  header.height = 24;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.style = HEADER_STYLE;
  });
  header.commit();
  const styles = columns.map((c): Partial<ExcelJS.Style> => ({
    font: { name: FONT, size: 10 },
    alignment: { vertical: 'middle', wrapText: true, horizontal: c.format ? 'right' : 'left' },
    border: BORDER,
    numFmt: c.format ?? '@',
  }));
  let n = 0;
  for (const cells of rows) {
    n += 1;
    const row = ws.getRow(HEADER_ROW + n);
    cells.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      // A rate with nothing to measure reads "—", as in the circular.
      cell.value = v ?? '—';
      cell.style = styles[j]!;
    });
    row.commit();
    if (n % BATCH === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) throw new Error('the annex workbook was abandoned by its reader');
    }
  }
  if (n === 0) {
    const row = ws.getRow(HEADER_ROW + 1);
    row.getCell(1).value = '无';
    row.commit();
  }
  ws.commit();
}

/** The sheet names, in order (a sheet a table; the subdistricts' and the tasks' only when they have rows). */
export const ANNEX_SHEETS = {
  villages: '村（社区）排名',
  subdistricts: '街道排名',
  rag: '红黄绿情况',
  overdue: '逾期未整改问题',
  overdueTasks: '逾期交办事项',
} as const;

/** Writes every row of `annex` to `out` as an .xlsx; resolves when the last byte is handed to `out`. */
export async function writeCircularAnnexWorkbook(out: Writable, annex: CircularAnnex, head: { title: string; createdAt: Date }) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Taizhang 台账';
  wb.created = head.createdAt;
  wb.title = `${head.title}（附表）`;
  const strip = (t: string) => t.replace(/^附件\d：/, '');
  const study = rankingHasStudy([...annex.ranking.villages, ...annex.ranking.subdistricts]);
  await writeSheet(
    wb,
    out,
    ANNEX_SHEETS.villages,
    strip(CIRCULAR_ANNEX_TITLES.ranking),
    annex.asAt,
    RANKING_COLUMNS('村（社区）', '达标验收', study),
    annex.ranking.villages.map((r) => rankingCells(r, 'village', study)),
  );
  if (annex.ranking.subdistricts.length)
    await writeSheet(
      wb,
      out,
      ANNEX_SHEETS.subdistricts,
      '街道排名',
      annex.asAt,
      RANKING_COLUMNS('街道', '达标村数', study),
      annex.ranking.subdistricts.map((r) => rankingCells(r, 'subdistrict', study)),
    );
  await writeSheet(
    wb,
    out,
    ANNEX_SHEETS.rag,
    strip(CIRCULAR_ANNEX_TITLES.rag),
    annex.asAt,
    [
      { header: '单位', width: 22 },
      { header: '类别', width: 8 },
      { header: '颜色', width: 7 },
      { header: '原因', width: 60 },
    ],
    annex.rag.map((r) => [r.organization, r.kind, RAG_TEXT[r.colour], r.reasons]),
  );
  await writeSheet(
    wb,
    out,
    ANNEX_SHEETS.overdue,
    strip(CIRCULAR_ANNEX_TITLES.overdue),
    annex.asAt,
    [
      { header: '编号', width: 16 },
      { header: '单位', width: 18 },
      { header: '问题描述', width: 50 },
      { header: '整改时限', width: 12 },
      { header: '逾期天数', width: 9, format: '0' },
      { header: '责任人', width: 12 },
    ],
    annex.overdue.map((o) => [o.code, o.organization, o.description, o.dueOn, o.daysOverdue, o.owner ?? '']),
  );
  if (annex.overdueTasks?.length)
    await writeSheet(
      wb,
      out,
      ANNEX_SHEETS.overdueTasks,
      CIRCULAR_OVERDUE_TASKS_TITLE,
      annex.asAt,
      [
        { header: '单位', width: 18 },
        { header: '交办领导', width: 16 },
        { header: '调研日期', width: 12 },
        { header: '交办事项', width: 44 },
        { header: '责任单位', width: 16 },
        { header: '办结时限', width: 12 },
        { header: '逾期天数', width: 9, format: '0' },
      ],
      annex.overdueTasks.map((t) => [t.organization, t.leader, t.visitedOn, t.instruction, t.ownerUnit, t.dueOn, t.daysOverdue]),
    );
  await wb.commit();
}
