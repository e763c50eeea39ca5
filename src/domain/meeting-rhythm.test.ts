import { describe, expect, it } from 'vitest';
import {
  branchRhythm,
  meetingInterviewReasons,
  rhythmLateness,
  rhythmPeriodLabel,
  rhythmPeriodOf,
  rhythmPeriodsBetween,
  rhythmStatus,
  rhythmTrackedFrom,
  withMeetingRhythm,
} from './meeting-rhythm.ts';
import { DEFAULT_STUDY_RULES, StudyRulesSchema } from './study-rules.ts';

/** 23:59:59 and 00:00:00 Shanghai around a boundary, as UTC instants. */
const justBefore = (shanghaiDay: string) => new Date(Date.parse(`${shanghaiDay}T23:59:59+08:00`));
const startOf = (shanghaiDay: string) => new Date(Date.parse(`${shanghaiDay}T00:00:00+08:00`));

const monthly = (heldAt: string[], now: Date, trackedFrom = '2026-02-01') =>
  rhythmStatus({ every: 'month', heldAt, trackedFrom, now, lookbackMonths: 6 });
const quarterly = (heldAt: string[], now: Date, trackedFrom = '2026-01-01') =>
  rhythmStatus({ every: 'quarter', heldAt, trackedFrom, now, lookbackMonths: 6 });

