import { z } from 'zod';
import { IdSchema, isSingleLine, pageOf, PageQuerySchema, SINGLE_LINE_MESSAGE, VersionOrZeroSchema, VersionSchema } from './common.ts';
import { ProgramDateSchema } from './members.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';
import { TOUR_ROLE_LABELS, TOUR_ROLES, type TourRole } from '../tour-roles.ts';

/**
 * 观摩学习 API: a district-organized study tour (date, destination, purpose,
 * invited roles), its participants registered from the member register and
 * the user list, and the take-aways each village commits to apply.
 */
export { TOUR_ROLE_LABELS, TOUR_ROLES, type TourRole };

const line = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const TourParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(TOUR_ROLES),
  organizationId: z.string(),
  organizationName: z.string(),
  memberId: z.string().nullable(),
  userId: z.string().nullable(),
});

export const TourTakeawaySchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  text: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  recordedByName: z.string().nullable(),
  participants: z.number().int(),
  canEdit: z.boolean(),
});
export type TourTakeaway = z.infer<typeof TourTakeawaySchema>;

export const TourSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  tourDate: z.string(),
  destination: z.string(),
  purpose: z.string(),
  invitedRoles: z.array(z.enum(TOUR_ROLES)),
  participantCount: z.number().int(),
  takeawayCount: z.number().int(),
});
export type TourSummary = z.infer<typeof TourSummarySchema>;

export const TourSchema = TourSummarySchema.extend({
  organizationName: z.string(),
  participants: z.array(TourParticipantSchema),
  /** One row per village with participants or a take-away (in the reader's scope). */
  takeaways: z.array(TourTakeawaySchema),
  version: z.number().int(),
  allowedActions: z.array(z.enum(['edit', 'participants'])),
});
export type Tour = z.infer<typeof TourSchema>;

export const TourListQuerySchema = PageQuerySchema;
export type TourListQuery = z.infer<typeof TourListQuerySchema>;
export const TourListSchema = pageOf(TourSummarySchema).extend({ canCreate: z.boolean() });
export type TourList = z.infer<typeof TourListSchema>;

const Fields = {
  title: line(60, '活动名称'),
  tourDate: ProgramDateSchema,
  destination: line(60, '观摩地点'),
  purpose: text(1000, '观摩目的'),
  invitedRoles: z.array(z.enum(TOUR_ROLES)).min(1, '至少选择一类参加人员').max(TOUR_ROLES.length),
};

export const CreateTourBodySchema = z.object({
  ...Fields,
  /** The organizing unit (default: the reader's district). */
  organizationId: IdSchema.optional(),
});
export type CreateTourBody = z.infer<typeof CreateTourBodySchema>;

export const UpdateTourBodySchema = z.object({
  version: VersionSchema,
  title: Fields.title.optional(),
  tourDate: Fields.tourDate.optional(),
  destination: Fields.destination.optional(),
  purpose: Fields.purpose.optional(),
  invitedRoles: Fields.invitedRoles.optional(),
});
export type UpdateTourBody = z.infer<typeof UpdateTourBodySchema>;

/** A participant: a member of the register, a user, or a name typed in (then organizationId is required). */
export const NewParticipantSchema = z
  .object({
    role: z.enum(TOUR_ROLES),
    memberId: IdSchema.optional(),
    userId: IdSchema.optional(),
    name: line(30, '姓名').optional(),
    organizationId: IdSchema.optional(),
  })
  .refine((p) => [p.memberId, p.userId, p.name].filter(Boolean).length === 1, {
    message: '每位参加人员请指定党员 (memberId)、用户 (userId) 或姓名 (name) 之一',
  })
  .refine((p) => !(p.userId || p.name) || p.organizationId, {
    message: '按用户或姓名登记时须指明所在单位 (organizationId)',
    path: ['organizationId'],
  });
export type NewParticipant = z.infer<typeof NewParticipantSchema>;

export const AddParticipantsBodySchema = z.object({ participants: z.array(NewParticipantSchema).min(1).max(200) });
export type AddParticipantsBody = z.infer<typeof AddParticipantsBodySchema>;

export const TourParticipantParamsSchema = z.object({ id: IdSchema, participantId: IdSchema });
export const TourTakeawayParamsSchema = z.object({ id: IdSchema, organizationId: IdSchema });

export const TakeawayBodySchema = z.object({
  /** 0 for the first record. */
  version: VersionOrZeroSchema,
  text: text(2000, '学习收获和落实举措'),
});
export type TakeawayBody = z.infer<typeof TakeawayBodySchema>;
