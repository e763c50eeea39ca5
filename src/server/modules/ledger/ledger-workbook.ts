import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, type LedgerColumnKey } from '../../../domain/ledger-sheet.ts';
import { PROBLEM_STATUS_LABELS, type ProblemStatus } from '../../../domain/problem-workflow.ts';

/**
 * Writes the ledger as an .xlsx in the typical layout: a title row, an info
 * row, the header (frozen, filterable, repeated on every printed page), one
 * row per problem, A4 landscape fitted to the page width.
 *
 * Formula safety: every text goes out as a text cell (a shared string, never
 * an <f> element), so "=SUM(A1)" or "@cmd" is shown as typed and nothing is
 * evaluated; text cells also carry the Text number format ("@"), so that
 * re-entering such a cell in Excel keeps it text. No apostrophe is prepended:
 * the value stays exactly the user's text and re-imports unchanged.
 *
 * Data rows carry no fixed height, so Excel, WPS and LibreOffice grow them to
 * fit the wrapped text. The streaming writer keeps memory flat: rows come in
 * batches, each row is zipped as it is committed, and the zip goes straight to
 * the output (the HTTP answer), waiting while the reader is behind.
 */
export interface LedgerSheetRow {
  code: string;
  organization: string;
  area: string | null;
  checkItem: string | null;
  description: string;
  source: string | null;
  measures: string | null;
  leadOfficial: string | null;
  responsibleOrg: string | null;
  owner: string | null;
  dueOn: string | null;
  progress: string | null;
  evidence: string | null;
  status: ProblemStatus;
  /** Whole days overdue (0 when not overdue). */
  daysOverdue: number;
  acceptedBy: string | null;
  acceptanceOpinion: string | null;
  closedOn: string | null;
  isPublic: boolean;
  remark: string | null;
}

export interface LedgerWorkbookHead {
  title: string;
  /** The line under the title: as-of time, count, filters. */
  info: string;
  /** How many data rows will follow (the filter's range is written before them). */
  rowCount: number;
  createdAt: Date;
}

export const SHEET_NAME = '问题台账';
export const TITLE_ROW = 1;
export const INFO_ROW = 2;
export const HEADER_ROW = 3;

/** Status fills: grey → blue → amber → light green → green, as the lifecycle advances. */
export const STATUS_FILLS = {
  open: 'FFD9D9D9',
  rectifying: 'FFDDEBF7',
  submitted: 'FFFFE699',
  accepted: 'FFE2EFDA',
  closed: 'FFA9D08E',
  // Withdrawn (撤销) rows appear only when the filter asks for them: struck-through grey.
  withdrawn: 'FFEDEDED',
} as const satisfies Record<ProblemStatus, string>;
export const OVERDUE_FILL = 'FFFFC7CE';
export const OVERDUE_FONT = 'FFC00000';

const FONT = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { name: '黑体', size: 10, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: fill('FFF2F2F2'),
  border: BORDER,
  numFmt: '@',
};

type CellKind = 'text' | 'date' | 'number';
const KIND: Partial<Record<LedgerColumnKey, CellKind>> = { seq: 'number', dueOn: 'date', closedAt: 'date' };
const CENTERED = new Set<LedgerColumnKey>([
  'seq',
  'code',
  'dueOn',
  'closedAt',
  'isPublic',
  'status',
  'owner',
  'leadOfficial',
  'acceptedBy',
]);

/** Shared style objects (ExcelJS deduplicates them into a handful of xf records). */
function bodyStyle(key: LedgerColumnKey, overdue: boolean, statusFill?: string): Partial<ExcelJS.Style> {
  const kind = KIND[key] ?? 'text';
  return {
    font: { name: FONT, size: 10, ...(overdue && { color: { argb: OVERDUE_FONT } }), ...(statusFill && overdue && { bold: true }) },
    alignment: { horizontal: CENTERED.has(key) ? 'center' : 'left', vertical: 'top', wrapText: true },
    border: BORDER,
    numFmt: kind === 'date' ? 'yyyy-mm-dd' : kind === 'number' ? '0' : '@',
    ...(statusFill && { fill: fill(statusFill) }),
  };
}
const styleCache = new Map<string, Partial<ExcelJS.Style>>();
function styleFor(key: LedgerColumnKey, overdue: boolean, statusFill?: string) {
  const id = `${key}|${overdue}|${statusFill ?? ''}`;
  let s = styleCache.get(id);
  if (!s) styleCache.set(id, (s = bodyStyle(key, overdue, statusFill)));
  return s;
}

const utcDate = (d: string) => new Date(`${d}T00:00:00.000Z`);

