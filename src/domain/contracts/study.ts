import { z } from 'zod';
import { isMonth } from '../cadence.ts';
import { MEETING_KINDS } from '../meeting-rhythm.ts';
import { ABSENCE_REASONS, ATTENDANCE_STATUSES, STUDY_SESSION_KINDS } from '../study-coverage.ts';
import { DEFAULT_STUDY_RULES, RHYTHM_EVERY, StudyRulesSchema } from '../study-rules.ts';
import {
  IdSchema,
  instantSchema,
  isSingleLine,
  pageOf,
  PageQuerySchema,
  requireEveryKey,
  SINGLE_LINE_MESSAGE,
  VersionOrZeroSchema,
  VersionSchema,
} from './common.ts';
import { DateSchema, ProgramDateSchema } from './members.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

/** 两学一做 API: study plans, sessions with attendance, files, coverage rolled up the tree, the dashboard's card, the rules. */

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) => z.string().trim().max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);
/** An instant with its zone, e.g. 2026-12-03T19:30:00+08:00 or …Z, from 2000 to 2999. */
export const InstantSchema = instantSchema('2026-12-03T19:30:00+08:00');
const MonthSchema = z
  .string()
  .refine(isMonth, '月份应为 2000 至 2999 年间的 YYYY-MM，如 2026-11 (a month from 2000 to 2999, like 2026-11)');

export const StudySessionKindSchema = z.enum(STUDY_SESSION_KINDS);

// ── Plans ───────────────────────────────────────────────────────────────────

export const StudyPlanSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** 学党章党规、学系列讲话 … */
  topics: z.array(z.string()),
  /** The session kinds the plan uses. */
  forms: z.array(StudySessionKindSchema),
  sessionsPerMonth: z.number().int(),
  note: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type StudyPlan = z.infer<typeof StudyPlanSchema>;

/** Paged like every list (a district's branches keep a plan a year, for years): `total` says how many there are. */
export const StudyPlanListQuerySchema = PageQuerySchema.extend({ organizationId: IdSchema.optional() });
export type StudyPlanListQuery = z.infer<typeof StudyPlanListQuerySchema>;
export const StudyPlanListSchema = pageOf(StudyPlanSchema).extend({ canRecord: z.boolean() });
export type StudyPlanList = z.infer<typeof StudyPlanListSchema>;

const PlanFields = {
  title: line(60, '计划名称'),
  startsOn: ProgramDateSchema,
  endsOn: ProgramDateSchema,
  topics: z
    .array(line(60, '学习专题'))
    .min(1, '至少填写一个学习专题')
    .max(20)
    .refine((ts) => new Set(ts).size === ts.length, '学习专题重复，每个专题填写一次 (a topic is listed once)'),
  forms: z.array(StudySessionKindSchema).min(1, '至少选择一种学习形式').max(STUDY_SESSION_KINDS.length),
  sessionsPerMonth: z.number().int().min(0).max(31),
  note: text(500, '说明').nullable().optional(),
};
const datesInOrder = (b: { startsOn?: string; endsOn?: string }) => !b.startsOn || !b.endsOn || b.startsOn <= b.endsOn;
const ORDER_MESSAGE = { message: '结束日期不能早于开始日期 (the plan ends before it starts)', path: ['endsOn'] };

export const CreateStudyPlanBodySchema = z.object({ organizationId: IdSchema, ...PlanFields }).refine(datesInOrder, ORDER_MESSAGE);
export type CreateStudyPlanBody = z.infer<typeof CreateStudyPlanBodySchema>;
export const UpdateStudyPlanBodySchema = z
  .object({
    version: VersionSchema,
    title: PlanFields.title.optional(),
    startsOn: ProgramDateSchema.optional(),
    endsOn: ProgramDateSchema.optional(),
    topics: PlanFields.topics.optional(),
    forms: PlanFields.forms.optional(),
    sessionsPerMonth: PlanFields.sessionsPerMonth.optional(),
    note: PlanFields.note,
  })
  .refine(datesInOrder, ORDER_MESSAGE);
