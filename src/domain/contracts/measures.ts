import { z } from 'zod';
import { isCalendarDate } from '../time.ts';
import { IdSchema, isSingleLine, SINGLE_LINE_MESSAGE, VersionSchema, PageQuerySchema } from './common.ts';

// A calendar date, not only its shape: 2026-13-01 was stored and then broke every page that counted days from it.
const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-12-31)');
const Description = z.string().trim().min(1, '请填写整改措施').max(2000, '整改措施最多 2000 字');
const OwnerName = z.string().trim().min(1).max(50, '责任人最多 50 字').refine(isSingleLine, SINGLE_LINE_MESSAGE);
const Progress = z.number().int().min(0, '进度在 0–100 之间').max(100, '进度在 0–100 之间');

export const MeasureSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  description: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  /** Percent done, 0–100. */
  progress: z.number().int(),
  /** The problems this measure serves (一事一策; one measure may serve several). */
  problemIds: z.array(z.string()),
  /** The 村两委会 review it was drafted in (null when drafted elsewhere). */
  reviewId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const MeasureListQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  problemId: IdSchema.optional(),
  ...PageQuerySchema.shape,
});
export const MeasureListSchema = z.object({
  items: z.array(MeasureSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const CreateMeasureBodySchema = z.object({
  organizationId: IdSchema,
  description: Description,
  ownerName: OwnerName.optional(),
  dueOn: DateSchema.optional(),
  progress: Progress.default(0),
  problemIds: z.array(IdSchema).min(1, '请至少关联一个问题').max(50),
  /** Drafted in this 村两委会 review (of the same village). */
  reviewId: IdSchema.optional(),
});
export type CreateMeasureBody = z.infer<typeof CreateMeasureBodySchema>;

export const UpdateMeasureBodySchema = z
  .object({
    version: VersionSchema,
    description: Description.optional(),
    ownerName: OwnerName.nullable().optional(),
    dueOn: DateSchema.nullable().optional(),
    progress: Progress.optional(),
    problemIds: z.array(IdSchema).min(1, '请至少关联一个问题').max(50).optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { message: '没有要修改的内容 (nothing to change)' });
export type UpdateMeasureBody = z.infer<typeof UpdateMeasureBodySchema>;
