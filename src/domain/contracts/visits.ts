import { z } from 'zod';
import { isCalendarDate, isProgramDate } from '../time.ts';
import { VISIT_TASK_ACTIONS, VISIT_TASK_STATUSES, VISIT_TEXT_MAX } from '../visit-tasks.ts';
import {
  IdSchema,
  isSingleLine,
  PageQuerySchema,
  PROGRAM_DATE_MESSAGE,
  QueryBoolSchema,
  SINGLE_LINE_MESSAGE,
  VersionSchema,
} from './common.ts';
import { isPlainText, PLAIN_TEXT_MESSAGE } from './standards.ts';

const line = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 字`).refine(isPlainText, PLAIN_TEXT_MESSAGE);
const DateSchema = z
  .string()
  .refine(isCalendarDate, { error: '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-05-10)', abort: true })
  .refine(isProgramDate, PROGRAM_DATE_MESSAGE);

export const VisitTaskSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  visitedOn: z.string(),
  /** "name, title" of the leader who gave the instruction. */
  leaderName: z.string(),
  leaderTitle: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  instruction: z.string(),
  /** 责任单位, free text (a village, a bureau…). */
  ownerUnit: z.string(),
  dueOn: z.string(),
  status: z.enum(VISIT_TASK_STATUSES),
  /** Unfinished on a Shanghai day after the deadline. */
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
  outcomeNote: z.string().nullable(),
  outcomeAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(VISIT_TASK_ACTIONS)),
});
export type VisitTask = z.infer<typeof VisitTaskSchema>;

export const VISIT_ACTIONS = ['edit', 'assign'] as const;

export const VisitSchema = z.object({
  id: z.string(),
  visitedOn: z.string(),
  leaderName: z.string(),
  leaderTitle: z.string(),
  /** The villages visited, by name. */
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** The reader may assign a task to this village (visit.manage there, not archived): the 交办 dialog offers these. */
      assignable: z.boolean(),
    }),
  ),
  /** What was seen. */
  observations: z.string(),
  /** The instructions given, in words. */
  instructions: z.string(),
  /** The instructions tracked as 交办事项 (those of villages the reader may see). */
  tasks: z.array(VisitTaskSchema),
  createdByName: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** 'edit' the record; 'assign' a task on one of its villages. */
  allowedActions: z.array(z.enum(VISIT_ACTIONS)),
});
export type Visit = z.infer<typeof VisitSchema>;

export const VisitListQuerySchema = z.object({
  /** Visits to this organization or its subtree. */
  organizationId: IdSchema.optional(),
  ...PageQuerySchema.shape,
});
export type VisitListQuery = z.infer<typeof VisitListQuerySchema>;

export const VisitListSchema = z.object({
  items: z.array(VisitSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The reader may record visits (somewhere in scope). */
  canRecord: z.boolean(),
});
export type VisitList = z.infer<typeof VisitListSchema>;

const visitFields = {
  visitedOn: DateSchema,
  leaderName: line(50, '领导姓名'),
  leaderTitle: line(100, '领导职务'),
  organizationIds: z.array(IdSchema).min(1, '请至少选择一个村').max(50, '一次最多 50 个村'),
  observations: text(VISIT_TEXT_MAX, '调研看到的情况'),
  instructions: text(VISIT_TEXT_MAX, '指示要求'),
};

export const CreateVisitBodySchema = z.object(visitFields);
export type CreateVisitBody = z.infer<typeof CreateVisitBodySchema>;

export const UpdateVisitBodySchema = z
  .object({
    version: VersionSchema,
    visitedOn: visitFields.visitedOn.optional(),
    leaderName: visitFields.leaderName.optional(),
    leaderTitle: visitFields.leaderTitle.optional(),
    organizationIds: visitFields.organizationIds.optional(),
    observations: visitFields.observations.optional(),
    instructions: visitFields.instructions.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, '没有要修改的内容 (nothing to change)');
export type UpdateVisitBody = z.infer<typeof UpdateVisitBodySchema>;

export const CreateVisitTaskBodySchema = z.object({
  /** One of the visit's villages. */
  organizationId: IdSchema,
  instruction: text(VISIT_TEXT_MAX, '交办事项'),
  ownerUnit: line(100, '责任单位'),
  dueOn: DateSchema,
});
export type CreateVisitTaskBody = z.infer<typeof CreateVisitTaskBodySchema>;

export const VisitTaskListQuerySchema = z.object({
  organizationId: IdSchema.optional(),
  status: z.enum(VISIT_TASK_STATUSES).optional(),
  overdue: QueryBoolSchema.optional(),
  ...PageQuerySchema.shape,
});
export type VisitTaskListQuery = z.infer<typeof VisitTaskListQuerySchema>;

export const VisitTaskListSchema = z.object({
  items: z.array(VisitTaskSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type VisitTaskList = z.infer<typeof VisitTaskListSchema>;

export const VisitTaskOutcomeBodySchema = z.object({
  version: VersionSchema,
  action: z.enum(VISIT_TASK_ACTIONS),
  /** Required for mark_not_done: what is still missing. */
  note: z.string().trim().max(VISIT_TEXT_MAX).refine(isPlainText, PLAIN_TEXT_MESSAGE).optional(),
});
export type VisitTaskOutcomeBody = z.infer<typeof VisitTaskOutcomeBodySchema>;