export type UpdateStudyPlanBody = z.infer<typeof UpdateStudyPlanBodySchema>;

// ── Sessions and attendance ────────────────────────────────────────────────

export const AttendanceEntrySchema = z.object({
  memberId: IdSchema,
  status: z.enum(ATTENDANCE_STATUSES),
  /** Required for an absence: 病假 / 外出务工 / 其他. */
  reason: z.enum(ABSENCE_REASONS).nullable().optional(),
  note: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).nullable().optional(),
  /** 补学: the day an absent member made the session up. */
  madeUpOn: ProgramDateSchema.nullable().optional(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntrySchema>;

export const AttendanceRowSchema = z.object({
  memberId: z.string(),
  memberName: z.string(),
  worksAway: z.boolean(),
  status: z.enum(ATTENDANCE_STATUSES),
  reason: z.enum(ABSENCE_REASONS).nullable(),
  note: z.string().nullable(),
  madeUpOn: z.string().nullable(),
  /** Present, reached by the broadcast, or made up. */
  attended: z.boolean(),
});
export type AttendanceRow = z.infer<typeof AttendanceRowSchema>;

export const STUDY_FILE_PURPOSES = ['material', 'photo', 'recording', 'duty_photo'] as const;

export const StudyFileSchema = z.object({
  id: z.string(),
  purpose: z.enum(STUDY_FILE_PURPOSES),
  originalName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  isImage: z.boolean(),
  isAudio: z.boolean(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
});
export type StudyFile = z.infer<typeof StudyFileSchema>;

/** Multipart fields before the file: a session (material, photo, recording) or a duty sign-in (its photo). */
export const StudyFileFieldsSchema = z
  .object({
    sessionId: IdSchema.optional(),
    signinId: IdSchema.optional(),
    purpose: z.enum(STUDY_FILE_PURPOSES),
  })
  .refine((f) => [f.sessionId, f.signinId].filter(Boolean).length === 1, {
    message: '请指定所属学习活动 (sessionId) 或值班签到 (signinId) 之一',
  })
  .refine((f) => (f.signinId ? f.purpose === 'duty_photo' : f.purpose !== 'duty_photo'), {
    message: '值班签到只上传签到照片 (duty_photo)，学习活动上传材料、照片或录音',
    path: ['purpose'],
  });
export type StudyFileFields = z.infer<typeof StudyFileFieldsSchema>;

export const AttendanceCountsSchema = z.object({
  members: z.number().int(),
  present: z.number().int(),
  absent: z.number().int(),
  reached: z.number().int(),
  madeUp: z.number().int(),
});
export type AttendanceCounts = z.infer<typeof AttendanceCountsSchema>;

export const StudySessionSummarySchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  kind: StudySessionKindSchema,
  startsAt: z.string(),
  place: z.string(),
  speaker: z.string().nullable(),
  topic: z.string(),
  playsCount: z.number().int().nullable(),
  counts: AttendanceCountsSchema,
  hasRecording: z.boolean(),
});
export type StudySessionSummary = z.infer<typeof StudySessionSummarySchema>;

export const StudySessionSchema = StudySessionSummarySchema.extend({
  planId: z.string().nullable(),
  summary: z.string().nullable(),
  attendance: z.array(AttendanceRowSchema),
  files: z.array(StudyFileSchema),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['edit', 'attendance', 'upload'])),
});
export type StudySession = z.infer<typeof StudySessionSchema>;

