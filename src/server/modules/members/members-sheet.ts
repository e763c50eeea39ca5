import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { MemberImportIssue } from '../../../domain/contracts/members.ts';
import { LEDGER_IMPORT_LIMITS, parseSheetDate } from '../../../domain/ledger-sheet.ts';
import {
  isPhoneText,
  matchMemberHeader,
  MEMBER_COLUMNS,
  MEMBER_IMPORT_MAX_ROWS,
  type MemberColumnKey,
  parseGender,
  parseMemberStatus,
  parseYesNo,
} from '../../../domain/member-sheet.ts';
import { isCalendarDate } from '../../../domain/time.ts';
import { AppError } from '../../http/errors.ts';
import { cellText, type RowValues } from '../ledger/ledger-sheet.ts';
import { checkWorkbook, NOT_XLSX, type XlsxLimits } from '../ledger/ledger-xlsx-guard.ts';

/**
 * Reading a branch's member sheet (党员名册) as it streams in: the header row
 * is found among the top rows by its 姓名 and 性别 columns, whatever else the
 * branch keeps; each data row becomes plain values with the errors it has on
 * its own (row, column, what would be right). The upload is fenced by the
 * ledger's guard (ledger-xlsx-guard.ts: sizes, texts, tags) and this runs in
 * a worker thread (members-import-pool.ts), so a hostile file cannot stall
 * the server.
 */

/** Smaller than the ledger's: a register is a few hundred rows. */
export const MEMBER_IMPORT_LIMITS: XlsxLimits = {
  ...LEDGER_IMPORT_LIMITS,
  fileBytes: 5 * 2 ** 20,
  unpackedBytes: 48 * 2 ** 20,
  sharedStringsBytes: 12 * 2 ** 20,
  workerHeapMb: 128,
  parseSeconds: 30,
};

const HEADER_SEARCH_ROWS = 15;

export interface MemberSheetRow {
  row: number;
  name: string;
  gender: 'male' | 'female' | null;
  joinedOn: string | null;
  status: 'full' | 'probationary' | null;
  worksAway: boolean | null;
  phone: string | null;
  note: string | null;
  errors: MemberImportIssue[];
}

export interface MemberSheet {
  columns: string[];
  unknownHeaders: string[];
  /** True when the sheet has a phone column (its values are read only for member.phone). */
  hasPhoneColumn: boolean;
  rows: MemberSheetRow[];
}

