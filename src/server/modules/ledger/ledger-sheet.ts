import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  excelSerialToDate,
  findSheetDate,
  LEDGER_COLUMNS,
  LEDGER_HEADER_SEARCH_ROWS,
  LEDGER_IMPORT_LIMITS,
  LEDGER_IMPORT_MAX_ROWS,
  LEDGER_IMPORT_MAX_SHEET_ROWS,
  type LedgerColumnKey,
  matchHeader,
  parsePublicFlag,
  parseSheetDate,
  splitMeasures,
} from '../../../domain/ledger-sheet.ts';
import type { LedgerIssue } from '../../../domain/contracts/ledger.ts';
import { AppError } from '../../http/errors.ts';
import { checkWorkbook, type MergedRange, NOT_XLSX, type XlsxLimits } from './ledger-xlsx-guard.ts';

/**
 * Reading a ledger worksheet as it streams in: find the header row, map its
 * columns by their Chinese names, and turn each data row into plain values
 * with the errors a row can have on its own (no database here), stopping at
 * the row limit. Organizations, codes and check items are resolved by the
 * service. The file is checked first by ledger-xlsx-guard.ts, and all of
 * this runs in a worker thread (ledger-import-pool.ts).
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

/**
 * ExcelJS hands date cells over as UTC midnights; round away floating-point dust (well under a second) before
 * taking the day. To the second, not the minute: a deadline typed as 2026-06-30 23:59:45 became 2026-07-01.
 */
function dateOfCell(d: Date): string {
  return new Date(Math.round(d.getTime() / 1000) * 1000).toISOString().slice(0, 10);
}

/** A deadline from a date cell, a day serial, or text such as 2026/6/30 or 2026年6月30日. */
function cellDate(value: ExcelJS.CellValue): { date: string | null; text: string } {
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return cellDate(value.result ?? null);
  if (value instanceof Date) return { date: dateOfCell(value), text: dateOfCell(value) };
  // 20260630 typed into a number cell reads as the date its text does.
  if (typeof value === 'number')
    return {
      date: Number.isInteger(value) && value >= 1e7 && value < 1e8 ? parseSheetDate(String(value)) : excelSerialToDate(value),
      text: String(value),
    };
  const text = cellText(value);
  return { date: text ? parseSheetDate(text) : null, text };
}

/** The values of one row as the sheet stores them, by 1-based column (a sparse array). */
export type RowValues = ReadonlyArray<ExcelJS.CellValue | undefined>;

const mergeKey = (m: MergedRange) => `${m.top}:${m.left}`;

/**
 * Which merged range a cell lies in. ExcelJS's streaming reader does not
 * report merges; the guard collects them from the sheet's XML. Ranges up to
 * 64 columns wide are indexed by column; the few wider ones (title rows) are
 * looked through.
 */
class MergeIndex {
  private readonly byColumn = new Map<number, MergedRange[]>();
  private readonly wide: MergedRange[] = [];
  /** The top-left cell of each range, whose value the other cells show. */
  readonly masters = new Set<string>();

  constructor(ranges: readonly MergedRange[]) {
    for (const m of ranges) {
      this.masters.add(mergeKey(m));
      if (m.right - m.left >= 64) {
        this.wide.push(m);
        continue;
      }
      for (let c = m.left; c <= m.right; c++) {
        const list = this.byColumn.get(c);
        if (list) list.push(m);
        else this.byColumn.set(c, [m]);
      }
    }
    for (const list of this.byColumn.values()) list.sort((a, b) => a.top - b.top);
  }

  at(row: number, col: number): MergedRange | null {
    const list = this.byColumn.get(col);
    if (list) {
      let lo = 0;
      let hi = list.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.top <= row) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found >= 0 && list[found]!.bottom >= row) return list[found]!;
    }
    for (const m of this.wide) if (m.top <= row && row <= m.bottom && m.left <= col && col <= m.right) return m;
    return null;
  }
}

