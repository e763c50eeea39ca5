import { addMonths, monthOfDate } from './cadence.ts';
import { addDays } from './time.ts';

/**
 * 两学一做: study sessions, attendance and the coverage a branch reaches
 * against its study plan. Pure; the server gathers the rows
 * (src/server/modules/study) and this file counts them.
 */

/** 自学 / 集中学习 / 专题党课 / 夜校 / 广播学习 / 观摩学习 / 讨论 */
export const STUDY_SESSION_KINDS = [
  'self_study',
  'group_study',
  'party_lecture',
  'evening_school',
  'broadcast',
  'tour',
  'discussion',
] as const;
export type StudySessionKind = (typeof STUDY_SESSION_KINDS)[number];

export const STUDY_SESSION_KIND_LABELS = {
  self_study: { zh: '自学', en: 'Self-study' },
  group_study: { zh: '集中学习', en: 'Group study' },
  party_lecture: { zh: '专题党课', en: 'Party lecture' },
  evening_school: { zh: '夜校', en: 'Evening school' },
  broadcast: { zh: '广播学习', en: 'Broadcast lesson' },
  tour: { zh: '观摩学习', en: 'Study tour' },
  discussion: { zh: '讨论', en: 'Discussion' },
} as const satisfies Record<StudySessionKind, { zh: string; en: string }>;