export const StudySessionListQuerySchema = PageQuerySchema.extend({
  organizationId: IdSchema.optional(),
  kind: StudySessionKindSchema.optional(),
  /** Shanghai dates, both inclusive. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});
export type StudySessionListQuery = z.infer<typeof StudySessionListQuerySchema>;
export const StudySessionListSchema = pageOf(StudySessionSummarySchema).extend({ canRecord: z.boolean() });
export type StudySessionList = z.infer<typeof StudySessionListSchema>;

const SessionFields = {
  kind: StudySessionKindSchema,
  startsAt: InstantSchema,
  place: line(60, '地点'),
  /** e.g. a lecturer of the municipal Party school (市委党校). */
  speaker: line(40, '主讲人').nullable().optional(),
  topic: line(100, '学习内容'),
  summary: text(2000, '学习情况').nullable().optional(),
  /** Broadcast lessons: how often the recording was played. */
  playsCount: z.number().int().min(0).max(10_000).nullable().optional(),
};

export const CreateStudySessionBodySchema = z.object({
  organizationId: IdSchema,
  ...SessionFields,
  planId: IdSchema.nullable().optional(),
  /** Every member of the branch not listed is recorded present. */
  attendance: z.array(AttendanceEntrySchema).max(1000).default([]),
});
export type CreateStudySessionBody = z.infer<typeof CreateStudySessionBodySchema>;

export const UpdateStudySessionBodySchema = z.object({
  version: VersionSchema,
  kind: SessionFields.kind.optional(),
  startsAt: SessionFields.startsAt.optional(),
  place: SessionFields.place.optional(),
  speaker: SessionFields.speaker,
  topic: SessionFields.topic.optional(),
  summary: SessionFields.summary,
  playsCount: SessionFields.playsCount,
});
export type UpdateStudySessionBody = z.infer<typeof UpdateStudySessionBodySchema>;

export const RecordAttendanceBodySchema = z.object({
  version: VersionSchema,
  /** The entries to change (members not listed keep theirs). */
  entries: z.array(AttendanceEntrySchema).min(1).max(1000),
});
export type RecordAttendanceBody = z.infer<typeof RecordAttendanceBodySchema>;

// ── Coverage rolled up the tree ──────────────────────────────────────────────

export const CoverageFiguresSchema = z.object({
  sessionsHeld: z.number().int(),
  sessionsPlanned: z.number().int(),
  /** min(1, held ÷ planned); null when nothing was planned. */
  heldRate: z.number().nullable(),
  attendanceRecords: z.number().int(),
  attended: z.number().int(),
  absent: z.number().int(),
  madeUp: z.number().int(),
  /** attended ÷ records; null without records. */
  attendanceRate: z.number().nullable(),
  members: z.number().int(),
  /** Members not reached by any session in the rules' window (default 3 months). */
  neverReached: z.number().int(),
  /** 三会一课 missed within the lookback window. */
  meetingsMissed: z.number().int(),
  /** 坐班值班 in the period: days due, staffed, and the rate. */
  dutyDaysDue: z.number().int(),
  dutyDaysStaffed: z.number().int(),
  dutyRate: z.number().nullable(),
});
export type CoverageFigures = z.infer<typeof CoverageFiguresSchema>;

export const CoverageRowSchema = CoverageFiguresSchema.extend({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  depth: z.number().int(),
});
export type CoverageRow = z.infer<typeof CoverageRowSchema>;

export const CoverageQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  /** Default: the running month. */
  month: MonthSchema.optional(),
});
export type CoverageQuery = z.infer<typeof CoverageQuerySchema>;

export const NeverReachedMemberSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  organizationName: z.string(),
  worksAway: z.boolean(),
});

export const StudyCoverageSchema = z.object({
  month: z.string(),
  running: z.boolean(),
  /** The day the figures are as at (the month's last day, or today). */
  asAt: z.string(),
  /** The instant they were computed: now in a district; in a province up to a minute earlier (assessment-cache.ts). */
  figuresAt: z.string(),
  neverReachedMonths: z.number().int(),
  root: CoverageRowSchema,
  /**
   * The organizations under the root (subdistricts, villages, branches), in tree order. Beyond 500 rows (a
   * province), whole levels from the top while they fit (TREE_TABLE_ROWS_MAX); ask with `organizationId` for
   * the rows under one of them.
   */
  rows: z.array(CoverageRowSchema),
  /** Deeper rows left out of `rows`; 0 when every row is there. */
  rowsLeftOut: z.number().int(),
  /** Members never reached in the root's subtree (at most 200), for a village or branch. */
  neverReached: z.array(NeverReachedMemberSchema),
});
export type StudyCoverage = z.infer<typeof StudyCoverageSchema>;

