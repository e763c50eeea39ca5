import { isCalendarDate } from './time.ts';

/**
 * The problem ledger as a spreadsheet (问题整改台账): its columns in the
 * typical layout of DOMAIN.md, the header variants an import tolerates, and
 * the pure parsing of cell text. Shared by the export, the import and the web
 * (which may show the expected headers).
 */
export const LEDGER_COLUMN_KEYS = [
  'seq',
  'code',
  'organization',
  'area',
  'checkItem',
  'description',
  'source',
  'measures',
  'leadOfficial',
  'responsibleOrg',
  'owner',
  'dueOn',
  'progress',
  'evidence',
  'status',
  'acceptedBy',
  'acceptanceOpinion',
  'closedAt',
  'isPublic',
  'remark',
] as const;
export type LedgerColumnKey = (typeof LEDGER_COLUMN_KEYS)[number];

/**
 * What an import does with a column: `read` feeds the new problem (or its
 * measure / progress note); `match` only helps to find something (the check
 * item's area, the problem code); `ignored` is output only — statuses,
 * acceptance and closing are history, which an import cannot fabricate.
 */
export type LedgerColumnUse = 'read' | 'match' | 'ignored';

export interface LedgerColumn {
  key: LedgerColumnKey;
  /** The header the export writes. */
  header: string;
  /** Other headers an import accepts for the column (compared after normalizeHeader). */
  variants: readonly string[];
  /** Export width in characters. */
  width: number;
  use: LedgerColumnUse;
}

export const LEDGER_COLUMNS = [
  { key: 'seq', header: '序号', variants: ['编号', '序'], width: 6, use: 'ignored' },
  { key: 'code', header: '问题编号', variants: ['问题代码', '台账编号'], width: 17, use: 'match' },
  {
    key: 'organization',
    header: '所属组织',
    variants: [
      '村（社区）',
      '村(社区)',
      '村（社区）名称',
      '所属村（社区）',
      '单位名称',
      '党组织名称',
      '所属党组织',
      '村名',
      '村（社区）党组织',
      '组织名称',
    ],
    width: 12,
    use: 'read',
  },
  { key: 'area', header: '标准领域', variants: ['领域', '所属领域', '规范化领域'], width: 11, use: 'match' },
  { key: 'checkItem', header: '检查项', variants: ['检查内容', '检查项目', '检查标准'], width: 16, use: 'read' },
  { key: 'description', header: '问题描述', variants: ['存在问题', '问题', '问题表现', '存在的问题', '问题内容'], width: 32, use: 'read' },
  {
    key: 'source',
    header: '发现来源(包联组/日期)',
    variants: ['发现来源', '问题来源', '来源', '发现时间', '发现日期'],
    width: 16,
    use: 'read',
  },
  { key: 'measures', header: '整改措施', variants: ['整改措施及办法', '整改办法', '措施'], width: 30, use: 'read' },
  { key: 'leadOfficial', header: '牵头领导', variants: ['包抓领导', '分管领导', '包联领导'], width: 10, use: 'read' },
  { key: 'responsibleOrg', header: '责任单位', variants: ['责任部门', '整改单位'], width: 12, use: 'read' },
  { key: 'owner', header: '责任人', variants: ['整改责任人', '具体责任人'], width: 10, use: 'read' },
  {
    key: 'dueOn',
    header: '整改时限',
    variants: ['完成时限', '整改期限', '完成时间', '整改完成时限', '截止时间', '整改时间'],
    width: 12,
    use: 'read',
  },
  { key: 'progress', header: '整改进展', variants: ['进展情况', '整改情况', '整改进度', '推进情况'], width: 24, use: 'read' },
  { key: 'evidence', header: '佐证材料', variants: ['佐证', '证明材料'], width: 14, use: 'ignored' },
  { key: 'status', header: '状态', variants: ['整改状态', '完成情况', '是否完成'], width: 12, use: 'ignored' },
  { key: 'acceptedBy', header: '验收人', variants: [], width: 10, use: 'ignored' },
  { key: 'acceptanceOpinion', header: '验收意见', variants: ['验收情况'], width: 16, use: 'ignored' },
  { key: 'closedAt', header: '销号时间', variants: ['销号日期'], width: 12, use: 'ignored' },
  { key: 'isPublic', header: '是否公示', variants: ['公示', '是否公开'], width: 8, use: 'read' },
  { key: 'remark', header: '备注', variants: ['说明'], width: 16, use: 'read' },
] as const satisfies readonly LedgerColumn[];

/** Most rows one import may carry; a larger ledger is imported in parts. */
export const LEDGER_IMPORT_MAX_ROWS = 5000;

/** Most problems one export may hold; narrow the filter for more. */
export const LEDGER_EXPORT_MAX_ROWS = 20_000;
/**
 * Most non-empty rows under the header, problems and the extra measure lines
 * of merged problems together (a problem merged over four rows takes four).
 */
export const LEDGER_IMPORT_MAX_SHEET_ROWS = 4 * LEDGER_IMPORT_MAX_ROWS;

/**
 * What one import may make the server read, so that no file can stall or
 * exhaust it (docs/OPERATIONS.md, "Excel import limits"). A clean ledger of
 * LEDGER_IMPORT_MAX_ROWS problems stays far below each.
 */
