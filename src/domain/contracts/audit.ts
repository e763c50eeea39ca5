import { z } from 'zod';
import { AUDIT_ENTITY_TYPES } from '../audit-events.ts';
import { isCalendarDate } from '../time.ts';
import { IdSchema, isSingleLine, SINGLE_LINE_MESSAGE, PageQuerySchema } from './common.ts';

const DateSchema = z.string().refine(isCalendarDate, '日期应为有效的 YYYY-MM-DD 日期 (expected a calendar date such as 2026-06-30)');

export const AuditQuerySchema = z.object({
  actorId: IdSchema.optional(),
  /** Includes events of the organization's whole subtree. */
  organizationId: IdSchema.optional(),
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entityId: IdSchema.optional(),
  type: z.string().max(64).refine(isSingleLine, SINGLE_LINE_MESSAGE).optional(),
  /** Calendar dates in Asia/Shanghai, inclusive. */
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  ...PageQuerySchema.shape,
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  type: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** What a reader knows the entity by, where it has such a name: a problem's code (WT-2612-0047), a measure's words, a file's name, an article's title, a venue's name, a weekly report's week. */
  entityLabel: z.string().nullable(),
  requestId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditListSchema = z.object({
  items: z.array(AuditEventSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
