import { z } from 'zod';
import { isPhoneText } from '../member-sheet.ts';
import { isCalendarDate, isProgramDate } from '../time.ts';
import {
  IdSchema,
  isSingleLine,
  pageOf,
  PROGRAM_DATE_MESSAGE,
  PageQuerySchema,
  QueryBoolSchema,
  SINGLE_LINE_MESSAGE,
  VersionSchema,
} from './common.ts';

/**
 * 党员名册 API: a branch's members. The phone is never public: it is sent
 * only to readers holding member.phone over the branch (`phone: null` and
 * `phoneHidden: true` otherwise), and the Excel export leaves its column out
 * for them.
 */
export const MEMBER_GENDERS = ['male', 'female'] as const;
export const MEMBER_STATUSES = ['full', 'probationary'] as const;

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
export const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-04-08)');
/** A day of the program's work (a plan's span, a tour, a make-up session): a calendar date from 2000 to 2999. */
export const ProgramDateSchema = DateSchema.refine(isProgramDate, PROGRAM_DATE_MESSAGE);
const PhoneSchema = z.string().trim().refine(isPhoneText, '电话号码应为 5–20 位数字，可含空格或短横线 (a phone number of 5–20 digits)');
const NoteSchema = z.string().trim().max(200, '备注最多 200 字').refine(isSingleLine, SINGLE_LINE_MESSAGE);

export const PartyMemberSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  name: z.string(),
  gender: z.enum(MEMBER_GENDERS),
  joinedOn: z.string().nullable(),
  status: z.enum(MEMBER_STATUSES),
  /** 流动党员: works away from the village. */
  worksAway: z.boolean(),
  /** Only for readers holding member.phone over the branch; null otherwise or when none was given. */
  phone: z.string().nullable(),
  /** True when a phone is on file that this reader may not see. */
  phoneHidden: z.boolean(),
  note: z.string().nullable(),
  /** Left the register (转出 …) on this day; kept for the attendance history. */
  leftOn: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type PartyMember = z.infer<typeof PartyMemberSchema>;

export const MemberListQuerySchema = PageQuerySchema.extend({
  /** A branch (or any organization: its subtree's branches). Default: the reader's scope. */
  organizationId: IdSchema.optional(),
  q: z.string().trim().max(40).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  /** Also members who left the register. */
  includeLeft: QueryBoolSchema.optional(),
});
export type MemberListQuery = z.infer<typeof MemberListQuerySchema>;

export const MemberListSchema = pageOf(PartyMemberSchema).extend({
  /** The reader may add members (study.record over some branch in scope). */
  canRecord: z.boolean(),
});
export type MemberList = z.infer<typeof MemberListSchema>;

export const CreateMemberBodySchema = z.object({
  organizationId: IdSchema,
  name: line(30, '姓名'),
  gender: z.enum(MEMBER_GENDERS),
  joinedOn: DateSchema.nullable().optional(),
  status: z.enum(MEMBER_STATUSES).default('full'),
  worksAway: z.boolean().default(false),
  phone: PhoneSchema.nullable().optional(),
  note: NoteSchema.nullable().optional(),
});
export type CreateMemberBody = z.infer<typeof CreateMemberBodySchema>;

export const UpdateMemberBodySchema = z.object({
  version: VersionSchema,
  name: line(30, '姓名').optional(),
  gender: z.enum(MEMBER_GENDERS).optional(),
  joinedOn: DateSchema.nullable().optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  worksAway: z.boolean().optional(),
  /** Changing the phone needs member.phone (a reader who cannot see it cannot overwrite it either). */
  phone: PhoneSchema.nullable().optional(),
  note: NoteSchema.nullable().optional(),
  leftOn: DateSchema.nullable().optional(),
});
export type UpdateMemberBody = z.infer<typeof UpdateMemberBodySchema>;

export const MemberExportQuerySchema = z.object({ organizationId: IdSchema });
export type MemberExportQuery = z.infer<typeof MemberExportQuerySchema>;

export const MemberImportQuerySchema = z.object({
  organizationId: IdSchema,
  /** Check every row and write nothing. */
  dryRun: QueryBoolSchema.optional(),
});
export type MemberImportQuery = z.infer<typeof MemberImportQuerySchema>;

export const MemberImportIssueSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export type MemberImportIssue = z.infer<typeof MemberImportIssueSchema>;

export const MemberImportResultSchema = z.object({
  dryRun: z.boolean(),
  /** Rows added (or, in a dry run, that would be). */
  created: z.number().int(),
  /** Rows already in the register (same name and joining date): left as they are. */
  skipped: z.number().int(),
  /** Every bad row named by row and column, with what would be right; nothing is written when there is any. */
  errors: z.array(MemberImportIssueSchema),
  /** The sheet's headers that were read, and those that were not (the branch's own extra columns). */
  columns: z.array(z.string()),
  unknownHeaders: z.array(z.string()),
});
export type MemberImportResult = z.infer<typeof MemberImportResultSchema>;
