import type ExcelJS from 'exceljs';
import {
  excelSerialToDate,
  findSheetDate,
  LEDGER_COLUMNS,
  LEDGER_HEADER_SEARCH_ROWS,
  LEDGER_IMPORT_MAX_ROWS,
  type LedgerColumnKey,
  matchHeader,
  parsePublicFlag,
  parseSheetDate,
} from '../../../domain/ledger-sheet.ts';
import type { LedgerIssue } from '../../../domain/contracts/ledger.ts';
import { AppError } from '../../http/errors.ts';

/**
 * Reading a ledger worksheet: find the header row, map its columns by their
 * Chinese names, and turn each data row into plain values with the errors a
 * row can have on its own (no database here). Organizations, codes and check
 * items are resolved by the service.
 */

export interface SheetColumn {
  key: LedgerColumnKey;
  /** The header as written in the sheet (used to name the column in errors). */
  header: string;
  /** 1-based column number. */
  col: number;
}

export interface SheetLayout {
  headerRow: number;
  firstDataRow: number;
  columns: SheetColumn[];
  /** Headers no column definition knows; their cells are not read. */
  unknownHeaders: string[];
}

/** One problem as the sheet states it. */
export interface SheetRow {
  /** Excel row number (of the first row, when merged cells spread a problem over several). */
  row: number;
  code: string | null;
  organization: string;
  area: string | null;
  checkItem: string | null;
  description: string;
  foundOn: string | null;
  /** One measure per line of the sheet: a problem whose cells are merged over several rows has several. */
  measures: string[];
  leadOfficial: string | null;
  responsibleOrg: string | null;
  owner: string | null;
  dueOn: string | null;
  progress: string | null;
  isPublic: boolean;
  remark: string | null;
  errors: LedgerIssue[];
}

export interface ParsedSheet {
  sheetName: string;
  layout: SheetLayout;
  rows: SheetRow[];
}

const LIMITS = {
  description: 2000,
  measure: 2000,
  progress: 1000,
  remark: 500,
  line: 50,
  organization: 100,
  code: 40,
  checkItem: 200,
} as const;

/** Text of a cell whatever it holds: rich text, a hyperlink's text, a formula's cached result (never evaluated). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateOfCell(value);
  if ('richText' in value) return cleanText(value.richText.map((r) => r.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  // A hyperlink's text may itself be rich text.
  if ('hyperlink' in value) return cellText(value.text);
  return '';
}

/** Line breaks as \n, other control characters dropped (PostgreSQL cannot store NUL), trimmed. */
function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .trim()
  );
}

/** ExcelJS hands date cells over as UTC midnights; round away floating-point dust before taking the day. */
function dateOfCell(d: Date): string {
  return new Date(Math.round(d.getTime() / 60_000) * 60_000).toISOString().slice(0, 10);
}

/** A deadline from a date cell, a day serial, or text such as 2026/6/30 or 2026年6月30日. */
function cellDate(value: ExcelJS.CellValue): { date: string | null; text: string } {
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return cellDate(value.result ?? null);
  if (value instanceof Date) return { date: dateOfCell(value), text: dateOfCell(value) };
  if (typeof value === 'number') return { date: excelSerialToDate(value), text: String(value) };
  const text = cellText(value);
  return { date: text ? parseSheetDate(text) : null, text };
}

function headerCells(ws: ExcelJS.Worksheet, r: number): Array<{ col: number; text: string; key: LedgerColumnKey | null }> {
  const row = ws.findRow(r);
  const cells: Array<{ col: number; text: string; key: LedgerColumnKey | null }> = [];
  if (!row) return cells;
  for (let col = 1; col <= row.cellCount; col++) {
    const cell = row.getCell(col);
    // A header merged across columns names one column: its master; the other cells repeat its text.
    if (cell.isMerged && cell.master.address !== cell.address && Number(cell.master.row) === r) continue;
    const text = cellText(cell.value).replace(/\s+/g, ' ');
    if (text) cells.push({ col, text, key: matchHeader(text) });
  }
  return cells;
}

