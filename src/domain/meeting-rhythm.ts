import { addMonths, monthOfDate } from './cadence.ts';
import type { InterviewReason } from './interview-triggers.ts';
import type { RagReason, RagResult } from './rag.ts';
import type { RhythmEvery, StudyRules } from './study-rules.ts';
import { addDays, shanghaiDate } from './time.ts';

/**
 * 三会一课: the meetings a Party branch owes on a rhythm (defaults in
 * study-rules.ts: the branch committee each month, the member assembly and
 * the Party lesson each quarter). Pure and in Asia/Shanghai calendar days:
 * a meeting counts in the month (quarter) of its Shanghai date, and a period
 * is over, and its meeting missed, from 00:00 Shanghai of the day after its
 * last day — whatever the server's zone.
 */
export const MEETING_KINDS = ['branch_committee', 'member_assembly', 'group_meeting', 'party_lesson'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_LABELS = {
  branch_committee: { zh: '支部委员会', en: 'Branch committee meeting' },
  member_assembly: { zh: '支部党员大会', en: 'Member assembly' },
  group_meeting: { zh: '党小组会', en: 'Party group meeting' },
  party_lesson: { zh: '党课', en: 'Party lesson' },
} as const satisfies Record<MeetingKind, { zh: string; en: string }>;

/** A month (`2026-03`) or a quarter (`2026-Q1`) of the rhythm. */
export interface RhythmPeriod {
  key: string;
  firstDay: string;
  lastDay: string;
}

function monthPeriodOf(month: string): RhythmPeriod {
  return { key: month, firstDay: `${month}-01`, lastDay: addDays(`${addMonths(month, 1)}-01`, -1) };
}

function quarterPeriodOf(date: string): RhythmPeriod {
  const year = date.slice(0, 4);
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const first = `${year}-${String(q * 3 + 1).padStart(2, '0')}`;
  return { key: `${year}-Q${q + 1}`, firstDay: `${first}-01`, lastDay: addDays(`${addMonths(first, 3)}-01`, -1) };
}

/** The month or quarter holding a Shanghai calendar date. */
export function rhythmPeriodOf(every: Exclude<RhythmEvery, 'off'>, date: string): RhythmPeriod {
  return every === 'month' ? monthPeriodOf(monthOfDate(date)) : quarterPeriodOf(date);
}

/** The periods from the one holding `from` to the one holding `to`, oldest first. */
export function rhythmPeriodsBetween(every: Exclude<RhythmEvery, 'off'>, from: string, to: string): RhythmPeriod[] {
  const out: RhythmPeriod[] = [];
  for (let p = rhythmPeriodOf(every, from); p.firstDay <= to; p = rhythmPeriodOf(every, addDays(p.lastDay, 1))) out.push(p);
  return out;
}

export interface RhythmInput {
  every: RhythmEvery;
  /** When each meeting of the kind was held (instants; their Shanghai dates count). */
  heldAt: readonly (string | Date)[];
  /**
   * The first day the rhythm is owed (a Shanghai date): a period is owed only when it starts on or after it, so a
   * branch added mid-month owes nothing for that month. The service passes the earlier of the organization's
   * creation and its first recorded meeting.
   */
  trackedFrom: string;
  now: Date;
  /** Missed periods are listed when they ended within this many months before today. */
  lookbackMonths: number;
}

export interface RhythmStatus {
  every: RhythmEvery;
  /** The running period and whether its meeting was held yet (null when the kind is off or not yet owed). */
  current: (RhythmPeriod & { held: boolean; daysLeft: number }) | null;
  /** Ended periods in the lookback window without a meeting, oldest first. */
  missed: RhythmPeriod[];
  /** Ended periods missed in a row up to the last ended one (0 when the last ended period was held or not owed). */
  missedInRow: number;
  /** The latest meeting's Shanghai date. */
  lastHeldOn: string | null;
}

const DAY_MS = 86_400_000;

/** Where a branch stands on one kind of meeting at `now`. */
export function rhythmStatus(input: RhythmInput): RhythmStatus {
  const today = shanghaiDate(input.now);
  const days = input.heldAt.map((h) => shanghaiDate(typeof h === 'string' ? new Date(h) : h)).filter((d) => d <= today);
  const lastHeldOn = days.length ? days.reduce((a, b) => (a > b ? a : b)) : null;
  if (input.every === 'off') return { every: 'off', current: null, missed: [], missedInRow: 0, lastHeldOn };
  const every = input.every;
  const heldIn = new Set(days.map((d) => rhythmPeriodOf(every, d).key));
  const owed = (p: RhythmPeriod) => p.firstDay >= input.trackedFrom || heldIn.has(p.key);

  const running = rhythmPeriodOf(every, today);
  const current = owed(running)
    ? {
        ...running,
        held: heldIn.has(running.key),
        daysLeft: Math.round((Date.parse(running.lastDay) - Date.parse(today)) / DAY_MS),
      }
    : null;

  // Every ended period from the window's start (or the tracking start) to the last one before today.
  const windowStart = `${addMonths(monthOfDate(today), -input.lookbackMonths)}-01`;
  const ended =
    input.trackedFrom <= addDays(running.firstDay, -1)
      ? rhythmPeriodsBetween(every, input.trackedFrom < windowStart ? windowStart : input.trackedFrom, addDays(running.firstDay, -1))
      : [];
  const missed = ended.filter((p) => p.lastDay >= windowStart && owed(p) && !heldIn.has(p.key));

  let missedInRow = 0;
  for (let p = rhythmPeriodOf(every, addDays(running.firstDay, -1)); owed(p) && !heldIn.has(p.key);) {
    missedInRow++;
    p = rhythmPeriodOf(every, addDays(p.firstDay, -1));
  }
  return { every, current, missed, missedInRow, lastHeldOn };
}

/**
 * The first day a branch's rhythm is owed: its creation, or its first recorded meeting when that is earlier (a
 * branch that records an October meeting owes November), but never more than `lookbackMonths` before the month it
 * was created. A meeting dated further back (a mistyped year, minutes of years ago entered now) still counts as
 * held; it no longer makes the branch owe every period since, which turned it red and made it an interview
 * candidate.
 */
export function rhythmTrackedFrom(created: string, firstHeld: string | undefined, lookbackMonths: number): string {
  if (!firstHeld || firstHeld >= created) return created;
  const floor = `${addMonths(monthOfDate(created), -lookbackMonths)}-01`;
  return firstHeld < floor ? floor : firstHeld;
}

/** A branch's rhythm over every kind. */
export function branchRhythm(
  held: ReadonlyMap<MeetingKind, readonly (string | Date)[]>,
  rules: StudyRules['meetings'],
  trackedFrom: string,
  now: Date,
): Record<MeetingKind, RhythmStatus> {
  return Object.fromEntries(
    MEETING_KINDS.map((kind) => [
      kind,
      rhythmStatus({ every: rules[kind], heldAt: held.get(kind) ?? [], trackedFrom, now, lookbackMonths: rules.lookbackMonths }),
    ]),
  ) as Record<MeetingKind, RhythmStatus>;
}

/** What RAG and the interview candidates count of a subtree's rhythm. */
export interface RhythmLateness {
  /** Missed meetings (kind × period) in the lookback window, over the subtree's branches. */
  missed: number;
  /** Branches with a kind missed at least the red number of periods in a row. */
  branchesInRow: number;
  /** The longest such run. */
  longestRow: number;
}

/** Sums one branch's rhythm into a lateness record (the service adds it to every ancestor). */
export function rhythmLateness(rhythm: Record<MeetingKind, RhythmStatus>, redMissedInRow: number): RhythmLateness {
  const all = Object.values(rhythm);
  const longestRow = Math.max(0, ...all.map((s) => s.missedInRow));
  return {
    missed: all.reduce((n, s) => n + s.missed.length, 0),
    branchesInRow: redMissedInRow > 0 && longestRow >= redMissedInRow ? 1 : 0,
    longestRow,
  };
}

export function addLateness(a: RhythmLateness, b: RhythmLateness): RhythmLateness {
  return {
    missed: a.missed + b.missed,
    branchesInRow: a.branchesInRow + b.branchesInRow,
    longestRow: Math.max(a.longestRow, b.longestRow),
  };
}

/**
 * How the meeting rhythm weighs in RAG (documented in docs/ARCHITECTURE.md, "The regular Party life"):
 * a branch in the subtree that missed one kind of meeting `redMissedInRow` periods in a row makes the
 * organization red; any missed meeting within the lookback window makes a green organization amber.
 * As with problems, a red organization shows only its red reasons.
 */
export function withMeetingRhythm(result: RagResult, lateness: RhythmLateness | undefined, rules: StudyRules): RagResult {
  if (!lateness || lateness.missed === 0) return result;
  if (lateness.branchesInRow > 0) {
    const reason: RagReason = { code: 'meetings_missed_in_row', count: lateness.branchesInRow, inRow: rules.rag.redMissedInRow };
    return { colour: 'red', reasons: [...(result.colour === 'red' ? result.reasons : []), reason] };
  }
  if (!rules.rag.amberOnMissedMeeting || result.colour === 'red') return result;
  const reason: RagReason = { code: 'meetings_missed', count: lateness.missed };
  return result.colour === 'amber' ? { colour: 'amber', reasons: [...result.reasons, reason] } : { colour: 'amber', reasons: [reason] };
}

/** The interview trigger: `missedMeetings` or more meetings missed in the lookback window (0 turns it off). */
export function meetingInterviewReasons(lateness: RhythmLateness | undefined, rules: StudyRules): InterviewReason[] {
  const min = rules.interviews.missedMeetings;
  if (!lateness || min === 0 || lateness.missed < min) return [];
  return [{ code: 'meetings_missed', count: lateness.missed, months: rules.meetings.lookbackMonths }];
}

/** "2026年3月" / "2026年第一季度" */
export function rhythmPeriodLabel(key: string, lang: 'zh' | 'en'): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return lang === 'zh' ? `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度` : `Q${q[2]} ${q[1]}`;
  return lang === 'zh' ? `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月` : key;
}
