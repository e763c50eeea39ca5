import { z } from 'zod';
import { CadenceRulesSchema, DEFAULT_CADENCE_RULES } from '../cadence-rules.ts';
import { requireEveryKey, VersionOrZeroSchema } from './common.ts';

export const CadenceSettingsSchema = z.object({
  rules: CadenceRulesSchema,
  /** 0 while the defaults have never been saved. */
  version: VersionOrZeroSchema,
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type CadenceSettings = z.infer<typeof CadenceSettingsSchema>;

export const UpdateCadenceSettingsBodySchema = z.object({
  /** The version read (0 when editing the defaults for the first time). */
  version: VersionOrZeroSchema,
  // Every rule, as read (GET /api/settings/cadence gives them all): one left out is refused, not reset to its default.
  rules: z.preprocess(requireEveryKey(DEFAULT_CADENCE_RULES), CadenceRulesSchema),
});
export type UpdateCadenceSettingsBody = z.infer<typeof UpdateCadenceSettingsBodySchema>;