interface HeaderCell {
  col: number;
  text: string;
  key: LedgerColumnKey | null;
}

const hasKey = (cells: readonly HeaderCell[], key: LedgerColumnKey) => cells.some((c) => c.key === key);

/**
 * Reads a ledger sheet row by row as it streams in, keeping only the
 * problems: the top rows until the header is found, then one SheetRow per
 * problem. A merged cell shows its range's top-left value, as in Excel.
 */
export class LedgerSheetReader {
  private readonly merges: MergeIndex;
  private readonly masterValues = new Map<string, ExcelJS.CellValue>();
  /** The rows the header is looked for in, until the layout is known. */
  private readonly top: Array<{ row: number; values: RowValues }> = [];
  private layout: SheetLayout | null = null;
  private readonly rows: SheetRow[] = [];
  private previousMaster: string | null = null;
  private sheetRows = 0;

  constructor(
    private readonly sheetName: string,
    merges: readonly MergedRange[],
  ) {
    this.merges = new MergeIndex(merges);
  }

  /** The next row of the sheet. Throws VALIDATION_FAILED (no header, a column named twice, over the row limits). */
  add(row: number, values: RowValues): void {
    if (this.merges.masters.size) {
      values.forEach((v, col) => {
        if (v !== undefined && v !== null && this.merges.masters.has(`${row}:${col}`)) this.masterValues.set(`${row}:${col}`, v);
      });
    }
    if (!this.layout) {
      // The header and the sub-header row under it.
      if (row <= LEDGER_HEADER_SEARCH_ROWS + 1) {
        this.top.push({ row, values });
        return;
      }
      this.settleLayout();
    }
    if (row >= this.layout!.firstDataRow) this.readDataRow(row, values);
  }

  finish(): ParsedSheet {
    if (!this.layout) this.settleLayout();
    return { sheetName: this.sheetName, layout: this.layout!, rows: this.rows };
  }

  private value(row: number, col: number, values: RowValues): ExcelJS.CellValue {
    const m = this.merges.at(row, col);
    if (m && (m.top !== row || m.left !== col)) return this.masterValues.get(mergeKey(m)) ?? null;
    return values[col] ?? null;
  }

  private settleLayout(): void {
    const layout = this.findLayout();
    this.layout = layout;
    for (const r of this.top) if (r.row >= layout.firstDataRow) this.readDataRow(r.row, r.values);
    this.top.length = 0;
  }

  private headerCells(r: number): HeaderCell[] {
    const values = this.top.find((t) => t.row === r)?.values ?? [];
    const cells: HeaderCell[] = [];
    values.forEach((_, col) => {
      // A header merged across columns names one column: its master; the other cells repeat its text.
      const m = this.merges.at(r, col);
      if (m && m.top === r && m.left !== col) return;
      const text = cellText(this.value(r, col, values)).replace(/\s+/g, ' ');
      if (text) cells.push({ col, text, key: matchHeader(text) });
    });
    return cells;
  }