const hasKey = (cells: Array<{ key: LedgerColumnKey | null }>, key: LedgerColumnKey) => cells.some((c) => c.key === key);

/**
 * The header is the first row (of the top 20) naming both 所属组织 and 问题描述.
 * A second header row right below it (sub-headers under a merged group
 * heading such as 责任主体 → 牵头领导/责任单位/责任人) is merged into it.
 * Throws VALIDATION_FAILED when there is no header or a column is named twice.
 */
export function findLayout(ws: ExcelJS.Worksheet): SheetLayout {
  const last = Math.min(LEDGER_HEADER_SEARCH_ROWS, ws.rowCount);
  for (let r = 1; r <= last; r++) {
    const top = headerCells(ws, r);
    if (!hasKey(top, 'organization') || !hasKey(top, 'description')) continue;
    const byCol = new Map(top.map((c) => [c.col, c]));
    let firstDataRow = r + 1;
    const below = headerCells(ws, r + 1);
    const descriptionCol = top.find((c) => c.key === 'description')!.col;
    const belowDescription = below.find((c) => c.col === descriptionCol);
    // A sub-header row: its 问题描述 cell is empty or the same merged header, and it names some column.
    if (below.some((c) => c.key) && (!belowDescription || belowDescription.key === 'description')) {
      for (const c of below) if (c.key && (!byCol.get(c.col)?.key || byCol.get(c.col)!.text === c.text)) byCol.set(c.col, c);
      firstDataRow = r + 2;
    }
    const columns: SheetColumn[] = [];
    const unknownHeaders: string[] = [];
    for (const c of [...byCol.values()].sort((a, b) => a.col - b.col)) {
      if (!c.key) {
        unknownHeaders.push(c.text);
        continue;
      }
      const twin = columns.find((x) => x.key === c.key);
      if (!twin) {
        columns.push({ key: c.key, header: c.text, col: c.col });
        continue;
      }
      const def = LEDGER_COLUMNS.find((d) => d.key === c.key)!;
      // An output-only column named twice does no harm; a column the import reads must be unambiguous.
      if (def.use !== 'ignored') {
        throw new AppError(
          'VALIDATION_FAILED',
          `表头中“${twin.header}”和“${c.text}”两列都表示“${def.header}”，请删去或改名其中一列后重新上传`,
          {
            errors: [{ row: r, column: c.text, message: `与“${twin.header}”列重复` }],
          },
        );
      }
    }
    return { headerRow: r, firstDataRow, columns, unknownHeaders };
  }
  throw new AppError(
    'VALIDATION_FAILED',
    `没有找到表头：表格前 ${LEDGER_HEADER_SEARCH_ROWS} 行中应有一行同时包含“所属组织”（或“村（社区）”“单位名称”）和“问题描述”（或“存在问题”）两列`,
  );
}

/** The master cell's address when the cell is the lower part of a vertically merged range. */
function mergedFromAbove(cell: ExcelJS.Cell): string | null {
  return cell.isMerged && cell.master.address !== cell.address && Number(cell.master.row) < Number(cell.row) ? cell.master.address : null;
}

/**
 * Reads the data rows under the header. Empty rows (and rows with nothing
 * but a 序号 or a status) are skipped. Throws VALIDATION_FAILED for more than
 * LEDGER_IMPORT_MAX_ROWS problems.
 */
