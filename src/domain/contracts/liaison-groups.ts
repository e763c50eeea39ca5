import { z } from 'zod';
import { ORGANIZATION_KINDS } from '../organizations.ts';
import { IdSchema, isSingleLine, QueryBoolSchema, SINGLE_LINE_MESSAGE, VersionSchema, queryInt } from './common.ts';

/**
 * A liaison group (包联组) has three seats: one cadre from the district's
 * Party-masses office, one from the assigned department, one from the
 * sub-district office. Its members hold the liaison role on its villages.
 */
export const LIAISON_SEATS = ['party_office', 'department', 'subdistrict'] as const;
export type LiaisonSeat = (typeof LIAISON_SEATS)[number];

export const LIAISON_SEAT_LABELS = {
  party_office: { zh: '区党群工作部', en: 'District Party-masses office' },
  department: { zh: '包联部门', en: 'Liaison department' },
  subdistrict: { zh: '街道办', en: 'Sub-district office' },
} as const satisfies Record<LiaisonSeat, { zh: string; en: string }>;

export const LIAISON_GROUP_ACTIONS = ['edit', 'archive', 'restore'] as const;
export type LiaisonGroupAction = (typeof LIAISON_GROUP_ACTIONS)[number];

export const LiaisonGroupMemberSchema = z.object({
  seat: z.enum(LIAISON_SEATS),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** A disabled account still holds its seat until the group is edited. */
  disabled: z.boolean(),
});

export const LiaisonGroupVillageSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  /** The sub-district above the village. */
  parentName: z.string().nullable(),
  archived: z.boolean(),
});

export const LiaisonGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** 包联部门, e.g. 区财政局. */
  departmentName: z.string(),
  /** Always the three seats, in the order of LIAISON_SEATS. */
  members: z.array(LiaisonGroupMemberSchema),
  /** The villages and communities the group covers, by sub-district and name. */
  villages: z.array(LiaisonGroupVillageSchema),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the current user may do here; the UI shows buttons from this only. */
  allowedActions: z.array(z.enum(LIAISON_GROUP_ACTIONS)),
});
export type LiaisonGroup = z.infer<typeof LiaisonGroupSchema>;

export const LiaisonGroupListQuerySchema = z.object({ includeArchived: QueryBoolSchema.optional() });

export const LIAISON_GROUP_LIST_ACTIONS = ['create'] as const;
export const LiaisonGroupListSchema = z.object({
  items: z.array(LiaisonGroupSchema),
  /** 'create': the user may set up new groups. */
  allowedActions: z.array(z.enum(LIAISON_GROUP_LIST_ACTIONS)),
});
export type LiaisonGroupList = z.infer<typeof LiaisonGroupListSchema>;

const NameSchema = (label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(100, `${label}最多 100 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);

/** Exactly the three seats, each once, each a different person. */
const MembersSchema = z
  .array(z.object({ seat: z.enum(LIAISON_SEATS), userId: IdSchema }))
  .length(3, '包联组须有三名成员：区党群工作部、包联部门、街道办各一人')
  .superRefine((members, ctx) => {
    const seats = new Set<string>();
    const users = new Set<string>();
    members.forEach((m, i) => {
      if (seats.has(m.seat)) ctx.addIssue({ code: 'custom', path: [i, 'seat'], message: `席位 ${m.seat} 重复：三个席位各一人` });
      if (users.has(m.userId)) ctx.addIssue({ code: 'custom', path: [i, 'userId'], message: '三名成员须是三个不同的人' });
      seats.add(m.seat);
      users.add(m.userId);
    });
  });

const VillageIdsSchema = z
  .array(IdSchema)
  .min(1, '请至少选择一个包联村（社区）')
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, '包联村（社区）有重复');

export const CreateLiaisonGroupBodySchema = z.object({
  name: NameSchema('包联组名称'),
  departmentName: NameSchema('包联部门'),
  members: MembersSchema,
  /** Organizations of kind village or community. */
  villageIds: VillageIdsSchema,
});
export type CreateLiaisonGroupBody = z.infer<typeof CreateLiaisonGroupBodySchema>;

export const UpdateLiaisonGroupBodySchema = z
  .object({
    version: VersionSchema,
    name: NameSchema('包联组名称').optional(),
    departmentName: NameSchema('包联部门').optional(),
    /** Replaces all three seats. */
    members: MembersSchema.optional(),
    /** Replaces the set of villages. */
    villageIds: VillageIdsSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.departmentName !== undefined || b.members !== undefined || b.villageIds !== undefined, {
    message: '没有要修改的内容 (nothing to change)',
  });
export type UpdateLiaisonGroupBody = z.infer<typeof UpdateLiaisonGroupBodySchema>;

export const LiaisonGroupVersionBodySchema = z.object({ version: VersionSchema });

export const MemberCandidateQuerySchema = z.object({
  q: z.string().trim().max(100).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  limit: queryInt(1, 200).default(50),
});

/** Accounts that may be put in a seat, for the seat pickers. */
export const MemberCandidateListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      /** Names of the active groups the person already sits in (a person may sit in several). */
      groups: z.array(z.string()),
    }),
  ),
});
export type MemberCandidateList = z.infer<typeof MemberCandidateListSchema>;
