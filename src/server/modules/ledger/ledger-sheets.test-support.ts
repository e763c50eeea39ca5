import ExcelJS from 'exceljs';
import type { Headers } from '../../testing/factories.ts';
import { multipart } from '../../testing/ledger-factories.ts';
import type { TestApp } from '../../testing/test-app.ts';

/**
 * Test helpers: ledger sheets as users make them (a title row, Chinese
 * headers in any of their variants, dates as text or as date cells), and the
 * upload. Also usable by the route × role access table.
 */
export type SheetCell = string | number | Date | null;

export async function ledgerXlsx(
  headers: readonly string[],
  rows: readonly SheetCell[][],
  options: { title?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  if (options.title !== undefined) {
    ws.addRow([options.title]);
    ws.mergeCells(1, 1, 1, headers.length);
  }
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A one-row sheet for 大闵村: a clean import for anyone who may record problems there. */
export function oneRowLedger(description = '党员活动室制度未上墙'): Promise<Buffer> {
  return ledgerXlsx(['序号', '所属组织', '问题描述', '整改时限'], [[1, '大闵村', description, '2026-12-31']], {
    title: '大闵村问题整改台账',
  });
}

export async function uploadLedger(
  t: TestApp,
  headers: Headers | undefined,
  bytes: Buffer,
  options: { dryRun?: boolean; name?: string } = {},
) {
  const body = multipart(
    {},
    { name: options.name ?? '台账.xlsx', bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  );
  return t.app.inject({
    method: 'POST',
    url: `/api/ledger/import${options.dryRun ? '?dryRun=1' : ''}`,
    headers: { ...headers, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** Reads an .xlsx back: the first worksheet. */
export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