/** Excel's day serial (1900 system) → YYYY-MM-DD. */
function serialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 109574) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** A joining date: a date cell, a day serial, 2001-07-01, 2001/7/1, 2001年7月1日, or a month (2001.07, 2001年7月: its first day). */
export function memberDate(value: ExcelJS.CellValue): { date: string | null; text: string } {
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return memberDate(value.result ?? null);
  if (value instanceof Date) {
    const d = new Date(Math.round(value.getTime() / 60_000) * 60_000).toISOString().slice(0, 10);
    return { date: d, text: d };
  }
  if (typeof value === 'number') return { date: serialToDate(value), text: String(value) };
  const text = cellText(value);
  if (!text) return { date: null, text };
  const dotted = /^(\d{4})[.．](\d{1,2})(?:[.．](\d{1,2}))?$/.exec(text);
  const month = /^(\d{4})\s*[-/年]\s*(\d{1,2})\s*月?$/.exec(text);
  const m = dotted ?? month;
  if (m) {
    const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${(m[3] ?? '1').padStart(2, '0')}`;
    return { date: isCalendarDate(d) ? d : null, text };
  }
  return { date: parseSheetDate(text), text };
}

class MemberSheetReader {
  private readonly top: Array<{ row: number; values: RowValues }> = [];
  private layout: {
    firstDataRow: number;
    columns: Array<{ key: MemberColumnKey; header: string; col: number }>;
    unknown: string[];
  } | null = null;
  private readonly rows: MemberSheetRow[] = [];

  add(row: number, values: RowValues): void {
    if (!this.layout) {
      if (row <= HEADER_SEARCH_ROWS) {
        this.top.push({ row, values });
        return;
      }
      this.settle();
    }
    if (row >= this.layout!.firstDataRow) this.readRow(row, values);
  }

  finish(): MemberSheet {
    if (!this.layout) this.settle();
    const l = this.layout!;
    return {
      columns: l.columns.map((c) => c.header),
      unknownHeaders: l.unknown,
      hasPhoneColumn: l.columns.some((c) => c.key === 'phone'),
      rows: this.rows,
    };
  }

  private settle(): void {
    for (const { row, values } of this.top) {
      const cells: Array<{ col: number; text: string; key: MemberColumnKey | null }> = [];
      values.forEach((v, col) => {
        const text = cellText(v ?? null).replace(/\s+/g, ' ');
        if (text) cells.push({ col, text, key: matchMemberHeader(text) });
      });
      if (!cells.some((c) => c.key === 'name') || !cells.some((c) => c.key === 'gender')) continue;
      const columns: Array<{ key: MemberColumnKey; header: string; col: number }> = [];
      const unknown: string[] = [];
      for (const c of cells) {
        if (!c.key) {
          unknown.push(c.text);
          continue;
        }
        const twin = columns.find((x) => x.key === c.key);
        if (twin && c.key !== 'seq')
          throw new AppError('VALIDATION_FAILED', `表头中“${twin.header}”和“${c.text}”表示同一列，请删去或改名其中一列后重新上传`, {
            errors: [{ row, column: c.text, message: `与“${twin.header}”列重复` }],
          });
        if (!twin) columns.push({ key: c.key, header: c.text, col: c.col });
      }
      this.layout = { firstDataRow: row + 1, columns, unknown };
      for (const r of this.top) if (r.row > row) this.readRow(r.row, r.values);
      this.top.length = 0;
      return;
    }
    throw new AppError(
      'VALIDATION_FAILED',
      `没有找到表头：表格前 ${HEADER_SEARCH_ROWS} 行中应有一行同时包含“姓名”和“性别”两列（其余列如入党时间、党员类别、是否流动党员、联系电话、备注可选）`,
    );
  }

  private readRow(r: number, values: RowValues): void {
    const l = this.layout!;
    const cell = (key: MemberColumnKey) => {
      const c = l.columns.find((x) => x.key === key);
      return c ? (values[c.col] ?? null) : undefined;
    };
    const text = (key: MemberColumnKey) => cellText(cell(key) ?? null);
    const header = (key: MemberColumnKey) =>
      l.columns.find((x) => x.key === key)?.header ?? MEMBER_COLUMNS.find((c) => c.key === key)!.header;
    if (l.columns.filter((c) => c.key !== 'seq').every((c) => !cellText(values[c.col] ?? null))) return;
    if (this.rows.length >= MEMBER_IMPORT_MAX_ROWS)
      throw new AppError('VALIDATION_FAILED', `表格中的党员超过单次导入上限 ${MEMBER_IMPORT_MAX_ROWS} 人（第 ${r} 行起超出），请分批导入`);

    const errors: MemberImportIssue[] = [];
    const issue = (key: MemberColumnKey, message: string) => errors.push({ row: r, column: header(key), message });

    const name = text('name');
    if (!name) issue('name', `请填写${header('name')}`);
    else if (name.length > 30 || name.includes('\n')) issue('name', `${header('name')}最多 30 字且不能换行`);

    const genderText = text('gender');
    const gender = parseGender(genderText);
    if (!gender) issue('gender', genderText ? `“${genderText}”无法识别，请填“男”或“女”` : `请填写${header('gender')}（男或女）`);

    let joinedOn: string | null = null;
    const joined = cell('joinedOn');
    if (joined !== undefined && joined !== null) {
      const d = memberDate(joined);
      if (d.date) joinedOn = d.date;
      else if (d.text) issue('joinedOn', `“${d.text}”不是有效日期，请写成 2001-07-01、2001/7/1、2001年7月1日或 2001.07`);
    }

    const statusText = text('status');
    const status = parseMemberStatus(statusText);
    if (!status) issue('status', `“${statusText}”无法识别，请填“正式党员”或“预备党员”（留空为正式党员）`);

    const awayText = text('worksAway');
    const worksAway = parseYesNo(awayText);
    if (worksAway === null) issue('worksAway', `“${awayText}”无法识别，请填“是”或“否”（留空为否）`);

    const phoneText = text('phone');
    if (phoneText && !isPhoneText(phoneText)) issue('phone', `“${phoneText}”不是有效的电话号码（5–20 位数字，可含空格或短横线）`);

    const note = text('note');
    if (note.length > 200) issue('note', `${header('note')}最多 200 字（现有 ${note.length} 字）`);

    this.rows.push({
      row: r,
      name,
      gender,
      joinedOn,
      status,
      worksAway,
      phone: phoneText || null,
      note: note ? note.replace(/\n/g, ' ') : null,
      errors,
    });
  }
}

/**
 * Reads the first visible sheet of an uploaded register within the limits: the guard first, then ExcelJS's
 * streaming reader. Throws VALIDATION_FAILED (no header, a column twice, too many rows), PAYLOAD_TOO_LARGE,
 * UNSUPPORTED_MEDIA_TYPE.
 */
export async function readMembersXlsx(bytes: Buffer, limits: XlsxLimits = MEMBER_IMPORT_LIMITS): Promise<MemberSheet> {
  const book = await checkWorkbook(bytes, limits);
  const reader = new MemberSheetReader();
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([book.zip]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
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
