import { z } from 'zod';
import { MEETING_KINDS } from '../meeting-rhythm.ts';
import { RHYTHM_EVERY } from '../study-rules.ts';
import { IdSchema, isSingleLine, pageOf, PageQuerySchema, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';
import { InstantSchema } from './study.ts';

/** 三会一课 API: the meetings a branch held, and where each branch stands on the rhythm. */

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (min: number, max: number, label: string) =>
  z.string().trim().min(min, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const MeetingKindSchema = z.enum(MEETING_KINDS);

export const MeetingSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  kind: MeetingKindSchema,
  heldAt: z.string(),
  place: z.string(),
  attendees: z.string(),
  expectedCount: z.number().int().nullable(),
  presentCount: z.number().int().nullable(),
  agenda: z.string(),
  minutes: z.string().nullable(),
  decisions: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const MeetingListQuerySchema = PageQuerySchema.extend({
  organizationId: IdSchema.optional(),
  kind: MeetingKindSchema.optional(),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuerySchema>;
export const MeetingListSchema = pageOf(MeetingSchema).extend({ canRecord: z.boolean() });
export type MeetingList = z.infer<typeof MeetingListSchema>;

const Fields = {
  kind: MeetingKindSchema,
  heldAt: InstantSchema,
  place: line(60, '地点'),
  attendees: text(1, 1000, '参会人员'),
  expectedCount: z.number().int().min(0).max(10_000).nullable().optional(),
  presentCount: z.number().int().min(0).max(10_000).nullable().optional(),
  agenda: text(1, 2000, '议题'),
  minutes: text(0, 10_000, '会议记录').nullable().optional(),
  decisions: text(0, 4000, '决定事项').nullable().optional(),
};
const countsInOrder = (b: { expectedCount?: number | null; presentCount?: number | null }) =>
  b.expectedCount == null || b.presentCount == null || b.presentCount <= b.expectedCount;
const COUNTS_MESSAGE = { message: '实到人数不能多于应到人数 (more present than expected)', path: ['presentCount'] };

export const CreateMeetingBodySchema = z.object({ organizationId: IdSchema, ...Fields }).refine(countsInOrder, COUNTS_MESSAGE);
export type CreateMeetingBody = z.infer<typeof CreateMeetingBodySchema>;

export const UpdateMeetingBodySchema = z
  .object({
    version: VersionSchema,
    kind: Fields.kind.optional(),
    heldAt: Fields.heldAt.optional(),
    place: Fields.place.optional(),
    attendees: Fields.attendees.optional(),
    expectedCount: Fields.expectedCount,
    presentCount: Fields.presentCount,
    agenda: Fields.agenda.optional(),
    minutes: Fields.minutes,
    decisions: Fields.decisions,
  })
  .refine(countsInOrder, COUNTS_MESSAGE);
export type UpdateMeetingBody = z.infer<typeof UpdateMeetingBodySchema>;

const PeriodSchema = z.object({ key: z.string(), zh: z.string(), en: z.string(), firstDay: z.string(), lastDay: z.string() });

export const RhythmKindStatusSchema = z.object({
  kind: MeetingKindSchema,
  every: z.enum(RHYTHM_EVERY),
  /** The running month or quarter, whether its meeting was held yet and the days left (null: off, or not yet owed). */
  current: PeriodSchema.extend({ held: z.boolean(), daysLeft: z.number().int() }).nullable(),
  /** Ended periods in the lookback window without the meeting, oldest first. */
  missed: z.array(PeriodSchema),
  missedInRow: z.number().int(),
  lastHeldOn: z.string().nullable(),
});

export const RhythmRowSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  parentName: z.string().nullable(),
  kinds: z.array(RhythmKindStatusSchema),
  missed: z.number().int(),
});
export type RhythmRow = z.infer<typeof RhythmRowSchema>;

export const RhythmQuerySchema = z.object({ organizationId: IdSchema.optional() });
export type RhythmQuery = z.infer<typeof RhythmQuerySchema>;

export const RhythmSchema = z.object({
  /** Today (Shanghai). */
  today: z.string(),
  lookbackMonths: z.number().int(),
  rulesZh: z.string(),
  rulesEn: z.string(),
  rows: z.array(RhythmRowSchema),
  /** When the rows were counted (a tree's whole rhythm is the month's figures, kept while the record is unchanged). */
  figuresAt: z.string(),
});
export type Rhythm = z.infer<typeof RhythmSchema>;
