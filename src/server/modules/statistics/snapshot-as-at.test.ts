import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekPeriod } from '../../../domain/cadence.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { isActionable, isCounted, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { makeProblem, type MadeProblem, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { Headers } from '../../testing/factories.ts';
import { drive, frozenWeeks, snapshotRows } from './statistics.test-support.ts';
import { freezeDueWeeks } from './statistics.service.ts';

/**
 * The weekly snapshot counts a past week's statuses from the problems' current
 * status and looks history up only for the problems changed since the week's
 * end (figures.repository countProblemsByStatus). Whatever happened after the
 * end (moves on, back and forth, withdrawals, new problems, a change at the
 * very instant of the end), the frozen figures must be the ones replayed from
 * problem_history: each problem's last row before the end, for every week.
 */

const DAY_MS = 86_400_000;
const WEEK = '2026-11-23'; // ends Monday 2026-11-30 00:00 Shanghai = 2026-11-29T16:00:00.000Z
const END = '2026-11-29T16:00:00.000Z';

type Own = { total: number; overdue: number; ages: number[] } & Record<ProblemStatus, number>;
const emptyOwn = (): Own => ({
  total: 0,
  overdue: 0,
  ages: [],
  open: 0,
  rectifying: 0,
  submitted: 0,
  accepted: 0,
  closed: 0,
  withdrawn: 0,
});

/** The reference: every problem's status replayed from its history as at `end`, counted per organization and rolled up. */
async function replayed(t: TestApp, weekStart: string): Promise<Map<string, Own>> {
  const { to, lastDay } = weekPeriod(weekStart);
  const end = to.toISOString();
  const { rows } = await sql<{ org_path: string; due_on: string | null; status: string | null }>`
    select p.org_path, p.due_on,
      (select h.to_status from problem_history h where h.problem_id = p.id and h.at < ${end}
        order by h.at desc, h.id desc limit 1) as status
    from problems p where p.created_at < ${end}`.execute(t.db.kysely);
  const out = new Map<string, Own>();
  for (const r of rows) {
    const status = r.status as ProblemStatus | null;
    if (status === null || !isCounted(status)) continue;
    const late = isActionable(status) && r.due_on !== null && r.due_on < lastDay;
    for (const id of pathIds(r.org_path)) {
      const o = out.get(id) ?? emptyOwn();
      o.total += 1;
      o[status] += 1;
      if (late) {
        o.overdue += 1;
        o.ages.push(Math.round((Date.parse(lastDay) - Date.parse(r.due_on!)) / DAY_MS));
      }
      out.set(id, o);
    }
  }
  for (const o of out.values()) o.ages.sort((a, b) => b - a);
  return out;
}

async function expectFrozenAsReplayed(t: TestApp, weekStart: string) {
  const reference = await replayed(t, weekStart);
  const rows = await snapshotRows(t.db, weekStart);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const o = reference.get(r.organization_id) ?? emptyOwn();
    const frozen = {
      total: Number(r.total),
      open: Number(r.open),
      rectifying: Number(r.rectifying),
      submitted: Number(r.submitted),
      accepted: Number(r.accepted),
      closed: Number(r.closed),
      overdue: Number(r.overdue),
      ages: JSON.parse(r.overdue_ages) as number[],
      over14: Number(r.overdue_over_14),
      over30: Number(r.overdue_over_30),
    };
    expect(frozen, `${weekStart} ${r.org_path}`).toEqual({
      total: o.total,
      open: o.open,
      rectifying: o.rectifying,
      submitted: o.submitted,
      accepted: o.accepted,
      closed: o.closed,
      overdue: o.overdue,
      ages: o.ages,
      over14: o.ages.filter((d) => d > 14).length,
      over30: o.ages.filter((d) => d > 30).length,
    });
  }
  return reference;
}

