import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyCoverage, ServiceHall } from '../../../domain/contracts/duty.ts';
import type { StudyOverview } from '../../../domain/contracts/study.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The two duty figures a village secretary reads: the overview card's "本周值班" (this week, Monday to date,
 * Shanghai) and the 坐班值班 tab's default (this month, the 1st to date). Across a month's turn they differ on
 * purpose (a reviewer saw 6/6 beside 5/5 on Sunday 6 December): the labels say which period each is; asked for the
 * same days, the tab gives the card's figure. The hall opens every day (as in the demo); the clock starts on Friday
 * 2026-11-27 10:00 Shanghai.
 */
let t: TestApp;
let damin: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  damin = await t.orgId('大闵村');
});
afterAll(() => t.close());

const at = (iso: string) => {
  t.clock.current = new Date(iso);
};
const get = async <T>(url: string) => {
  const r = await t.app.inject({ method: 'GET', url, headers: await t.login('secretary') });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<T>();
};
const signIn = async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/duty-signins',
    headers: await t.login('secretary'),
    payload: { organizationId: damin },
  });
  expect(r.statusCode, r.body).toBe(201);
};
const figures = (d: { daysDue: number; daysStaffed: number }) => `${d.daysStaffed}/${d.daysDue}`;

describe('this week’s duty and this month’s', () => {
  it('count Monday to date and the 1st to date, today only once staffed, and agree over the same days', async () => {
    const hall = await t.app.inject({
      method: 'PUT',
      url: `/api/service-halls/${damin}`,
      headers: await t.login('secretary'),
      payload: {
        version: 0,
        name: '大闵村便民服务大厅',
        openingHours: '每天 8:30—18:00',
        openWeekdays: [1, 2, 3, 4, 5, 6, 7],
        services: [],
      },
    });
    expect(hall.statusCode, hall.body).toBe(200);
    expect(hall.json<ServiceHall>().openWeekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Signed in every day from Friday 27 November to Saturday 5 December (10:00 Shanghai), but Wednesday 2 December.
    for (const day of ['11-27', '11-28', '11-29', '11-30', '12-01', '12-03', '12-04', '12-05']) {
      at(`2026-${day}T02:00:00.000Z`);
      await signIn();
    }

    // Sunday 6 December, 07:08 Shanghai (Saturday 23:08 UTC), nobody signed in yet today.
    at('2026-12-05T23:08:00.000Z');
    const week = (await get<StudyOverview>('/api/study/overview')).dutyWeek;
    expect(week.weekStart).toBe('2026-11-30');
    // Monday 30 November to Saturday 5 December: six days due, Wednesday a gap; Sunday not yet.
    expect(figures(week)).toBe('5/6');
    expect(week.rows.map((r) => r.gaps)).toEqual([['2026-12-02']]);

    const month = await get<DutyCoverage>('/api/duty/coverage');
    expect([month.from, month.to]).toEqual(['2026-12-01', '2026-12-06']);
    // 1 to 5 December: five days due (30 November is the last month's).
    expect(figures(month.root)).toBe('4/5');
    expect(month.root.gaps).toEqual(['2026-12-02']);

    // The tab over the card's days gives the card's figure: one definition of a day due, two periods.
    const sameDays = await get<DutyCoverage>(`/api/duty/coverage?from=${week.weekStart}&to=2026-12-06`);
    expect(figures(sameDays.root)).toBe(figures(week));

    // Sunday's sign-in makes today due and staffed in both.
    at('2026-12-06T01:00:00.000Z');
    await signIn();
    expect(figures((await get<StudyOverview>('/api/study/overview')).dutyWeek)).toBe('6/7');
    expect(figures((await get<DutyCoverage>('/api/duty/coverage')).root)).toBe('5/6');

    // A new week starts with nothing due until Monday is staffed or over.
    at('2026-12-07T01:00:00.000Z');
    const monday = (await get<StudyOverview>('/api/study/overview')).dutyWeek;
    expect([monday.weekStart, figures(monday)]).toEqual(['2026-12-07', '0/0']);
  });
});
