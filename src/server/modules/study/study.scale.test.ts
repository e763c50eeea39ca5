import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDY_OVERVIEW_ROWS, type StudyOverview } from '../../../domain/contracts/study.ts';
import { addVillagesUnder } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The study card of the dashboard over a large tree: a district's villages are all listed; a province's 20,000
 * made the card's answer 7.5 MB, so beyond STUDY_OVERVIEW_ROWS it lists that many, lowest attendance first, and
 * says how many there are. The week's duty rows are cut the same way; the days and the halls with gaps count all.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function overview(): Promise<StudyOverview> {
  const res = await t.app.inject({ method: 'GET', url: '/api/study/overview', headers: await t.login('officer') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<StudyOverview>();
}

describe('the study overview of a large tree', () => {
  let district: StudyOverview;

  it('lists every village of a district, in tree order', async () => {
    district = await overview();
    expect(district.villagesTotal).toBe(district.villages.length);
    expect(district.villages.length).toBeGreaterThanOrEqual(16);
    expect(district.dutyWeek.withGaps).toBe(district.dutyWeek.rows.filter((r) => r.gaps.length > 0).length);
  });

  it(`lists ${STUDY_OVERVIEW_ROWS} of more villages, lowest attendance first, with their number`, async () => {
    const parent = await t.db.kysely
      .selectFrom('organizations')
      .select('parent_id')
      .where('id', '=', await t.orgId('大闵村'))
      .executeTakeFirstOrThrow();
    await addVillagesUnder(t, parent.parent_id!, STUDY_OVERVIEW_ROWS);
    const large = await overview();
    expect(large.villagesTotal).toBe(district.villagesTotal + STUDY_OVERVIEW_ROWS);
    expect(large.villages).toHaveLength(STUDY_OVERVIEW_ROWS);
    const rates = large.villages.map((v) => v.attendanceRate ?? 2);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    // The villages with a measured attendance come before those without (the new ones).
    const measured = district.villages.filter((v) => v.attendanceRate !== null).map((v) => v.organizationId);
    expect(
      large.villages
        .slice(0, measured.length)
        .map((v) => v.organizationId)
        .sort(),
    ).toEqual([...measured].sort());
    // The whole subtree's figures do not change with the cut.
    expect(large.coverage.sessionsHeld).toBe(district.coverage.sessionsHeld);
    expect(large.dutyWeek.rows.length).toBeLessThanOrEqual(STUDY_OVERVIEW_ROWS);
  });
});
