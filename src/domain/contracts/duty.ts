import { z } from 'zod';
import { DUTY_SHIFT_LABELS, DUTY_SHIFTS } from '../duty-coverage.ts';
import { IdSchema, isSingleLine, SINGLE_LINE_MESSAGE, VersionOrZeroSchema, VersionSchema } from './common.ts';
import { DateSchema } from './members.ts';
import { StudyFileSchema } from './study.ts';

/**
 * 便民服务大厅与坐班值班 API: a village's service hall (hours, open days,
 * services), its weekly duty roster, sign-ins from a phone and the coverage
 * (days staffed ÷ days due) rolled up the tree.
 */
const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);

export const DutyShiftSchema = z.enum(DUTY_SHIFTS);

export const RosterEntrySchema = z.object({
  id: z.string(),
  weekday: z.number().int().min(1).max(7),
  shift: DutyShiftSchema,
  personName: z.string(),
  userId: z.string().nullable(),
});
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

export const DutySigninSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  date: z.string(),
  at: z.string(),
  personName: z.string(),
  shift: DutyShiftSchema,
  /** The roster names the person on that weekday (false: standing in). */
  onRoster: z.boolean(),
  note: z.string().nullable(),
  photos: z.array(StudyFileSchema),
});
export type DutySignin = z.infer<typeof DutySigninSchema>;

export const DutyCoverageFiguresSchema = z.object({
  daysDue: z.number().int(),
  daysStaffed: z.number().int(),
  rate: z.number().nullable(),
  /** Due days nobody signed in on (Shanghai dates). */
  gaps: z.array(z.string()),
});

export const ServiceHallSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  /** False until the hall is set up (then the fields below are the defaults offered). */
  exists: z.boolean(),
  name: z.string(),
  openingHours: z.string(),
  openWeekdays: z.array(z.number().int()),
  services: z.array(z.string()),
  /** 0 before the hall is set up. */
  version: z.number().int(),
  roster: z.array(RosterEntrySchema),
  today: z.object({
    date: z.string(),
    weekday: z.number().int(),
    open: z.boolean(),
    /** Who the roster names for today. */
    onDuty: z.array(z.object({ personName: z.string(), shift: DutyShiftSchema, userId: z.string().nullable(), signedIn: z.boolean() })),
    signIns: z.array(DutySigninSchema),
  }),
  /** This week so far (Monday to today). */
  week: DutyCoverageFiguresSchema.extend({ weekStart: z.string() }),
  /** The reader's own sign-in today, if any. */
  mySignIn: DutySigninSchema.nullable(),
  allowedActions: z.array(z.enum(['edit', 'roster', 'signIn'])),
});
export type ServiceHall = z.infer<typeof ServiceHallSchema>;

export const HallParamsSchema = z.object({ organizationId: IdSchema });

export const UpdateServiceHallBodySchema = z.object({
  /** 0 to set the hall up. */
  version: VersionOrZeroSchema,
  name: line(40, '名称'),
  /** As it is posted: 周一至周五 8:30—12:00、14:30—18:00. */
  openingHours: line(100, '开放时间'),
  openWeekdays: z.array(z.number().int().min(1).max(7)).max(7),
  services: z.array(line(40, '服务事项')).max(40),
});
export type UpdateServiceHallBody = z.infer<typeof UpdateServiceHallBodySchema>;

const WEEKDAY_ZH = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/**
 * One person once a shift of a day: the same row twice, or 全天 beside 上午 or 下午 of the same day, was stored as
 * given (a roster of clashing rows), and the day's coverage counted what it could not mean.
 */
function refuseClashingShifts(
  entries: Array<{ weekday: number; shift: (typeof DUTY_SHIFTS)[number]; personName: string }>,
  ctx: z.RefinementCtx,
) {
  const seen = new Map<string, { shift: string; index: number }[]>();
  entries.forEach((e, index) => {
    const key = `${e.weekday}|${e.personName}`;
    const before = seen.get(key) ?? [];
    const clash = before.find((b) => b.shift === e.shift || b.shift === 'full' || e.shift === 'full');
    if (clash)
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `${WEEKDAY_ZH[e.weekday]}${e.personName}已排${DUTY_SHIFT_LABELS[clash.shift as (typeof DUTY_SHIFTS)[number]].zh}班（第 ${clash.index + 1} 行），与本行${DUTY_SHIFT_LABELS[e.shift].zh}重复 (the same person twice in one shift of a day)`,
      });
    seen.set(key, [...before, { shift: e.shift, index }]);
  });
}

export const UpdateRosterBodySchema = z.object({
  /** The hall's version (the roster is part of the hall). */
  version: VersionSchema,
  entries: z
    .array(
      z.object({
        weekday: z.number().int().min(1).max(7),
        shift: DutyShiftSchema,
        personName: line(30, '值班人员'),
        userId: IdSchema.nullable().optional(),
      }),
    )
    .max(100)
    .superRefine(refuseClashingShifts),
});
export type UpdateRosterBody = z.infer<typeof UpdateRosterBodySchema>;

export const SignInBodySchema = z.object({
  organizationId: IdSchema,
  note: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).nullable().optional(),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

/** A coverage query spans at most a year (each day of each hall in scope is looked at). */
export function withinDutyRange(from: string, to: string): boolean {
  return Date.parse(to) - Date.parse(from) <= 366 * 86_400_000;
}

export const DutyCoverageQuerySchema = z
  .object({
    organizationId: IdSchema.optional(),
    /** Shanghai dates, both inclusive (default: this month to today). */
    from: DateSchema.optional(),
    to: DateSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((q) => !q.from || !q.to || withinDutyRange(q.from, q.to), {
    message: '一次最多查看一年 (at most one year at a time)',
    path: ['to'],
  });
export type DutyCoverageQuery = z.infer<typeof DutyCoverageQuerySchema>;

export const DutyCoverageRowSchema = DutyCoverageFiguresSchema.extend({
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  depth: z.number().int(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  /** Villages (and communities) whose hall is set up, in the row's subtree. */
  halls: z.number().int(),
});

export const DutyCoverageSchema = z.object({
  from: z.string(),
  to: z.string(),
  root: DutyCoverageRowSchema,
  /**
   * The subdistricts and villages under the root, in tree order. Beyond 500 rows (a province), whole levels
   * from the top while they fit (TREE_TABLE_ROWS_MAX); ask with `organizationId` for the rows under one of them.
   */
  rows: z.array(DutyCoverageRowSchema),
  /** Deeper rows left out of `rows`; 0 when every row is there. */
  rowsLeftOut: z.number().int(),
});
export type DutyCoverage = z.infer<typeof DutyCoverageSchema>;

/** The public line on a village's portal page: today's person on duty (masked) and the opening hours. */
export interface PublicDutyLine {
  date: string;
  hallName: string;
  openToday: boolean;
  openingHours: string;
  /** "周一至周五" */
  openDays: string;
  /** Names masked to 张* (DOMAIN.md "Public disclosure"). */
  onDuty: Array<{ maskedName: string; shift: (typeof DUTY_SHIFTS)[number] }>;
}
