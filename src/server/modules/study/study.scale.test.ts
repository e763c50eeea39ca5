import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDY_OVERVIEW_ROWS, type StudyOverview } from '../../../domain/contracts/study.ts';
import { addVillagesUnder } from '../../testing/factories.ts';
import { watchStatements } from '../../testing/statements.ts';
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

describe('the month’s study figures reused while the record is unchanged', () => {
  it('reads the study tables once for two readings of the card and the coverage tab, again after a change, which shows', async () => {
    if (t.db.kind !== 'sqlite') return; // PostgreSQL runs the same code; the statements are observed on better-sqlite3
    const officer = await t.login('officer');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: officer });
    const sessionReads = (seen: string[]) => seen.filter((q) => q.includes('"study_sessions"')).length;
    const first = await watchStatements(() => get('/api/study/overview'));
    expect(first.result.statusCode).toBe(200);
    const again = await watchStatements(async () => [await get('/api/study/overview'), await get('/api/study/coverage')]);
    for (const r of again.result) expect(r.statusCode).toBe(200);
    expect(sessionReads(again.seen)).toBe(0);
    const before = first.result.json<StudyOverview>();
    expect(before.figuresAt).toBe(t.clock.now().toISOString());

    // A session recorded: the next reading computes again and counts it.
    const secretary = await t.login('secretary');
    const recorded = await t.app.inject({
      method: 'POST',
      url: '/api/study-sessions',
      headers: secretary,
      payload: {
        organizationId: await t.orgId('大闵村党支部'),
        kind: 'evening_school',
        startsAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(),
        place: '村党员活动室',
        topic: '学习党章',
        attendance: [],
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const after = await watchStatements(() => get('/api/study/overview'));
    expect(sessionReads(after.seen)).toBeGreaterThan(0);
    expect(after.result.json<StudyOverview>().coverage.sessionsHeld).toBe(before.coverage.sessionsHeld + 1);
  });
});