// ── The weekly snapshot (一周一统计) ──────────────────────────────────────────

export const StudyWeekQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  /** A Monday; default: the last completed week. */
  week: DateSchema.optional(),
});
export type StudyWeekQuery = z.infer<typeof StudyWeekQuerySchema>;

export const StudyWeekRowSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  depth: z.number().int(),
  /** Sessions held in the week, in its month up to the week's end, and planned for that month. */
  sessionsWeek: z.number().int(),
  sessionsMonth: z.number().int(),
  sessionsPlannedMonth: z.number().int(),
  attendanceRecords: z.number().int(),
  attended: z.number().int(),
  attendanceRate: z.number().nullable(),
  members: z.number().int(),
  neverReached: z.number().int(),
  meetingsMissed: z.number().int(),
  dutyDaysDue: z.number().int(),
  dutyDaysStaffed: z.number().int(),
  dutyRate: z.number().nullable(),
});

export const StudyWeekSchema = z.object({
  week: z.string(),
  /** False until the weekly snapshot job froze the week. */
  frozen: z.boolean(),
  rows: z.array(StudyWeekRowSchema),
});
export type StudyWeek = z.infer<typeof StudyWeekSchema>;

// ── The dashboard's card ─────────────────────────────────────────────────────

export const MissedMeetingSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  villageName: z.string().nullable(),
  kind: z.enum(MEETING_KINDS),
  period: z.string(),
  periodZh: z.string(),
  periodEn: z.string(),
});
export type MissedMeeting = z.infer<typeof MissedMeetingSchema>;

export const DueMeetingSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.enum(MEETING_KINDS),
  period: z.string(),
  periodZh: z.string(),
  periodEn: z.string(),
  daysLeft: z.number().int(),
});

export const DutyGapRowSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  parentName: z.string().nullable(),
  daysDue: z.number().int(),
  daysStaffed: z.number().int(),
  gaps: z.array(z.string()),
});
export type DutyGapRow = z.infer<typeof DutyGapRowSchema>;

/** Rows a study overview lists of its villages and of the week's duty (a district's 16 fit; a province's 20,000 do not). */
export const STUDY_OVERVIEW_ROWS = 100;

export const StudyOverviewQuerySchema = z.object({ organizationId: IdSchema.optional() });
export type StudyOverviewQuery = z.infer<typeof StudyOverviewQuerySchema>;

export const StudyBranchSchema = z.object({ id: z.string(), name: z.string(), parentName: z.string().nullable(), canRecord: z.boolean() });

