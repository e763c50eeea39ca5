import { describe, expect, it } from 'vitest';
import {
  addCoverage,
  lowestAttendanceFirst,
  attendanceProblem,
  attendanceRate,
  attended,
  coverageText,
  emptyCoverage,
  heldRate,
  neverReachedWindowStart,
  scoreWithStudy,
  sessionsOwed,
  settleOwnCoverage,
  studyFormulaText,
  studyShare,
} from './study-coverage.ts';

describe('attendance', () => {
  it('counts present, reached by broadcast, and made up by the day asked about', () => {
    expect(attended({ status: 'present', madeUpOn: null }, '2026-04-01')).toBe(true);
    expect(attended({ status: 'reached', madeUpOn: null }, '2026-04-01')).toBe(true);
    expect(attended({ status: 'absent', madeUpOn: null }, '2026-04-01')).toBe(false);
    expect(attended({ status: 'absent', madeUpOn: '2026-04-10' }, '2026-04-09')).toBe(false);
    expect(attended({ status: 'absent', madeUpOn: '2026-04-10' }, '2026-04-10')).toBe(true);
  });

  it('refuses an absence without its reason, broadcast reach outside a broadcast, and a make-up before the session', () => {
    const ok = attendanceProblem({ status: 'absent', reason: 'away_work', madeUpOn: '2026-04-12' }, 'evening_school', '2026-04-10');
    expect(ok).toBeNull();
    expect(attendanceProblem({ status: 'absent', reason: null, madeUpOn: null }, 'evening_school', '2026-04-10')?.zh).toContain('原因');
    expect(attendanceProblem({ status: 'present', reason: 'sick', madeUpOn: null }, 'group_study', '2026-04-10')).not.toBeNull();
    expect(attendanceProblem({ status: 'reached', reason: null, madeUpOn: null }, 'group_study', '2026-04-10')?.zh).toContain('广播');
    expect(attendanceProblem({ status: 'reached', reason: null, madeUpOn: null }, 'broadcast', '2026-04-10')).toBeNull();
    expect(attendanceProblem({ status: 'present', reason: null, madeUpOn: '2026-04-12' }, 'group_study', '2026-04-10')).not.toBeNull();
    expect(attendanceProblem({ status: 'absent', reason: 'sick', madeUpOn: '2026-04-09' }, 'group_study', '2026-04-10')?.zh).toContain(
      '早于',
    );
  });
});

describe('coverage against the plan', () => {
  const plans = [
    { startsOn: '2026-03-01', endsOn: '2026-06-30', sessionsPerMonth: 4 },
    { startsOn: '2026-05-15', endsOn: '2026-12-31', sessionsPerMonth: 2 },
  ];

  it('owes what the plans covering the month ask for (the most), or the default', () => {
    expect(sessionsOwed('2026-04', plans, 0)).toBe(4);
    expect(sessionsOwed('2026-05', plans, 0)).toBe(4);
    expect(sessionsOwed('2026-07', plans, 0)).toBe(2);
    expect(sessionsOwed('2026-02', plans, 1)).toBe(1);
    expect(sessionsOwed('2027-01', plans, 0)).toBe(0);
  });

  it('gives held ÷ planned (at most 1) and attendance, null when there is nothing to measure', () => {
    const c = { ...emptyCoverage(), sessionsHeld: 5, sessionsPlanned: 4, attendanceRecords: 40, attended: 34, absent: 8, madeUp: 2 };
    settleOwnCoverage(c);
    expect(c.heldWithinPlan).toBe(4);
    expect(heldRate(c)).toBe(1);
    expect(attendanceRate(c)).toBe(0.85);
    expect(heldRate(emptyCoverage())).toBeNull();
    expect(attendanceRate(emptyCoverage())).toBeNull();
    expect(studyShare(c)).toBeCloseTo(0.925);
    expect(studyShare({ ...emptyCoverage(), sessionsHeld: 1, sessionsPlanned: 4, heldWithinPlan: 1 })).toBe(0.625);
  });

  it('rolls the held rate up as Σ min(held, planned) ÷ Σ planned: one branch’s extra does not cover another’s none', () => {
    const busy = { ...emptyCoverage(), sessionsHeld: 6, sessionsPlanned: 2 };
    const idle = { ...emptyCoverage(), sessionsHeld: 0, sessionsPlanned: 2 };
    const unplanned = { ...emptyCoverage(), sessionsHeld: 3, sessionsPlanned: 0 };
    for (const c of [busy, idle, unplanned]) settleOwnCoverage(c);
    const village = emptyCoverage();
    for (const c of [busy, idle, unplanned]) addCoverage(village, c);
    expect(village).toMatchObject({ sessionsHeld: 9, sessionsPlanned: 4, heldWithinPlan: 2 });
    expect(heldRate(village)).toBe(0.5);
    expect(heldRate(unplanned)).toBeNull();
    expect(studyShare(emptyCoverage())).toBe(1);
  });

  it('adds up the tree', () => {
    const a = { ...emptyCoverage(), sessionsHeld: 2, members: 10, neverReached: 1 };
    addCoverage(a, { ...emptyCoverage(), sessionsHeld: 3, members: 20, neverReached: 4 });
    expect(a).toMatchObject({ sessionsHeld: 5, members: 30, neverReached: 5 });
    expect(coverageText({ ...a, sessionsPlanned: 8, attendanceRecords: 10, attended: 9 }, 'zh', 3)).toBe(
      '开展学习 5 次（计划 8 次），参学率 90%，5 名党员近 3 个月未参学',
    );
  });

  it('looks back whole months, clamped to the month’s end', () => {
    expect(neverReachedWindowStart('2026-05-31', 3)).toBe('2026-02-28');
    expect(neverReachedWindowStart('2026-04-15', 3)).toBe('2026-01-15');
    expect(neverReachedWindowStart('2026-01-10', 1)).toBe('2025-12-10');
  });
});

describe('the study component of the ranking', () => {
  it('weighs the study share against the cadence score by their weights', () => {
    // Cadence weights sum to 120, study weight 10: (80 × 120 + 100 × 0.5 × 10) / 130.
    expect(scoreWithStudy(80, 120, 0.5, 10)).toBe(77.7);
    expect(scoreWithStudy(80, 120, 1, 10)).toBe(81.5);
    expect(scoreWithStudy(80, 120, 0.2, 0)).toBe(80);
    expect(studyFormulaText(10, 120).zh).toContain('÷ 130');
    expect(studyFormulaText(0, 120)).toEqual({ zh: '', en: '' });
  });
});

describe('the rows a study overview lists', () => {
  const rows = [0.9, null, 0.2, 0.5, 0.2, 1].map((attendanceRate, i) => ({ name: `村${i}`, attendanceRate }));
  it('keeps every row in its order up to the limit', () => {
    expect(lowestAttendanceFirst(rows, 6).map((r) => r.name)).toEqual(['村0', '村1', '村2', '村3', '村4', '村5']);
  });
  it('beyond it, the lowest attendance first, ties in the given order, none measured last', () => {
    expect(lowestAttendanceFirst(rows, 4).map((r) => r.name)).toEqual(['村2', '村4', '村3', '村0']);
    expect(lowestAttendanceFirst(rows, 5).map((r) => r.name)).toEqual(['村2', '村4', '村3', '村0', '村5']);
    expect(rows.map((r) => r.name)).toEqual(['村0', '村1', '村2', '村3', '村4', '村5']);
  });
});
