import ExcelJS from 'exceljs';
import { MEMBER_COLUMNS, MEMBER_GENDER_LABELS, MEMBER_STATUS_LABELS, type MemberColumnKey } from '../../../domain/member-sheet.ts';

/**
 * Writes a branch's register as an .xlsx in the columns branches keep (序号, 姓名, 性别, 入党时间, 党员类别,
 * 是否流动党员, 联系电话, 备注), which the import reads back. The phone column is left out entirely for a reader
 * without member.phone. Every text goes out as a text cell (no formula can run), dates as date cells.
 */
export interface MemberSheetEntry {
  name: string;
  gender: 'male' | 'female';
  joinedOn: string | null;
  status: 'full' | 'probationary';
  worksAway: boolean;
  phone: string | null;
  note: string | null;
}

export async function writeMembersWorkbook(book: {
  title: string;
  info: string;
  rows: readonly MemberSheetEntry[];
  withPhone: boolean;
  createdAt: Date;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Taizhang 台账';
  wb.created = book.createdAt;
  const columns = MEMBER_COLUMNS.filter((c) => book.withPhone || c.key !== 'phone');
  const ws = wb.addWorksheet('党员名册', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  const widths: Record<MemberColumnKey, number> = {
    seq: 6,
    name: 12,
    gender: 6,
    joinedOn: 12,
    status: 10,
    worksAway: 12,
    phone: 16,
    note: 24,
  };
  ws.columns = columns.map((c) => ({ key: c.key, width: widths[c.key] }));
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = book.title;
  ws.getCell(1, 1).style = { font: { name: '黑体', size: 14, bold: true }, alignment: { horizontal: 'center' } };
  ws.mergeCells(2, 1, 2, columns.length);
  ws.getCell(2, 1).value = book.info;
  ws.getCell(2, 1).style = { font: { name: '宋体', size: 9 }, alignment: { horizontal: 'right' } };
  const header = ws.getRow(3);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.style = { font: { name: '黑体', size: 10, bold: true }, alignment: { horizontal: 'center' }, numFmt: '@' };
  });
  book.rows.forEach((m, i) => {
    const row = ws.getRow(4 + i);
    columns.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      const value: Record<MemberColumnKey, ExcelJS.CellValue> = {
        seq: i + 1,
        name: m.name,
        gender: MEMBER_GENDER_LABELS[m.gender].zh,
        joinedOn: m.joinedOn ? new Date(`${m.joinedOn}T00:00:00.000Z`) : null,
        status: MEMBER_STATUS_LABELS[m.status].zh,
        worksAway: m.worksAway ? '是' : '否',
        phone: m.phone,
        note: m.note,
      };
      cell.value = value[c.key];
      cell.style = { font: { name: '宋体', size: 10 }, numFmt: c.key === 'joinedOn' ? 'yyyy-mm-dd' : c.key === 'seq' ? '0' : '@' };
    });
  });
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
