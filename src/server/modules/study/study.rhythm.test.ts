import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewCandidates } from '../../../domain/contracts/interviews.ts';
import type { MonthlyRanking, RagTable } from '../../../domain/contracts/rankings.ts';
import type { StudyWeek } from '../../../domain/contracts/study.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Where the Party life enters the program's rhythm: a missed meeting of 三会一课 colours RAG (amber; red when one
 * kind is missed twice in a row), three missed make an interview candidate, and the weekly snapshot freezes the
 * study figures with the week.
 */
let t: TestApp;
let branch: string;
let village: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  branch = await t.orgId('大闵村党支部');
  village = await t.orgId('大闵村');
});
afterAll(() => t.close());

const at = (iso: string) => {
  t.clock.current = new Date(iso);
};
const call = async <T>(who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
  const r = await t.app.inject({ method, url, headers: await t.login(who), payload: payload as object });
  return { status: r.statusCode, body: r.json<T>(), raw: r.body };
};
const ragOf = async (period: 'week' | 'month', key: string) => {
  const r = await call<RagTable>('officer', 'GET', `/api/rag?period=${period}&key=${key}`);
  expect(r.status, r.raw).toBe(200);
  return r.body.groups.flatMap((g) => g.villages).find((x) => x.organizationId === village)!.rag;
};

describe('the study component of the monthly ranking', () => {
  it('leaves scores alone while nothing is measured, and weighs a branch behind its plan once one is', async () => {
    const before = await call<MonthlyRanking>('officer', 'GET', '/api/rankings/monthly?month=2026-11');
    expect(before.status, before.raw).toBe(200);
    expect(before.body.villages.every((v) => v.score === 100)).toBe(true);
    expect(before.body.scoreFormula.zh).not.toContain('学习');

    // 大闵村党支部's plan asks for 4 sessions in November and none was held: its study share is ½ × 0 + ½ × 1 (no attendance to measure).
    const plan = await call('secretary', 'POST', '/api/study-plans', {
      organizationId: branch,
      title: '学习计划',
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
      topics: ['学党章党规'],
      forms: ['evening_school'],
      sessionsPerMonth: 4,
    });
    expect(plan.status, plan.raw).toBe(201);
    const after = await call<MonthlyRanking>('officer', 'GET', '/api/rankings/monthly?month=2026-11');
    const damin = after.body.villages.find((v) => v.organizationId === village)!;
    // (100 × 120 + 100 × 0.5 × 10) ÷ 130 = 96.2; everyone else keeps 100 (nothing planned, nothing to measure).
    expect(damin.score).toBe(96.2);
    expect(after.body.villages.filter((v) => v.organizationId !== village).every((v) => v.score === 100)).toBe(true);
    expect(after.body.scoreFormula.zh).toContain('学习得分率');
  });
});

describe('the meeting rhythm in RAG, interviews and the weekly snapshot', () => {
  it('turns a green village amber for a missed committee meeting, and red for two in a row', async () => {
    // A committee meeting in October starts the rhythm for 大闵村党支部 (the demo tree was created in November).
    const m = await call('secretary', 'POST', '/api/party-meetings', {
      organizationId: branch,
      kind: 'branch_committee',
      heldAt: '2026-10-10T09:00:00+08:00',
      place: '村委会',
      attendees: '支委 5 人',
      agenda: '研究工作',
    });
    expect(m.status, m.raw).toBe(201);
    expect((await ragOf('month', '2026-10')).colour).toBe('green');

    at('2026-12-01T02:00:00.000Z');
    const nov = await ragOf('month', '2026-11');
    expect(nov.colour).toBe('amber');
    expect(nov.reasons).toContainEqual(expect.objectContaining({ code: 'meetings_missed', count: 1 }));

    at('2027-01-01T02:00:00.000Z');
    const dec = await ragOf('month', '2026-12');
    expect(dec.colour).toBe('red');
    expect(dec.reasons).toContainEqual(expect.objectContaining({ code: 'meetings_missed_in_row', count: 1, inRow: 2 }));
  });

  it('writes the study section of the monthly circular, naming the branch that missed its meeting', async () => {
    const r = await call<{
      sections: Array<{ key: string; heading: string; text: string }>;
      annex: { study?: { missedMeetings: unknown[] } };
    }>('officer', 'POST', '/api/circulars', { month: '2026-12' });
    expect(r.status, r.raw).toBe(201);
    const study = r.body.sections.find((x) => x.key === 'study')!;
    expect(study.heading).toBe('七、“两学一做”学习教育和组织生活情况');
    expect(study.text).toContain('大闵村（2026年12月支部委员会）');
    expect(r.body.sections.at(-1)!.heading).toBe('八、下月工作重点');
    // Every demo branch (created in November) owed December's committee meeting, and none recorded one.
    expect(r.body.annex.study?.missedMeetings).toHaveLength(16);
  });

  it('names the village an interview candidate at three missed meetings', async () => {
    at('2027-02-01T02:00:00.000Z');
    const r = await call<InterviewCandidates>('officer', 'GET', '/api/interviews/candidates?month=2027-01');
    expect(r.status, r.raw).toBe(200);
    const c = r.body.items.find((i) => i.organizationId === village);
    expect(c?.reasons.map((x) => x.reason.code)).toContain('meetings_missed');
    // The rules shown above the list name every trigger applied, the meeting rhythm's included (default: 3 in 6 months).
    expect(r.body.rulesZh).toContain('三会一课');
    expect(r.body.rulesZh).toContain('近 6 个月未按期召开累计达 3 次');
    expect(r.body.rulesEn).toContain('3 meetings of the meeting rhythm (三会一课) missed within 6 months');
  });

  it('freezes the week’s study figures with the weekly snapshot', async () => {
    const week = '2027-01-25';
    const before = await call<StudyWeek>('officer', 'GET', `/api/study/weeks?week=${week}`);
    expect(before.status, before.raw).toBe(200);
    expect(before.body.frozen).toBe(false);
    const frozen = await call('admin', 'POST', `/api/statistics/weeks/${week}/recompute`, { version: 0 });
    expect(frozen.status, frozen.raw).toBe(200);
    const after = await call<StudyWeek>('officer', 'GET', `/api/study/weeks?week=${week}`);
    expect(after.body.frozen).toBe(true);
    const row = after.body.rows.find((x) => x.organizationId === village)!;
    expect(row.meetingsMissed).toBeGreaterThanOrEqual(3);
  });
});