export const LEDGER_IMPORT_LIMITS = {
  /** The upload itself. */
  fileBytes: 10 * 2 ** 20,
  /** The parts read (the sheet, its shared strings, styles and workbook), unpacked, all together. */
  unpackedBytes: 128 * 2 ** 20,
  /** Each part but the sheet and the shared strings (styles, workbook, relationships), unpacked. */
  otherPartBytes: 16 * 2 ** 20,
  /**
   * The shared-string table, unpacked: a ledger's texts take a few MB. Read into the reader's heap as strings (and
   * copied once more for ExcelJS), a table of 100 MB outgrew it: 1,300 texts of 32,000 characters, a 135 KB file.
   */
  sharedStringsBytes: 32 * 2 ** 20,
  /** One cell's text: Excel's own limit. */
  cellChars: 32_767,
  /** Distinct texts in the workbook's shared-string table. */
  sharedStrings: 1_000_000,
  /** Merged ranges in the sheet. */
  mergedRanges: 200_000,
  /** Parsing runs in a worker thread with this much JavaScript heap… */
  workerHeapMb: 256,
  /** …and is stopped after this long. */
  parseSeconds: 60,
  /** Imports under way at once in one server process (and one per user). */
  concurrentImports: 3,
} as const;

/** "10 MB", as the limits are named in messages. */
export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}
/** The header row is looked for in this many rows from the top (title rows above it are fine). */
export const LEDGER_HEADER_SEARCH_ROWS = 20;

/**
 * Header text as compared: no spaces or line breaks, full-width brackets as
 * ASCII, no required-field marks. "所属组织 *" and "村（社区）" compare as
 * "所属组织" and "村(社区)".
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[*＊:：]/g, '');
}

const HEADER_INDEX = new Map<string, LedgerColumnKey>(
  LEDGER_COLUMNS.flatMap((c) => [c.header, ...c.variants].map((h) => [normalizeHeader(h), c.key] as const)),
);

/**
 * The column a header names, or null. An exact (normalized) match wins; else
 * a trailing note in brackets is dropped ("整改时限（截止日期）" → 整改时限).
 */
export function matchHeader(text: string): LedgerColumnKey | null {
  const h = normalizeHeader(text);
  if (!h) return null;
  return HEADER_INDEX.get(h) ?? HEADER_INDEX.get(h.replace(/\([^()]*\)$/, '')) ?? null;
}

export function ledgerColumn(key: LedgerColumnKey): LedgerColumn {
  return LEDGER_COLUMNS.find((c) => c.key === key)!;
}

const DATE_IN_TEXT = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const DATE_ONLY = new RegExp(`^${DATE_IN_TEXT.source}(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z?)?$`);

function ymd(y: string, m: string, d: string): string | null {
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/**
 * A date written the ways ledgers write it: 2026-06-30, 2026/6/30, 2026.6.30,
 * 2026年6月30日, 20260630 (a time after it is ignored). Null when it is none
 * of these or not a real calendar day.
 */
export function parseSheetDate(text: string): string | null {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (compact) return ymd(compact[1]!, compact[2]!, compact[3]!);
  const m = DATE_ONLY.exec(t);
  return m ? ymd(m[1]!, m[2]!, m[3]!) : null;
}

/** The first date inside free text, e.g. "第一包联组 / 2026-11-20" → 2026-11-20. */
export function findSheetDate(text: string): string | null {
  const m = DATE_IN_TEXT.exec(text);
  return m ? ymd(m[1]!, m[2]!, m[3]!) : null;
}

/** Excel's day serial (1900 system, as Excel counts it) → YYYY-MM-DD, for plausible serials only. */
export function excelSerialToDate(serial: number): string | null {
  // 1 = 1900-01-01 … 2958465 = 9999-12-31; ledgers live well inside 1950–2200.
  if (!Number.isFinite(serial) || serial < 18264 || serial > 109574) return null;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

const YES = new Set(['是', '公示', '已公示', '需公示', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const NO = new Set(['否', '不公示', '未公示', '不', 'n', 'no', 'false', '0', '×', '✗', '✘']);

/** 是否公示: 是/否 and the usual ways of saying so; undefined when blank, null when unreadable. */
export function parsePublicFlag(text: string): boolean | null | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return null;
}

/**
 * Text a spreadsheet program could take for a formula (or a DDE call) if the
 * cell were ever re-entered or saved as CSV: it starts with = + - @, a tab or
 * a carriage return. The export writes every text as a text cell anyway;
 * this names the cases the tests cover.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** A measure's number at a line's start: "1." "2、" "3．" "（4）" "5)". */
const MEASURE_NUMBER = /^\s*(?:[(（]\s*(\d{1,3})\s*[)）]|(\d{1,3})\s*[.．、)）])\s*/;

/**
 * A problem's measures in one cell, as the export writes them: one as it is; several numbered a line each
 * ("1. …\n2. …"), so that an import splits them again (`splitMeasures`) and 266 measures come back as 266.
 */
export function joinMeasures(measures: readonly string[]): string | null {
  if (measures.length === 0) return null;
  if (measures.length === 1) return measures[0]!;
  return measures.map((m, i) => `${i + 1}. ${m}`).join('\n');
}

/**
 * The measures of one cell: numbered lines 1, 2, 3 … (each with the lines under it that bear no number) are one
 * measure each; anything else is one measure, its line breaks kept (a measure may run over lines).
 */
export function splitMeasures(cell: string): string[] {
  const lines = cell.split(/\r?\n/);
  const parts: string[][] = [];
  for (const line of lines) {
    const m = MEASURE_NUMBER.exec(line);
    const n = m ? Number(m[1] ?? m[2]) : null;
    if (n !== null && n === parts.length + 1) parts.push([line.slice(m![0].length)]);
    else if (parts.length > 0) parts.at(-1)!.push(line);
    else return [cell.trim()].filter(Boolean);
  }
  if (parts.length < 2) return [cell.trim()].filter(Boolean);
  return parts.map((p) => p.join('\n').trim()).filter(Boolean);
}