export const StudyOverviewSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  month: z.string(),
  today: z.string(),
  /** The instant the month's figures were computed: now in a district; in a province up to a minute earlier. */
  figuresAt: z.string(),
  /** This month to date over the subtree. */
  coverage: CoverageFiguresSchema,
  /**
   * Villages (and communities) of the subtree, this month to date: in tree order when there are at most
   * STUDY_OVERVIEW_ROWS; beyond (a province), that many with the lowest attendance first (the coverage page has all).
   */
  villages: z.array(CoverageRowSchema),
  /** Villages (and communities) in the subtree, shown or not. */
  villagesTotal: z.number().int(),
  /** Missed meetings of 三会一课 in the lookback window, newest first (at most 50). */
  missedMeetings: z.array(MissedMeetingSchema),
  /** Meetings of the running period not yet held, soonest due first (at most 50). */
  dueMeetings: z.array(DueMeetingSchema),
  /**
   * This week's duty: per hall, days due, staffed and the gap days, those with the most gaps first (at most
   * STUDY_OVERVIEW_ROWS); the days and `withGaps` count every hall.
   */
  dutyWeek: z.object({
    weekStart: z.string(),
    rows: z.array(DutyGapRowSchema),
    daysDue: z.number().int(),
    daysStaffed: z.number().int(),
    /** Halls with a gap this week, shown or not. */
    withGaps: z.number().int(),
  }),
  /** Branches in scope (for recording), and the reader's own duty today (null when there is no hall to sign in at). */
  branches: z.array(StudyBranchSchema),
  duty: z
    .object({
      organizationId: z.string(),
      organizationName: z.string(),
      openToday: z.boolean(),
      onDutyToday: z.array(z.string()),
      signedInAt: z.string().nullable(),
      /** The reader has a line in today's roster; a sign-in without one is recorded as a stand-in's (代班). */
      rosteredToday: z.boolean(),
      /** The reader's sign-in today was a stand-in's. */
      signedInAsStandIn: z.boolean(),
      canSignIn: z.boolean(),
    })
    .nullable(),
  canRecord: z.boolean(),
});
export type StudyOverview = z.infer<typeof StudyOverviewSchema>;

// ── The rules ────────────────────────────────────────────────────────────────

export const StudySettingsSchema = z.object({
  rules: StudyRulesSchema,
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type StudySettings = z.infer<typeof StudySettingsSchema>;

export const UpdateStudySettingsBodySchema = z.object({
  version: VersionOrZeroSchema,
  // Every rule, as read (GET /api/study/settings gives them all): one left out is refused, not reset to its default.
  rules: z.preprocess(requireEveryKey(DEFAULT_STUDY_RULES), StudyRulesSchema),
});
export type UpdateStudySettingsBody = z.infer<typeof UpdateStudySettingsBodySchema>;

export const RhythmEverySchema = z.enum(RHYTHM_EVERY);

// ── The weekly report (一周一汇报) ─────────────────────────────────────────────

/** What a unit's weekly report shows of its Party life for its week (sessions, attendance, 三会一课, duty). */
export const StudyReportFiguresSchema = z.object({
  sessionsWeek: z.number().int(),
  sessionsMonth: z.number().int(),
  sessionsPlannedMonth: z.number().int(),
  attendanceRecords: z.number().int(),
  attended: z.number().int(),
  members: z.number().int(),
  neverReached: z.number().int(),
  meetingsMissed: z.number().int(),
  dutyDaysDue: z.number().int(),
  dutyDaysStaffed: z.number().int(),
});
export type StudyReportFigures = z.infer<typeof StudyReportFiguresSchema>;

// ── The monthly circular (一月一通报) ──────────────────────────────────────────

/** The circular's study annex (src/domain/study-circular.ts CircularStudyAnnex), frozen with the circular's annexes. */
export const CircularStudyAnnexSchema = z.object({
  month: z.string(),
  branches: z.number().int(),
  sessionsHeld: z.number().int(),
  sessionsPlanned: z.number().int(),
  byKind: z.partialRecord(StudySessionKindSchema, z.number().int()),
  attendanceRecords: z.number().int(),
  attended: z.number().int(),
  members: z.number().int(),
  neverReached: z.number().int(),
  neverReachedMonths: z.number().int(),
  behindPlan: z.array(z.string()),
  missedMeetings: z.array(z.object({ organization: z.string(), kind: z.enum(MEETING_KINDS), period: z.string() })),
  duty: z.object({
    daysDue: z.number().int(),
    daysStaffed: z.number().int(),
    gaps: z.array(z.object({ organization: z.string(), days: z.number().int() })),
  }),
  tours: z.array(z.object({ title: z.string(), date: z.string(), destination: z.string(), participants: z.number().int() })),
});
