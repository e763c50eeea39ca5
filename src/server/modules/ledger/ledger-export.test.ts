import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS } from '../../../domain/ledger-sheet.ts';
import { DEMO_VILLAGE_NAMES } from '../../demo/demo-data.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { HEADER_ROW, INFO_ROW } from './ledger-workbook.ts';
import { ledgerXlsx, readXlsx, uploadLedger } from './ledger-sheets.test-support.ts';
import { EXPORT_BATCH } from './ledger.service.ts';

// A ledger of two export batches (a boundary crossed; three batches took 55 s to load on PostgreSQL for the same
// check), loaded through the import (so counters and history are the app's own). Its texts are Chinese and many: the
// import's shared-string table (~7,500 strings) spans many of the unpacker's chunks.
const N = EXPORT_BATCH + 500;
const collator = new Intl.Collator('zh-CN');

let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  const rows = Array.from({ length: N }, (_, i) => [
    i + 1,
    DEMO_VILLAGE_NAMES[i % DEMO_VILLAGE_NAMES.length]!,
    `批量导出测试问题 ${i + 1}`,
    `批量导出测试措施 ${i + 1}`,
    '陈*梅',
    `2027-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    `批量导出测试进展 ${i + 1}`,
    null,
  ]);
  const file = await ledgerXlsx(['序号', '村（社区）', '存在问题', '整改措施', '整改责任人', '完成时限', '整改进展', '备注'], rows);
  const res = await uploadLedger(t, admin, file);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.json()).toMatchObject({ newProblems: N, errors: [] });
}, 300_000);
afterAll(() => t.close());

const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header) + 1;

describe('export of a ledger larger than one batch', () => {
  it('streams a valid workbook with every problem once, in order, each row with its own measure and progress', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ledger/export.xlsx', headers: admin });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    // Streamed: no length known up front.
    expect(res.headers['content-length']).toBeUndefined();
    const ws = await readXlsx(res.rawPayload);
    const total = (await t.db.kysely.selectFrom('problems').select('id').execute()).length;
    expect(total).toBeGreaterThanOrEqual(N);
    expect(ws.getCell(INFO_ROW, 1).text).toContain(`共 ${total} 条`);
    expect(ws.autoFilter).toBe(`A${HEADER_ROW}:T${HEADER_ROW + total}`);

    const seen = new Set<string>();
    const order: Array<[string, string, string]> = [];
    let imported = 0;
    for (let r = HEADER_ROW + 1; r <= HEADER_ROW + total; r++) {
      const row = ws.getRow(r);
      expect(row.getCell(col('序号')).value).toBe(r - HEADER_ROW);
      const code = row.getCell(col('问题编号')).text;
      seen.add(code);
      order.push([row.getCell(col('所属组织')).text, (row.getCell(col('整改时限')).value as Date).toISOString(), code]);
      const n = /^批量导出测试问题 (\d+)$/.exec(row.getCell(col('问题描述')).text)?.[1];
      if (n) {
        imported++;
        // The batch's measures and notes belong to its own rows.
        expect(row.getCell(col('整改措施')).value).toBe(`批量导出测试措施 ${n}`);
        expect(row.getCell(col('整改进展')).value).toBe(`批量导出测试进展 ${n}`);
      }
    }
    expect(ws.getRow(HEADER_ROW + total + 1).getCell(1).value).toBeNull();
    expect(imported).toBe(N);
    expect(seen.size).toBe(total);
    // By organization name (Chinese collation), then deadline, then code, across batch boundaries.
    const sorted = [...order].sort((a, b) => collator.compare(a[0], b[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
    expect(order).toEqual(sorted);
  }, 120_000);

  it('cuts a cell past Excel’s limit with a note, so the file opens and imports again', async () => {
    const village = await t.orgId('张东村');
    const p = (
      await t.app.inject({
        method: 'POST',
        url: '/api/problems',
        headers: admin,
        payload: { organizationId: village, description: '措施很多的问题', severity: 'minor' },
      })
    ).json<{ id: string }>();
    for (let i = 0; i < 17; i++) {
      const m = await t.app.inject({
        method: 'POST',
        url: '/api/measures',
        headers: admin,
        payload: { organizationId: village, description: `第${i}条措施`.padEnd(2000, '措'), problemIds: [p.id] },
      });
      expect(m.statusCode, m.body).toBe(201);
    }
    const res = await t.app.inject({ method: 'GET', url: `/api/ledger/export.xlsx?organizationId=${village}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const ws = await readXlsx(res.rawPayload);
    let cell = '';
    ws.eachRow((row) => {
      if (row.getCell(col('问题描述')).text === '措施很多的问题') cell = row.getCell(col('整改措施')).text;
    });
    expect(cell.length).toBe(32_767);
    expect(cell.endsWith('（内容超过 Excel 单元格上限，余见系统）')).toBe(true);
    // Our own import takes the file back (a longer cell was refused as more than Excel holds).
    const again = await uploadLedger(t, admin, res.rawPayload, { dryRun: true });
    expect(again.statusCode, again.body.slice(0, 300)).toBe(200);
  }, 60_000);

  it('answers a refusal before the first byte in the JSON error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ledger/export.xlsx?status=nonsense', headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const outOfScope = await t.app.inject({
      method: 'GET',
      url: `/api/ledger/export.xlsx?organizationId=${await t.orgId('张东村')}`,
      headers: await t.login('secretary'),
    });
    expect(outOfScope.statusCode).toBe(404);
    expect(outOfScope.json().error.code).toBe('NOT_FOUND');
  });
});
