import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyCoverage } from '../../../domain/contracts/duty.ts';
import type { StudyCoverage } from '../../../domain/contracts/study.ts';
import { TREE_TABLE_ROWS_MAX } from '../../../domain/organizations.ts';
import { addVillagesUnder } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The coverage tabs (党建学习 coverage, 坐班值班) over a large tree: a district's table lists every organization;
 * a province's listed 20,000 villages (7.6 MB and 4 MB). Beyond TREE_TABLE_ROWS_MAX rows the table keeps the
 * levels that fit and counts the rest; a subdistrict's own table (organizationId) lists its villages.
 */
let t: TestApp;
let officer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('officer');
});
afterAll(() => t.close());

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers: officer });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

describe('the coverage tabs of a large tree', () => {
  let study: StudyCoverage;
  let duty: DutyCoverage;
  let liangtian: string;

  it('list every organization of a district', async () => {
    study = await get<StudyCoverage>('/api/study/coverage');
    duty = await get<DutyCoverage>('/api/duty/coverage');
    expect(study.rowsLeftOut).toBe(0);
    expect(duty.rowsLeftOut).toBe(0);
    expect(study.rows.filter((r) => r.kind === 'village').length).toBeGreaterThanOrEqual(16);
    expect(duty.rows.filter((r) => r.kind === 'village').length).toBeGreaterThanOrEqual(16);
    liangtian = await t.orgId('良田街道');
    expect(study.rows.find((r) => r.organizationId === liangtian)?.parentId).toBe(study.root.organizationId);
  });

  it(`keep the levels that fit in ${TREE_TABLE_ROWS_MAX} rows and count the rest; a subdistrict lists its own villages`, async () => {
    await addVillagesUnder(t, liangtian, TREE_TABLE_ROWS_MAX);
    // The month's figures are reused until the record changes (an audited write; the factory writes none): one.
    await makeProblem(t, officer, '大闵村');
    const large = await get<StudyCoverage>('/api/study/coverage');
    expect(large.rows.map((r) => r.kind)).toEqual(study.rows.filter((r) => r.kind === 'subdistrict').map(() => 'subdistrict'));
    expect(large.rowsLeftOut).toBe(study.rows.length - large.rows.length + TREE_TABLE_ROWS_MAX);
    // The figures do not change with the cut (the new villages hold no sessions).
    expect(large.root.sessionsHeld).toBe(study.root.sessionsHeld);
    for (const row of large.rows) {
      const before = study.rows.find((r) => r.organizationId === row.organizationId)!;
      expect(row).toEqual(before);
      // The drill-down's root is the same row.
      const own = await get<StudyCoverage>(`/api/study/coverage?organizationId=${row.organizationId}`);
      expect(own.root).toEqual(row);
    }
    const inLiangtian = await get<StudyCoverage>(`/api/study/coverage?organizationId=${liangtian}`);
    const villages = inLiangtian.rows.filter((r) => r.kind === 'village');
    expect(villages.length).toBe(study.rows.filter((r) => r.kind === 'village' && r.parentId === liangtian).length + TREE_TABLE_ROWS_MAX);
    // Its villages fill the table, so their branches wait for a village's own table.
    expect(inLiangtian.rows.every((r) => r.kind === 'village')).toBe(true);
    expect(inLiangtian.rowsLeftOut).toBe(
      study.rows.filter((r) => r.kind === 'branch' && study.rows.find((v) => v.organizationId === r.parentId)?.parentId === liangtian)
        .length,
    );
    const baiyang = await t.orgId('白杨街道');
    const small = await get<StudyCoverage>(`/api/study/coverage?organizationId=${baiyang}`);
    expect(small.rowsLeftOut).toBe(0);
    expect(small.rows.some((r) => r.kind === 'branch')).toBe(true);

    const largeDuty = await get<DutyCoverage>('/api/duty/coverage');
    expect(largeDuty.rows.every((r) => r.kind === 'subdistrict')).toBe(true);
    expect(largeDuty.rows.length).toBe(duty.rows.filter((r) => r.kind === 'subdistrict').length);
    expect(largeDuty.rowsLeftOut).toBe(duty.rows.length - largeDuty.rows.length + TREE_TABLE_ROWS_MAX);
    expect(largeDuty.root.daysStaffed).toBe(duty.root.daysStaffed);
    const dutyLiangtian = await get<DutyCoverage>(`/api/duty/coverage?organizationId=${liangtian}`);
    expect(dutyLiangtian.rowsLeftOut).toBe(0);
    expect(dutyLiangtian.rows.length).toBe(duty.rows.filter((r) => r.parentId === liangtian).length + TREE_TABLE_ROWS_MAX);
  });
});
