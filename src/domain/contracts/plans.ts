import { z } from 'zod';
import { PLAN_ACTIONS, PLAN_STATUSES, PLAN_TEXT_MAX } from '../village-plan.ts';
import { IdSchema, isSingleLine, PageQuerySchema, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

const PlanMeasureSchema = z.object({
  description: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  alsoFor: z.array(z.string()),
});

const PlanProblemSchema = z.object({
  code: z.string(),
  checkItem: z.string().nullable(),
  description: z.string(),
  leadOfficial: z.string().nullable(),
  ownerName: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  dueOn: z.string().nullable(),
  measures: z.array(PlanMeasureSchema),
});

/** The plan's body (src/domain/village-plan.ts PlanContent): verified problems by area, with measures, owners and deadlines. */
export const PlanContentSchema = z.object({
  asAt: z.string(),
  areas: z.array(z.object({ code: z.string().nullable(), name: z.string(), problems: z.array(PlanProblemSchema) })),
  totals: z.object({ problems: z.number().int(), measures: z.number().int(), withdrawn: z.number().int() }),
});

export const PlanSummarySchema = z.object({
  id: z.string(),
  reviewId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  roundName: z.string(),
  /** 1, 2, 3… per review. */
  versionNo: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  title: z.string(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(PLAN_ACTIONS)),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export const PlanDetailSchema = PlanSummarySchema.extend({
  preamble: z.string(),
  closing: z.string(),
  content: PlanContentSchema,
  liaisonGroupName: z.string().nullable(),
  reviewHeldOn: z.string(),
  /** Every version of this review's plan, newest first (to switch between them). */
  versions: z.array(z.object({ id: z.string(), versionNo: z.number().int(), status: z.enum(PLAN_STATUSES), createdAt: z.string() })),
});
export type PlanDetail = z.infer<typeof PlanDetailSchema>;

export const PlanListQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  reviewId: IdSchema.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  ...PageQuerySchema.shape,
});
export type PlanListQuery = z.infer<typeof PlanListQuerySchema>;

export const PlanListSchema = z.object({
  items: z.array(PlanSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PlanList = z.infer<typeof PlanListSchema>;

export const CreatePlanBodySchema = z.object({
  /** The 两委会 review the plan comes from. */
  reviewId: IdSchema,
});
export type CreatePlanBody = z.infer<typeof CreatePlanBodySchema>;

const text = (label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(PLAN_TEXT_MAX, `${label}最多 ${PLAN_TEXT_MAX} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const UpdatePlanBodySchema = z
  .object({
    version: VersionSchema,
    title: z.string().trim().min(1, '请填写标题').max(100, '标题最多 100 字').refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
    preamble: text('前言').optional(),
    closing: text('保障措施').optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type UpdatePlanBody = z.infer<typeof UpdatePlanBodySchema>;

export const PlanVersionBodySchema = z.object({ version: VersionSchema });
export type PlanVersionBody = z.infer<typeof PlanVersionBodySchema>;