function statusText(r: LedgerSheetRow): string {
  const label = PROBLEM_STATUS_LABELS[r.status].zh;
  // In words as well as in red: a printed black-and-white ledger still shows it.
  return r.daysOverdue > 0 ? `${label}（逾期${r.daysOverdue}天）` : label;
}

/** Excel's limit for one cell's text. */
export const EXCEL_CELL_CHARS = 32_767;
const CUT_NOTE = '…（内容超过 Excel 单元格上限，余见系统）';

/**
 * A text past Excel's cell limit (a problem's measures are joined into one cell: 17 of 2,000 characters made 34,016)
 * is cut with a note, so the file opens and our own import takes it back.
 */
function withinCell(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof v !== 'string' || v.length <= EXCEL_CELL_CHARS) return v;
  let cut = EXCEL_CELL_CHARS - CUT_NOTE.length;
  // Never half a character (a surrogate pair): XML would refuse the file.
  if (/[\uD800-\uDBFF]/.test(v[cut - 1]!)) cut--;
  return v.slice(0, cut) + CUT_NOTE;
}

function valueOf(key: LedgerColumnKey, r: LedgerSheetRow, seq: number): ExcelJS.CellValue {
  switch (key) {
    case 'seq':
      return seq;
    case 'code':
      return r.code;
    case 'organization':
      return r.organization;
    case 'area':
      return r.area;
    case 'checkItem':
      return r.checkItem;
    case 'description':
      return r.description;
    case 'source':
      return r.source;
    case 'measures':
      return r.measures;
    case 'leadOfficial':
      return r.leadOfficial;
    case 'responsibleOrg':
      return r.responsibleOrg;
    case 'owner':
      return r.owner;
    case 'dueOn':
      return r.dueOn ? utcDate(r.dueOn) : null;
    case 'progress':
      return r.progress;
    case 'evidence':
      return r.evidence;
    case 'status':
      return statusText(r);
    case 'acceptedBy':
      return r.acceptedBy;
    case 'acceptanceOpinion':
      return r.acceptanceOpinion;
    case 'closedAt':
      return r.closedOn ? utcDate(r.closedOn) : null;
    case 'isPublic':
      return r.isPublic ? '是' : '否';
    case 'remark':
      return r.remark;
  }
}

function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The sheet being written: add the data rows in batches, then finish. */
export interface LedgerWorkbookWriter {
  /** Commits these rows (numbered on from the previous batch); resolves once the output has room again. */
  addRows(rows: readonly LedgerSheetRow[]): Promise<void>;
  /** Writes the end of the sheet and of the zip; resolves when the last byte is handed to the output. */
  finish(): Promise<void>;
}

/** Starts writing the ledger workbook to `out` (title, info and header rows go out at once). */
export function startLedgerWorkbook(out: Writable, head: LedgerWorkbookHead): LedgerWorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Taizhang 台账';
  wb.created = head.createdAt;
  const n = LEDGER_COLUMNS.length;
  const lastRow = HEADER_ROW + Math.max(head.rowCount, 1);
  const ws = wb.addWorksheet(SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
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
  ws.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.autoFilter = `A${HEADER_ROW}:${colName(n)}${lastRow}`;

  ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, n);
  const title = ws.getRow(TITLE_ROW);
  title.height = 32;
  title.getCell(1).value = head.title;
  title.getCell(1).style = { font: { name: '黑体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  title.commit();

  ws.mergeCells(INFO_ROW, 1, INFO_ROW, n);
  const info = ws.getRow(INFO_ROW);
  info.getCell(1).value = head.info;
  info.getCell(1).style = {
    font: { name: FONT, size: 9, color: { argb: 'FF595959' } },
    alignment: { horizontal: 'right', vertical: 'middle' },
  };
  info.commit();

  const header = ws.getRow(HEADER_ROW);
  header.height = 30;
  LEDGER_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.style = HEADER_STYLE;
  });
  header.commit();

  let seq = 0;
  return {
    async addRows(rows) {
      for (const r of rows) {
        seq += 1;
        const row = ws.getRow(HEADER_ROW + seq);
        const overdue = r.daysOverdue > 0;
        LEDGER_COLUMNS.forEach((c, j) => {
          const cell = row.getCell(j + 1);
          cell.value = withinCell(valueOf(c.key, r, seq));
          cell.style =
            c.key === 'status' ? styleFor(c.key, overdue, overdue ? OVERDUE_FILL : STATUS_FILLS[r.status]) : styleFor(c.key, overdue);
        });
        row.commit();
      }
      // Let the zip take the batch, then wait while the reader is behind.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) throw new Error('the ledger export was abandoned by its reader');
    },
    async finish() {
      ws.commit();
      await wb.commit();
    },
  };
}
