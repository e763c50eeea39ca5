import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekPeriod } from '../../../domain/cadence.ts';
import { DEFAULT_CADENCE_RULES } from '../../../domain/cadence-rules.ts';
import { makeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { computeFigures } from './figures.service.ts';

/**
 * The boundaries the SQL aggregation of computeFigures must keep: a late
 * acceptance is one made on a Shanghai calendar day after the due date
 * (16:00 UTC of the due date onwards); the status of a past week is the one
 * at its end; overdue ages are whole days to the period's last day.
 */

let t: TestApp;
beforeAll(async () => {
  // Friday 2026-11-27 10:00 Shanghai.
  t = await createTestApp({ demo: true });
});
afterAll(() => t.close());

const VILLAGE = '张东村';
const WEEK = '2026-11-23'; // ends Sunday 2026-11-29 24:00 Shanghai = 2026-11-29T16:00Z

const figuresOf = async (week: string, now: Date) => {
  const all = await computeFigures(t.db.kysely, { period: weekPeriod(week), reportWeeks: [week], rules: DEFAULT_CADENCE_RULES, now });
  return [...all.values()].find((e) => e.org.name === VILLAGE)!.figures;
};

const acceptAt = async (at: string, p: { id: string; version: number }) => {
  t.clock.current = new Date(at);
  const res = await transition(t, await t.login('admin'), p, 'accept');
  expect(res.statusCode).toBe(200);
};

describe('figures computed in SQL', () => {
  it('count late acceptances, statuses as at the week end and overdue ages to the day', async () => {
    const baseline = await figuresOf(WEEK, new Date('2026-11-30T02:00:00.000Z'));
    const admin = await t.login('admin');
    const dueToday = { dueOn: '2026-11-27' };
    const submitted = async (extra: Record<string, unknown>) => {
      let p = await makeProblem(t, admin, VILLAGE, extra);
      for (const action of ['start', 'submit']) {
        if (action === 'submit') expect((await uploadEvidence(t, admin, { problemId: p.id })).statusCode).toBe(201);
        const res = await transition(t, admin, p, action);
        expect(res.statusCode).toBe(200);
        p = { ...p, version: res.json().version };
      }
      return p;
    };
    const onTime = await submitted(dueToday);
    const late = await submitted(dueToday);
    const afterWeek = await submitted({});
    const overdue = await makeProblem(t, admin, VILLAGE, dueToday);

    await acceptAt('2026-11-27T15:59:59.999Z', onTime); // 23:59:59.999 Shanghai on the due date: on time
    await acceptAt('2026-11-27T16:00:00.000Z', late); // 00:00 Shanghai the day after: late
    await acceptAt('2026-11-30T01:00:00.000Z', afterWeek); // the next week

    const f = await figuresOf(WEEK, new Date('2026-11-30T02:00:00.000Z'));
    expect(f.total - baseline.total).toBe(4);
    expect(f.acceptedCount - baseline.acceptedCount).toBe(2);
    expect(f.lateAcceptanceCount - baseline.lateAcceptanceCount).toBe(1);
    // At the week's end the third was still waiting for acceptance.
    expect(f.submitted - baseline.submitted).toBe(1);
    expect(f.accepted - baseline.accepted).toBe(2);
    // Due Friday 11-27, still open on Sunday 11-29: two whole days overdue.
    expect(f.overdue - baseline.overdue).toBe(1);
    expect(f.overdueAges.filter((d) => d === 2).length - baseline.overdueAges.filter((d) => d === 2).length).toBe(1);
    expect(overdue.status).toBe('open');

    // The running week sees the third accepted now.
    const running = await figuresOf('2026-11-30', new Date('2026-11-30T02:00:00.000Z'));
    expect(running.accepted - baseline.accepted).toBe(3);
    expect(running.acceptedCount).toBe(1);
  });
});