export function readLedgerSheet(ws: ExcelJS.Worksheet): ParsedSheet {
  const layout = findLayout(ws);
  const col = new Map(layout.columns.map((c) => [c.key, c]));
  const header = (key: LedgerColumnKey) => col.get(key)?.header ?? LEDGER_COLUMNS.find((c) => c.key === key)!.header;
  const readKeys = layout.columns.filter((c) => LEDGER_COLUMNS.find((d) => d.key === c.key)!.use !== 'ignored');
  const rows: SheetRow[] = [];
  let previousMaster: string | null = null;

  for (let r = layout.firstDataRow; r <= ws.rowCount; r++) {
    // findRow, not getRow: a sheet formatted down to row 1,048,576 must not grow a million row objects.
    const row = ws.findRow(r);
    if (!row) continue;
    const cell = (key: LedgerColumnKey) => {
      const c = col.get(key);
      return c ? row.getCell(c.col) : null;
    };
    const text = (key: LedgerColumnKey) => {
      const c = cell(key);
      return c ? cellText(c.value) : '';
    };
    if (readKeys.every((c) => !cellText(row.getCell(c.col).value))) continue;

    // A problem spread over several rows by merged cells: the lower rows only add measures.
    const descriptionCell = cell('description');
    const master = descriptionCell ? mergedFromAbove(descriptionCell) : null;
    const parent = rows.at(-1);
    if (master && master === previousMaster && parent) {
      const measure = text('measures');
      if (measure && !parent.measures.includes(measure)) parent.measures.push(measure);
      continue;
    }
    previousMaster = descriptionCell?.isMerged ? descriptionCell.master.address : null;

    if (rows.length >= LEDGER_IMPORT_MAX_ROWS) {
      throw new AppError(
        'VALIDATION_FAILED',
        `表格中的问题超过单次导入上限 ${LEDGER_IMPORT_MAX_ROWS} 条（第 ${r} 行起超出），请拆分成几个文件分批导入`,
      );
    }
    rows.push(readRow(r, text, cell, header));
  }
  return { sheetName: ws.name, layout, rows };
}

function readRow(
  r: number,
  text: (key: LedgerColumnKey) => string,
  cell: (key: LedgerColumnKey) => ExcelJS.Cell | null,
  header: (key: LedgerColumnKey) => string,
): SheetRow {
  const errors: LedgerIssue[] = [];
  const issue = (key: LedgerColumnKey, message: string) => errors.push({ row: r, column: header(key), message });
  const optional = (key: LedgerColumnKey, max: number, singleLine: boolean): string | null => {
    const value = text(key);
    if (!value) return null;
    if (value.length > max) issue(key, `${header(key)}最多 ${max} 字（现有 ${value.length} 字）`);
    if (singleLine && value.includes('\n')) issue(key, `${header(key)}不能换行，请写在一行内`);
    return value;
  };

  const organization = text('organization');
  if (!organization) issue('organization', `请填写${header('organization')}（问题所属的村或社区党组织名称）`);
  else if (organization.includes('\n')) issue('organization', `${header('organization')}不能换行`);
  else if (organization.length > LIMITS.organization) issue('organization', `${header('organization')}最多 ${LIMITS.organization} 字`);

  const description = text('description');
  if (!description) issue('description', `请填写${header('description')}`);
  else if (description.length > LIMITS.description)
    issue('description', `${header('description')}最多 ${LIMITS.description} 字（现有 ${description.length} 字）`);

  let dueOn: string | null = null;
  const due = cell('dueOn');
  if (due) {
    const parsed = cellDate(due.value);
    if (parsed.date) dueOn = parsed.date;
    else if (parsed.text) issue('dueOn', `“${parsed.text}”不是有效日期，请写成 2026-06-30、2026/6/30 或 2026年6月30日`);
  }

  const isPublicText = text('isPublic');
  const isPublic = parsePublicFlag(isPublicText);
  if (isPublic === null) issue('isPublic', `“${isPublicText}”无法识别，请填“是”或“否”（留空为公示）`);

  const measure = optional('measures', LIMITS.measure, false);
  const code = text('code');
  if (code && (code.length > LIMITS.code || code.includes('\n'))) issue('code', '问题编号格式不对；新问题请留空');

  return {
    row: r,
    code: code || null,
    organization,
    area: optional('area', LIMITS.checkItem, false),
    checkItem: optional('checkItem', LIMITS.checkItem, false),
    description,
    foundOn: findSheetDate(text('source')),
    measures: measure ? [measure] : [],
    leadOfficial: optional('leadOfficial', LIMITS.line, true),
    responsibleOrg: optional('responsibleOrg', LIMITS.organization, true),
    owner: optional('owner', LIMITS.line, true),
    dueOn,
    progress: optional('progress', LIMITS.progress, false),
    isPublic: isPublic ?? true,
    remark: optional('remark', LIMITS.remark, false),
    errors,
  };
}