/** Attendance of one member at one session. `reached` is for broadcast lessons only (a member away who listened). */
export const ATTENDANCE_STATUSES = ['present', 'absent', 'reached'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_STATUS_LABELS = {
  present: { zh: '出席', en: 'Present' },
  absent: { zh: '缺席', en: 'Absent' },
  reached: { zh: '收听广播', en: 'Reached by broadcast' },
} as const satisfies Record<AttendanceStatus, { zh: string; en: string }>;

/** 病假 / 外出务工 / 其他 */
export const ABSENCE_REASONS = ['sick', 'away_work', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export const ABSENCE_REASON_LABELS = {
  sick: { zh: '病假', en: 'Sick leave' },
  away_work: { zh: '外出务工', en: 'Working away' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<AbsenceReason, { zh: string; en: string }>;

export interface AttendanceFacts {
  status: AttendanceStatus;
  /** 补学: the day an absent member made the session up (a Shanghai date), null when not (yet). */
  madeUpOn: string | null;
}

/**
 * A member counts as reached by a session when present, when reached by its broadcast, or once they made it
 * up (补学) by `asOfDay`.
 */
export function attended(a: AttendanceFacts, asOfDay: string): boolean {
  return a.status === 'present' || a.status === 'reached' || (a.madeUpOn !== null && a.madeUpOn <= asOfDay);
}

/** Why an attendance entry cannot be saved as it is (null: it can). */
export function attendanceProblem(
  a: { status: AttendanceStatus; reason: AbsenceReason | null; madeUpOn: string | null },
  sessionKind: StudySessionKind,
  sessionDay: string,
): { zh: string; en: string } | null {
  if (a.status === 'absent' && !a.reason) return { zh: '缺席须注明原因（病假、外出务工或其他）', en: 'an absence needs its reason' };
  if (a.status !== 'absent' && a.reason) return { zh: '只有缺席才填写原因', en: 'only an absence has a reason' };
  if (a.status === 'reached' && sessionKind !== 'broadcast')
    return { zh: '只有广播学习可以标记为“收听广播”', en: 'only a broadcast lesson reaches members by broadcast' };
  if (a.madeUpOn !== null && a.status !== 'absent') return { zh: '只有缺席的党员需要补学', en: 'only an absent member makes a session up' };
  if (a.madeUpOn !== null && a.madeUpOn < sessionDay) return { zh: '补学日期不能早于学习日期', en: 'a make-up cannot precede the session' };
  return null;
}

/** The counts of one period for one branch (or summed over a subtree). */
export interface StudyCoverage {
  /** Sessions held in the period. */
  sessionsHeld: number;
  /** Sessions the plan (or the default) asks for in the period's months. */
  sessionsPlanned: number;
  /**
   * Sessions held that the plan asked for: min(held, planned) of each organization, then summed, so a
   * branch that held extra does not make up for one that held nothing.
   */
  heldWithinPlan: number;
  /** Attendance entries of the period's sessions, and how many of them attended (present, reached, made up). */
  attendanceRecords: number;
  attended: number;
  absent: number;
  madeUp: number;
  /** Members in the register at the period's end, and those never reached in the window before it. */
  members: number;
  neverReached: number;
}

export function emptyCoverage(): StudyCoverage {
  return {
    sessionsHeld: 0,
    sessionsPlanned: 0,
    heldWithinPlan: 0,
    attendanceRecords: 0,
    attended: 0,
    absent: 0,
    madeUp: 0,
    members: 0,
    neverReached: 0,
  };
}

export function addCoverage(a: StudyCoverage, b: StudyCoverage): void {
  for (const k of Object.keys(a) as (keyof StudyCoverage)[]) a[k] += b[k];
}

/** An organization's own counts complete: what it held within its own plan. */
export function settleOwnCoverage(c: StudyCoverage): void {
  c.heldWithinPlan = Math.min(c.sessionsHeld, c.sessionsPlanned);
}

/**
 * Sessions held within plan ÷ planned (Σ min(held, planned) ÷ Σ planned over a subtree's organizations), at most 1;
 * null when nothing was planned.
 */
export function heldRate(c: Pick<StudyCoverage, 'heldWithinPlan' | 'sessionsPlanned'>): number | null {
  return c.sessionsPlanned === 0 ? null : Math.min(1, c.heldWithinPlan / c.sessionsPlanned);
}

/** Attended ÷ attendance entries; null without entries. */
export function attendanceRate(c: Pick<StudyCoverage, 'attended' | 'attendanceRecords'>): number | null {
  return c.attendanceRecords === 0 ? null : c.attended / c.attendanceRecords;
}

/**
 * The study component of the monthly ranking (documented in docs/ARCHITECTURE.md):
 * ½ × held rate (Σ min(held, planned) ÷ Σ planned over the village's branches) + ½ × attendance rate, a part with
 * nothing to measure counting as 1.
 */
export function studyShare(c: StudyCoverage): number {
  return ((heldRate(c) ?? 1) + (attendanceRate(c) ?? 1)) / 2;
}

/**
 * The monthly score with the study component blended in: the cadence score (0–100 over the cadence weights,
 * src/domain/ranking.ts) and 100 × studyShare weighed against each other by their weights, one decimal.
 * A weight of 0 leaves the score as it was.
 */
export function scoreWithStudy(baseScore: number, baseWeightSum: number, share: number, weight: number): number {
  if (weight <= 0) return baseScore;
  return Math.round((10 * (baseScore * baseWeightSum + 100 * share * weight)) / (baseWeightSum + weight)) / 10;
}

/** The study component in words, appended to the ranking's score formula. */
export function studyFormulaText(weight: number, baseWeightSum: number): { zh: string; en: string } {
  if (weight <= 0) return { zh: '', en: '' };
  return {
    zh:
      `含学习教育一项：最终得分 =（上式得分 × ${baseWeightSum} + 100 × 学习得分率 × ${weight}）÷ ${baseWeightSum + weight}；` +
      `学习得分率 = ½ × 计划完成率（各党支部 min(本月开展学习次数, 学习计划要求次数) 之和 ÷ 学习计划要求次数之和）+ ½ × 参学率（出席、收听广播或已补学 ÷ 应参学人次）。`,
    en:
      `With the study component: final score = (the score above × ${baseWeightSum} + 100 × study share × ${weight}) ÷ ${baseWeightSum + weight}; ` +
      `study share = ½ × plan completion (the sum over branches of min(sessions held in the month, sessions the plan asks for) ÷ the sum of sessions asked for) + ½ × attendance rate (present, reached by broadcast or made up ÷ expected).`,
  };
}

/** A study plan as the coverage sees it. */
export interface PlanFacts {
  startsOn: string;
  endsOn: string;
  sessionsPerMonth: number;
}

/**
 * Sessions a branch owes in a month: the most any plan covering part of the month asks for, or the default
 * when no plan covers it.
 */
export function sessionsOwed(month: string, plans: readonly PlanFacts[], defaultPerMonth: number): number {
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const covering = plans.filter((p) => p.startsOn <= last && p.endsOn >= first);
  return covering.length ? Math.max(...covering.map((p) => p.sessionsPerMonth)) : defaultPerMonth;
}

/** The first day of the window in which a member must have been reached: `months` months before `asOfDay`. */
export function neverReachedWindowStart(asOfDay: string, months: number): string {
  const month = addMonths(monthOfDate(asOfDay), -months);
  const day = Number(asOfDay.slice(8, 10));
  // The same day of the month, clamped to that month's last day (31 May − 3 months = 28/29 February).
  const last = Number(addDays(`${addMonths(month, 1)}-01`, -1).slice(8, 10));
  return `${month}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** "开展学习 5 次（计划 4 次）、参学率 92.3%、3 名党员近 3 个月未参学" */
export function coverageText(c: StudyCoverage, lang: 'zh' | 'en', months: number): string {
  return lang === 'zh'
    ? `开展学习 ${c.sessionsHeld} 次（计划 ${c.sessionsPlanned} 次），参学率 ${pct(attendanceRate(c))}，${c.neverReached} 名党员近 ${months} 个月未参学`
    : `${c.sessionsHeld} session(s) held (${c.sessionsPlanned} planned), attendance ${pct(attendanceRate(c))}, ${c.neverReached} member(s) not reached in ${months} months`;
}

/**
 * The rows a study overview lists: every one, in the order given, when there are at most `max`; beyond (a
 * province's 20,000 villages), the `max` with the lowest attendance first (none measured last), ties in the order
 * given.
 */
export function lowestAttendanceFirst<T extends { attendanceRate: number | null }>(rows: readonly T[], max: number): T[] {
  if (rows.length <= max) return [...rows];
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.attendanceRate ?? 2) - (b.r.attendanceRate ?? 2) || a.i - b.i)
    .slice(0, max)
    .map((x) => x.r);
}
