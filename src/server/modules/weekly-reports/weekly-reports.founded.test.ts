import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReportList } from '../../../domain/contracts/weekly-reports.ts';
import { type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A village founded after a week's report fell due owed no report for that week: the figures do not count one
 * (figures.service.ts, reportFigures), and the weekly reports list of that week does not list it as 未报, unless a
 * report for the week was started all the same. The running week lists it. The test clock starts on Friday
 * 2026-11-27 (the week of 23 Nov is running; the week of 16 Nov fell due before it). SQLite, or PostgreSQL under
 * scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  // With the ledger, the demo's tree predates its history, so its villages owed the past weeks' reports.
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
});
afterAll(() => t.close());

async function list(week: string): Promise<WeeklyReportList> {
  const res = await t.app.inject({ method: 'GET', url: `/api/weekly-reports?pageSize=200&week=${week}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<WeeklyReportList>();
}
const ids = (l: WeeklyReportList) => l.items.map((i) => i.unit.id);

describe('the weekly reports list of a week that fell due before a village was founded', () => {
  it('leaves the village out (its counts too), unless a report for that week was started; the running week lists it', async () => {
    const past = '2026-11-16';
    const running = (await list(past)).currentWeek;
    expect(running).toBe('2026-11-23');
    const before = await list(past);
    expect(new Date(before.dueAt).getTime()).toBeLessThan(t.clock.now().getTime());
    expect(before.total).toBeGreaterThan(0);

    const village = await makeOrg(t, admin, '良田街道');
    const after = await list(past);
    expect(ids(after)).toEqual(ids(before));
    expect(after.total).toBe(before.total);
    expect(after.counts).toEqual(before.counts);
    expect(ids(await list(running))).toContain(village.id);

    // Started all the same (a week may be filed late): then it is that week's row, as any report is.
    t.clock.advance(1000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/weekly-reports',
      headers: admin,
      payload: { week: past, unitType: 'organization', unitId: village.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    const started = await list(past);
    expect(ids(started)).toContain(village.id);
    expect(started.total).toBe(before.total + 1);
  });
});
