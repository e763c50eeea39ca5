import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Headers } from '../testing/factories.ts';
import { makeProblem } from '../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { readXlsx } from '../modules/ledger/ledger-sheets.test-support.ts';
import { up as repairXmlText } from './migrations/2026-12-05-05-repair-xml-text.ts';

/**
 * U+FFFE and U+FFFF are refused by the API since 2026-12-05 (http/text-guard.ts); one stored before made every
 * .xlsx and .docx quoting it unreadable (written, then refused by Excel, Word and our own import). Migration
 * 2026-12-05-05 replaces them with U+FFFD in every text column but the hash chains'.
 */
let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const exportOf = async (organizationId: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/ledger/export.xlsx?organizationId=${organizationId}`, headers: admin });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
};

describe('text stored with a character XML refuses', () => {
  it('is repaired by the migration: the ledger export opens again; the hash chains are left as they were hashed', async () => {
    const village = await t.orgId('大闵村');
    const problem = await makeProblem(t, admin, village, { description: '制度未上墙，需要整改' });
    const k = t.db.kysely;
    // As stored before the guard: written straight into the row.
    await k.updateTable('problems').set({ description: '制度未\uFFFE上墙\uFFFF' }).where('id', '=', problem.id).execute();
    const [event] = await k.selectFrom('audit_events').select(['id', 'data']).orderBy('seq', 'desc').limit(1).execute();
    const chainedPayload = `${event!.data.slice(0, -1)},"note":"\uFFFE"}`;
    await k.updateTable('audit_events').set({ data: chainedPayload }).where('id', '=', event!.id).execute();

    // Before: the workbook was written but does not open.
    await expect(readXlsx(await exportOf(village))).rejects.toThrow();

    await repairXmlText(k, t.db.kind);

    const row = await k.selectFrom('problems').select('description').where('id', '=', problem.id).executeTakeFirstOrThrow();
    expect(row.description).toBe('制度未\uFFFD上墙\uFFFD');
    const ws = await readXlsx(await exportOf(village));
    const cells: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => cells.push(typeof c.value === 'string' ? c.value : JSON.stringify(c.value))));
    expect(cells.some((c) => c.includes('制度未\uFFFD上墙'))).toBe(true);
    // The audit event keeps its bytes: changing them would break its hash.
    const kept = await k.selectFrom('audit_events').select('data').where('id', '=', event!.id).executeTakeFirstOrThrow();
    expect(kept.data).toBe(chainedPayload);
    // Run again: nothing left to change.
    await repairXmlText(k, t.db.kind);
    expect((await k.selectFrom('problems').select('description').where('id', '=', problem.id).executeTakeFirstOrThrow()).description).toBe(
      '制度未\uFFFD上墙\uFFFD',
    );
  });
});