describe('rhythm periods', () => {
  it('names months and quarters by the Shanghai calendar', () => {
    expect(rhythmPeriodOf('month', '2026-02-14')).toEqual({ key: '2026-02', firstDay: '2026-02-01', lastDay: '2026-02-28' });
    expect(rhythmPeriodOf('quarter', '2026-03-31')).toEqual({ key: '2026-Q1', firstDay: '2026-01-01', lastDay: '2026-03-31' });
    expect(rhythmPeriodOf('quarter', '2026-04-01')).toEqual({ key: '2026-Q2', firstDay: '2026-04-01', lastDay: '2026-06-30' });
    expect(rhythmPeriodOf('quarter', '2026-12-31').key).toBe('2026-Q4');
    expect(rhythmPeriodsBetween('quarter', '2025-11-15', '2026-04-01').map((p) => p.key)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(rhythmPeriodLabel('2026-Q3', 'zh')).toBe('2026年第三季度');
    expect(rhythmPeriodLabel('2026-03', 'zh')).toBe('2026年3月');
    expect(rhythmPeriodLabel('2026-Q3', 'en')).toBe('Q3 2026');
  });
});

describe('a monthly meeting across the month boundary (Shanghai time)', () => {
  it('is not missed at 23:59:59 on the last day, and is missed from 00:00 the next day', () => {
    const before = monthly(['2026-02-10T02:00:00Z'], justBefore('2026-03-31'));
    expect(before.missed).toEqual([]);
    expect(before.current).toMatchObject({ key: '2026-03', held: false, daysLeft: 0 });

    const after = monthly(['2026-02-10T02:00:00Z'], startOf('2026-04-01'));
    expect(after.missed.map((p) => p.key)).toEqual(['2026-03']);
    expect(after.missedInRow).toBe(1);
    expect(after.current).toMatchObject({ key: '2026-04', held: false, daysLeft: 29 });
  });

  it('counts a meeting in the month of its Shanghai date, not of its UTC date', () => {
    // 00:30 on 1 April in Shanghai is still 31 March in UTC: it is April's meeting, and March stays missed.
    const lateNight = '2026-03-31T16:30:00Z';
    const s = monthly(['2026-02-10T02:00:00Z', lateNight], startOf('2026-04-02'));
    expect(s.missed.map((p) => p.key)).toEqual(['2026-03']);
    expect(s.current?.held).toBe(true);
    expect(s.lastHeldOn).toBe('2026-04-01');
    // 23:30 on 31 March in Shanghai (15:30 UTC) is March's.
    expect(monthly(['2026-02-10T02:00:00Z', '2026-03-31T15:30:00Z'], startOf('2026-04-02')).missed).toEqual([]);
  });

  it('counts missed months in a row back from the last ended one', () => {
    const s = monthly(['2026-01-20T02:00:00Z'], startOf('2026-04-15'), '2026-01-01');
    expect(s.missed.map((p) => p.key)).toEqual(['2026-02', '2026-03']);
    expect(s.missedInRow).toBe(2);
    // Held in March: the run is broken even though February was missed.
    expect(monthly(['2026-01-20T02:00:00Z', '2026-03-02T02:00:00Z'], startOf('2026-04-15'), '2026-01-01').missedInRow).toBe(0);
  });

  it('owes nothing before the tracking start, nor for the month a branch was added mid-way', () => {
    const s = monthly([], startOf('2026-04-15'), '2026-02-10');
    expect(s.missed.map((p) => p.key)).toEqual(['2026-03']);
    expect(s.missedInRow).toBe(1);
    // Added on the 10th of the running month: the running month is not owed yet.
    expect(monthly([], startOf('2026-04-15'), '2026-04-10')).toMatchObject({ current: null, missed: [], missedInRow: 0 });
  });

  it('lists missed months within the lookback window only, but counts the whole run', () => {
    const s = rhythmStatus({ every: 'month', heldAt: [], trackedFrom: '2025-01-01', now: startOf('2026-04-15'), lookbackMonths: 2 });
    expect(s.missed.map((p) => p.key)).toEqual(['2026-02', '2026-03']);
    expect(s.missedInRow).toBe(15);
  });

  it('ignores meetings recorded for the future', () => {
    expect(monthly(['2026-04-20T02:00:00Z'], startOf('2026-04-15')).current?.held).toBe(false);
  });
});

describe('a quarterly meeting across the quarter boundary (Shanghai time)', () => {
  it('is due until 23:59:59 on 31 March and missed from 00:00 on 1 April', () => {
    expect(quarterly([], justBefore('2026-03-31'))).toMatchObject({ missed: [], current: { key: '2026-Q1', held: false, daysLeft: 0 } });
    const after = quarterly([], startOf('2026-04-01'));
    expect(after.missed.map((p) => p.key)).toEqual(['2026-Q1']);
    expect(after.current).toMatchObject({ key: '2026-Q2', daysLeft: 90 });
  });

  it('takes a meeting held at 00:30 on 1 July Shanghai as the third quarter’s', () => {
    const s = quarterly(['2026-02-01T02:00:00Z', '2026-04-20T02:00:00Z', '2026-06-30T16:30:00Z'], startOf('2026-07-02'));
    expect(s.missed).toEqual([]);
    expect(s.current).toMatchObject({ key: '2026-Q3', held: true });
    const missedQ2 = quarterly(['2026-02-01T02:00:00Z', '2026-06-30T16:30:00Z'], startOf('2026-07-02'));
    expect(missedQ2.missed.map((p) => p.key)).toEqual(['2026-Q2']);
  });

  it('crosses the year: the fourth quarter is missed from 1 January', () => {
    const s = quarterly(['2026-08-01T02:00:00Z'], startOf('2027-01-01'), '2026-07-01');
    expect(s.missed.map((p) => p.key)).toEqual(['2026-Q4']);
    expect(s.current?.key).toBe('2027-Q1');
  });

  it('is the same whatever the server zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(quarterly([], startOf('2026-04-01')).missed.map((p) => p.key)).toEqual(['2026-Q1']);
        expect(quarterly([], justBefore('2026-03-31')).missed).toEqual([]);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('a branch’s rhythm in RAG and interviews', () => {
  const rules = DEFAULT_STUDY_RULES;
  const green = { colour: 'green' as const, reasons: [{ code: 'on_pace' as const }] };

  it('follows the defaults: committee monthly, assembly and lesson quarterly, group meeting off', () => {
    const held = new Map([
      ['branch_committee', ['2026-01-10T02:00:00Z', '2026-02-10T02:00:00Z']],
      ['member_assembly', ['2026-01-15T02:00:00Z']],
    ] as const);
    const r = branchRhythm(held, rules.meetings, '2026-01-01', startOf('2026-04-02'));
    expect(r.branch_committee.missed.map((p) => p.key)).toEqual(['2026-03']);
    expect(r.member_assembly.missed).toEqual([]);
    expect(r.party_lesson.missed.map((p) => p.key)).toEqual(['2026-Q1']);
    expect(r.group_meeting).toMatchObject({ every: 'off', missed: [], current: null });
    const late = rhythmLateness(r, rules.rag.redMissedInRow);
    expect(late).toEqual({ missed: 2, branchesInRow: 0, longestRow: 1 });
    expect(withMeetingRhythm(green, late, rules)).toEqual({ colour: 'amber', reasons: [{ code: 'meetings_missed', count: 2 }] });
    expect(meetingInterviewReasons(late, rules)).toEqual([]);
  });

  it('turns red when one kind is missed two periods in a row, keeping only red reasons', () => {
    const r = branchRhythm(new Map(), rules.meetings, '2026-01-01', startOf('2026-04-02'));
    const late = rhythmLateness(r, 2);
    expect(late.longestRow).toBe(3);
    const amber = { colour: 'amber' as const, reasons: [{ code: 'overdue' as const, count: 1 }] };
    expect(withMeetingRhythm(amber, late, rules)).toEqual({
      colour: 'red',
      reasons: [{ code: 'meetings_missed_in_row', count: 1, inRow: 2 }],
    });
    // 3 committee meetings + 1 assembly + 1 lesson missed: an interview candidate at the default of 3.
    expect(meetingInterviewReasons(late, rules)).toEqual([{ code: 'meetings_missed', count: 5, months: 6 }]);
  });

  it('is configurable: a rule set to off owes nothing, and the thresholds can be turned off', () => {
    const custom = StudyRulesSchema.parse({
      meetings: { branch_committee: 'quarter', party_lesson: 'off' },
      rag: { amberOnMissedMeeting: false, redMissedInRow: 0 },
      interviews: { missedMeetings: 0 },
    });
    const r = branchRhythm(new Map(), custom.meetings, '2026-01-01', startOf('2026-04-02'));
    expect(r.branch_committee.missed.map((p) => p.key)).toEqual(['2026-Q1']);
    expect(r.party_lesson.missed).toEqual([]);
    const late = rhythmLateness(r, custom.rag.redMissedInRow);
    expect(late.branchesInRow).toBe(0);
    expect(withMeetingRhythm(green, late, custom)).toEqual(green);
    expect(meetingInterviewReasons(late, custom)).toEqual([]);
  });
});

describe('rhythmTrackedFrom', () => {
  it('starts at the creation, or at an earlier first meeting at most the lookback before the creation month', () => {
    expect(rhythmTrackedFrom('2026-11-06', undefined, 6)).toBe('2026-11-06');
    expect(rhythmTrackedFrom('2026-11-06', '2026-11-20', 6)).toBe('2026-11-06');
    expect(rhythmTrackedFrom('2026-11-06', '2026-10-10', 6)).toBe('2026-10-10');
    expect(rhythmTrackedFrom('2026-11-06', '2026-05-01', 6)).toBe('2026-05-01');
    expect(rhythmTrackedFrom('2026-11-06', '2026-04-30', 6)).toBe('2026-05-01');
    expect(rhythmTrackedFrom('2026-11-06', '2016-11-06', 6)).toBe('2026-05-01');
  });

  it('keeps a meeting from years back as held, without a debt for every period since', () => {
    const now = startOf('2026-12-05');
    const typo = ['2016-10-10T09:00:00+08:00'];
    const r = rhythmStatus({
      every: 'month',
      heldAt: typo,
      trackedFrom: rhythmTrackedFrom('2026-11-06', '2016-10-10', 6),
      now,
      lookbackMonths: 6,
    });
    // Owed from May 2026: May–November ended without a meeting (the window lists six of them, from June).
    expect(r.missedInRow).toBe(7);
    expect(r.lastHeldOn).toBe('2016-10-10');
  });
});