describe('weekly snapshot: statuses as at the week end, with history written after it', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    // The demo ledger's history spans the weeks before: each of them is frozen too, with every later change after its end.
    t = await createTestApp({ demo: true, demoLedger: true });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('freezes every week with the figures replayed from problem_history', async () => {
    const village = '张东村';
    const villageId = await t.orgId(village);
    // Sessions time out across the days the test jumps: sign in again at each.
    const at = async (iso: string) => {
      t.clock.current = new Date(iso);
      admin = await t.login('admin');
    };
    const make = async (dueOn: string, ...actions: string[]) =>
      drive(t, admin, await makeProblem(t, admin, village, { dueOn }), ...actions);
    const withdraw = async (p: MadeProblem) => {
      const res = await transition(t, admin, p, 'withdraw', '误登记，经核实撤销');
      expect(res.statusCode, res.body).toBe(200);
    };

    // Inside the week (Friday 27 November).
    await at('2026-11-27T02:00:00.000Z');
    const movedOn = await make('2026-11-25'); // open and overdue at the end; closed after it
    const backAndForth = await make('2026-11-26', 'start'); // rectifying at the end; submitted and rejected twice after
    const rejectedThenResubmitted = await make('2026-12-20', 'start', 'submit'); // submitted at the end and again now
    const reopened = await make('2026-11-20', 'start', 'submit', 'accept', 'close'); // closed at the end; reopened and closed again
    const withdrawnAfter = await make('2026-11-24'); // open (and overdue) at the end; withdrawn after it
    const acceptedAtEnd = await make('2026-12-31', 'start', 'submit', 'accept'); // accepted at the end; closed after it
    const justBefore = await make('2026-11-28', 'start'); // submitted 1 ms before the end
    const atTheEnd = await make('2026-11-28', 'start'); // submitted at the very instant of the end: after it
    await make('2026-11-21', 'start'); // untouched since: rectifying and overdue
    const withdrawnBefore = await make('2026-11-22');
    await withdraw(withdrawnBefore); // withdrawn inside the week: counts nowhere

    await at('2026-11-29T15:59:59.999Z');
    await drive(t, admin, justBefore, 'submit');
    await at(END);
    await drive(t, admin, atTheEnd, 'submit');

    // After the end (Monday 30 November and Tuesday 1 December).
    await at('2026-11-30T01:00:00.000Z');
    await drive(t, admin, movedOn, 'start', 'submit', 'accept', 'close');
    await drive(t, admin, backAndForth, 'submit', 'reject', 'submit', 'reject');
    await drive(t, admin, rejectedThenResubmitted, 'reject', 'submit');
    await drive(t, admin, reopened, 'reopen', 'submit', 'accept', 'close');
    await withdraw(withdrawnAfter);
    await drive(t, admin, acceptedAtEnd, 'close');
    await make('2026-11-25', 'start'); // created after the end: not in the week
    await at('2026-12-01T02:00:00.000Z');
    await withdraw(await make('2026-11-20')); // created and withdrawn after the end

    const frozen = await freezeDueWeeks(t.db, t.clock.now());
    expect(frozen).toContain(WEEK);
    expect((await frozenWeeks(t.db)).length).toBe(frozen.length);
    for (const week of frozen) await expectFrozenAsReplayed(t, week);

    // The case above as the replay sees it, so that the comparison is not between two empty weeks.
    const reference = await expectFrozenAsReplayed(t, WEEK);
    const own = reference.get(villageId)!;
    const ourRow = (await snapshotRows(t.db, WEEK)).find((r) => r.organization_id === villageId)!;
    expect(Number(ourRow.total)).toBe(own.total);
    // Open at the end: movedOn, withdrawnAfter (and the demo's own); submitted: rejectedThenResubmitted, justBefore.
    expect(own.open).toBeGreaterThanOrEqual(2);
    expect(own.submitted).toBeGreaterThanOrEqual(2);
    expect(own.closed).toBeGreaterThanOrEqual(1);
    expect(own.overdue).toBeGreaterThanOrEqual(4);
  });
});
