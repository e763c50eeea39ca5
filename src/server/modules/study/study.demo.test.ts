import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekStartOf } from '../../../domain/cadence.ts';
import type { DutyCoverage } from '../../../domain/contracts/duty.ts';
import type { Rhythm } from '../../../domain/contracts/meetings.ts';
import type { StudyCoverage, StudyOverview, StudyPlanList, StudySession, StudySessionList } from '../../../domain/contracts/study.ts';
import type { Tour, TourList } from '../../../domain/contracts/tours.ts';
import type { WeeklyReportDetail, WeeklyReportList } from '../../../domain/contracts/weekly-reports.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** The demo's regular Party life (seeded with the ledger on 2026-11-27), as the district reads it. */
let t: TestApp;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  officer = await t.login('officer');
}, 120_000);
afterAll(() => t.close());

const get = async <T>(url: string, headers = officer) => {
  const r = await t.app.inject({ method: 'GET', url, headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<T>();
};

describe('the demo', () => {
  it('has a study plan and 8–12 weeks of sessions for every branch, with evening schools and broadcasts', async () => {
    const plans = await get<StudyPlanList>('/api/study-plans');
    expect(new Set(plans.items.map((p) => p.organizationId)).size).toBe(16);
    const sessions = await get<StudySessionList>('/api/study-sessions?pageSize=200&page=1');
    const all = [sessions.items];
    for (let page = 2; (page - 1) * 200 < sessions.total; page++)
      all.push((await get<StudySessionList>(`/api/study-sessions?pageSize=200&page=${page}`)).items);
    const items = all.flat();
    const byBranch = new Map<string, string[]>();
    for (const s of items) byBranch.set(s.organizationId, [...(byBranch.get(s.organizationId) ?? []), s.startsAt]);
    expect(byBranch.size).toBe(16);
    for (const starts of byBranch.values()) {
      // The weeks (Monday to Sunday, Shanghai) from the first session to the last.
      const weeks = new Set(starts.map((s) => weekStartOf(new Date(s))));
      const first = [...weeks].sort()[0]!;
      const spanWeeks = (Date.parse(weekStartOf(t.clock.now())) - Date.parse(first)) / (7 * 86_400_000);
      expect(spanWeeks).toBeGreaterThanOrEqual(8);
      expect(spanWeeks).toBeLessThanOrEqual(12);
      expect(weeks.size).toBeGreaterThanOrEqual(6);
    }
    expect(items.some((s) => s.kind === 'evening_school')).toBe(true);
    const broadcast = items.find((s) => s.kind === 'broadcast')!;
    expect(broadcast.playsCount).toBeGreaterThan(0);
    expect(broadcast.counts.reached).toBeGreaterThanOrEqual(0);
    expect(items.some((s) => s.counts.absent > 0)).toBe(true);
  });

  it('has 庙北村’s Party-school lecture with its 一图解读 board photo', async () => {
    const mb = await t.orgId('庙北村党支部');
    const list = await get<StudySessionList>(`/api/study-sessions?organizationId=${mb}&kind=party_lecture`);
    expect(list.items).toHaveLength(1);
    const s = await get<StudySession>(`/api/study-sessions/${list.items[0]!.id}`);
    expect(s.speaker).toContain('市委党校');
    expect(s.files.map((f) => f.originalName)).toContainEqual(expect.stringContaining('一图解读'));
  });

  it('has the 8 April tour to 华州区大明镇 with 70+ participants', async () => {
    const tours = await get<TourList>('/api/study-tours');
    const tour = tours.items.find((x) => x.destination === '华州区大明镇')!;
    expect(tour.tourDate.slice(5)).toBe('04-08');
    expect(tour.participantCount).toBeGreaterThanOrEqual(70);
    const detail = await get<Tour>(`/api/study-tours/${tour.id}`);
    expect(new Set(detail.participants.map((p) => p.role)).size).toBe(6);
    expect(detail.takeaways.filter((k) => k.text).length).toBeGreaterThanOrEqual(5);
  });

  it('has three months of meetings with a few missed, and rosters with a few gaps', async () => {
    const rhythm = await get<Rhythm>('/api/party-meetings/rhythm');
    expect(rhythm.rows).toHaveLength(16);
    const missed = rhythm.rows.filter((r) => r.missed > 0);
    expect(missed.length).toBeGreaterThanOrEqual(2);
    expect(missed.length).toBeLessThanOrEqual(5);
    const overview = await get<StudyOverview>('/api/study/overview');
    expect(overview.missedMeetings.length).toBeGreaterThanOrEqual(2);
    expect(overview.coverage.sessionsHeld).toBeGreaterThan(0);

    const duty = await get<DutyCoverage>(`/api/duty/coverage?from=2026-10-30&to=2026-11-26`);
    const villages = duty.rows.filter((r) => r.kind === 'village');
    expect(villages.every((r) => r.halls === 1)).toBe(true);
    const withGaps = villages.filter((r) => r.gaps.length > 0);
    expect(withGaps.length).toBeGreaterThanOrEqual(3);
    expect(withGaps.length).toBeLessThanOrEqual(5);
    expect(duty.root.rate).toBeGreaterThan(0.9);
    expect(duty.root.rate).toBeLessThan(1);

    const coverage = await get<StudyCoverage>('/api/study/coverage?month=2026-10');
    expect(coverage.root.sessionsPlanned).toBe(16 * 4);
    expect(coverage.root.attendanceRate).toBeGreaterThan(0.7);
  });

  it('has its register from before the first session: past weeks and months count the members their attendance names', async () => {
    // The register was entered at the seed's moment, so every earlier period counted no member: a weekly report of
    // three weeks ago read "党员 0 名，其中 0 名近期未参加学习" beside its 参学率 of 78.1 %.
    const month = await get<StudyCoverage>('/api/study/coverage?month=2026-10');
    expect(month.root.attendanceRecords).toBeGreaterThan(0);
    expect(month.root.members).toBeGreaterThan(16 * 10);
    expect(month.root.neverReached).toBeGreaterThan(0);
    // A past week's report of a village: its study figures name the register.
    const reports = await get<WeeklyReportList>('/api/weekly-reports?week=2026-11-16&pageSize=50');
    const report = reports.items.find((r) => r.unit.name === '安家村' && r.reportId);
    expect(report).toBeDefined();
    const detail = await get<WeeklyReportDetail>(`/api/weekly-reports/${report!.reportId}`);
    expect(detail.study?.attendanceRecords).toBeGreaterThan(0);
    expect(detail.study?.members).toBeGreaterThan(0);
  });
});