  /**
   * The header is the first row (of the top 20) naming both 所属组织 and 问题描述.
   * A second header row right below it (sub-headers under a merged group
   * heading such as 责任主体 → 牵头领导/责任单位/责任人) is merged into it.
   * Throws VALIDATION_FAILED when there is no header or a column is named twice.
   */
  private findLayout(): SheetLayout {
    for (const { row: r } of this.top) {
      if (r > LEDGER_HEADER_SEARCH_ROWS) break;
      const top = this.headerCells(r);
      if (!hasKey(top, 'organization') || !hasKey(top, 'description')) continue;
      const byCol = new Map(top.map((c) => [c.col, c]));
      let firstDataRow = r + 1;
      const below = this.headerCells(r + 1);
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

  /**
   * One row under the header. Empty rows (and rows with nothing but a 序号 or
   * a status) are skipped; a row whose 问题描述 is merged with the row above
   * only adds its measure to that problem.
   */
  private readDataRow(r: number, values: RowValues): void {
    const layout = this.layout!;
    const col = new Map(layout.columns.map((c) => [c.key, c]));
    const value = (key: LedgerColumnKey): ExcelJS.CellValue | undefined => {
      const c = col.get(key);
      return c ? this.value(r, c.col, values) : undefined;
    };
    const text = (key: LedgerColumnKey) => cellText(value(key) ?? null);
    const readKeys = layout.columns.filter((c) => LEDGER_COLUMNS.find((d) => d.key === c.key)!.use !== 'ignored');
    if (readKeys.every((c) => !cellText(this.value(r, c.col, values)))) return;

    if (++this.sheetRows > LEDGER_IMPORT_MAX_SHEET_ROWS) {
      throw new AppError(
        'VALIDATION_FAILED',
        `表格中的数据行超过单次导入上限 ${LEDGER_IMPORT_MAX_SHEET_ROWS} 行（第 ${r} 行起超出），请拆分成几个文件分批导入`,
      );
    }

    // A problem spread over several rows by merged cells: the lower rows only add measures.
    const descriptionCol = col.get('description');
    const merged = descriptionCol ? this.merges.at(r, descriptionCol.col) : null;
    const master = merged && merged.top < r ? mergeKey(merged) : null;
    const parent = this.rows.at(-1);
    if (master && master === this.previousMaster && parent) {
      for (const measure of splitMeasures(text('measures'))) if (!parent.measures.includes(measure)) parent.measures.push(measure);
      return;
    }
    this.previousMaster = merged ? mergeKey(merged) : null;

    if (this.rows.length >= LEDGER_IMPORT_MAX_ROWS) {
      throw new AppError(
        'VALIDATION_FAILED',
        `表格中的问题超过单次导入上限 ${LEDGER_IMPORT_MAX_ROWS} 条（第 ${r} 行起超出），请拆分成几个文件分批导入`,
      );
    }
    const header = (key: LedgerColumnKey) => col.get(key)?.header ?? LEDGER_COLUMNS.find((c) => c.key === key)!.header;
    this.rows.push(readRow(r, text, value, header));
  }
}

function readRow(
  r: number,
  text: (key: LedgerColumnKey) => string,
  value: (key: LedgerColumnKey) => ExcelJS.CellValue | undefined,
  header: (key: LedgerColumnKey) => string,
): SheetRow {
  const errors: LedgerIssue[] = [];
  const issue = (key: LedgerColumnKey, message: string) => errors.push({ row: r, column: header(key), message });
  const optional = (key: LedgerColumnKey, max: number, singleLine: boolean): string | null => {
    const v = text(key);
    if (!v) return null;
    if (v.length > max) issue(key, `${header(key)}最多 ${max} 字（现有 ${v.length} 字）`);
    if (singleLine && v.includes('\n')) issue(key, `${header(key)}不能换行，请写在一行内`);
    return v;
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
  const due = value('dueOn');
  if (due !== undefined) {
    const parsed = cellDate(due);
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
    measures: measure ? splitMeasures(measure) : [],
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

/**
 * Reads the first visible sheet of an uploaded .xlsx within the limits:
 * checkWorkbook first (sizes, texts, merges), then ExcelJS's streaming
 * reader row by row, stopping at the row limit. Meant for a worker thread
 * (ledger-import.worker.ts): it is CPU work proportional to the file.
 * Throws as checkWorkbook and LedgerSheetReader; anything ExcelJS cannot
 * read is UNSUPPORTED_MEDIA_TYPE.
 */
export async function readLedgerXlsx(bytes: Buffer, limits: XlsxLimits = LEDGER_IMPORT_LIMITS): Promise<ParsedSheet> {
  const book = await checkWorkbook(bytes, limits);
  const reader = new LedgerSheetReader(book.sheetName, book.merges);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([book.zip]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Date cells are told from numbers by their number format.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) reader.add(row.number, row.values as RowValues);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `无法读取该文件（文件损坏，或不是 Excel 工作簿）。${NOT_XLSX}`);
  }
  return reader.finish();
}
