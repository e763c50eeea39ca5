import { z } from 'zod';
import { IdSchema } from './common.ts';
import { EvidenceSummarySchema } from './problems.ts';

/** Multipart fields sent before the file part. Exactly one of problemId / measureId. */
export const EvidenceFieldsSchema = z
  .object({
    problemId: IdSchema.optional(),
    measureId: IdSchema.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((f) => (f.problemId ? 1 : 0) + (f.measureId ? 1 : 0) === 1, {
    message: '请指定所属问题 (problemId) 或整改措施 (measureId) 之一',
  });
export type EvidenceFields = z.infer<typeof EvidenceFieldsSchema>;

export const EvidenceSchema = EvidenceSummarySchema.extend({ problemId: z.string().nullable(), sha256: z.string() });
export type Evidence = z.infer<typeof EvidenceSchema>;
