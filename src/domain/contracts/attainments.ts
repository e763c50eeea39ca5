import { z } from 'zod';
import { ATTAINMENT_ACTIONS, ATTAINMENT_STATUSES } from '../attainment-workflow.ts';
import { ITEM_STANDINGS } from '../village-score.ts';
import { IdSchema, VersionOrZeroSchema } from './common.ts';
import { RectificationPeriodSchema } from './inspections.ts';

/** Which villages: a round (default: the latest round with a village in the reader's scope), narrowed to a subtree. */
export const AttainmentListQuerySchema = z.object({
  roundId: IdSchema.optional(),
  /** A subdistrict or a village: only its villages. */
  organizationId: IdSchema.optional(),
});
export type AttainmentListQuery = z.infer<typeof AttainmentListQuerySchema>;

/** A village's score against the standard in a round (src/domain/village-score.ts). */
export const VillageScoreSchema = z.object({
  score: z.number().int(),
  /** The standard's total weight (100 in the demo). */
  max: z.number().int(),
  itemsScoring: z.number().int(),
  items: z.number().int(),
  /** Items whose problems are not all closed yet. */
  failing: z.number().int(),
  /** Applicable items not recorded yet. */
  pending: z.number().int(),
});
export type VillageScoreDto = z.infer<typeof VillageScoreSchema>;

/** Why the village cannot be proposed or confirmed yet, as data and in words. */
export const AttainmentBlockerSchema = z.object({
  code: z.enum(['checklist_unfinished', 'unsettled_problems', 'venue_on_list']),
  count: z.number().int().nullable(),
  textZh: z.string(),
  textEn: z.string(),
});

/** One village in one round: score, what stands in the way of 达标, and the 达标 state. */
export const VillageStandingSchema = z.object({
  /** The village's checklist in the round: the attainment's id in the URLs. */
  checklistId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  /** The 街道 above it, for display (null when none is readable). */
  subdistrictName: z.string().nullable(),
  liaisonGroupName: z.string().nullable(),
  score: VillageScoreSchema,
  checklistDone: z.boolean(),
  /** Problems of the round at the village not yet closed or withdrawn. */
  unsettledProblems: z.number().int(),
  /** Empty when the village may be proposed / confirmed now. */
  blockers: z.array(AttainmentBlockerSchema),
  status: z.enum(ATTAINMENT_STATUSES),
  /** The day it was confirmed 达标 (YYYY-MM-DD, Shanghai); null unless confirmed. */
  confirmedOn: z.string().nullable(),
  proposedAt: z.string().nullable(),
  proposedByName: z.string().nullable(),
  /** The liaison group's verification note of the latest proposal. */
  note: z.string().nullable(),
  /** Why it was last sent back or revoked (kept after a new proposal, for the record). */
  reason: z.string().nullable(),
  /** 0 while nothing was ever proposed (send 0 with the first proposal). */
  version: z.number().int(),
  allowedActions: z.array(z.enum(ATTAINMENT_ACTIONS)),
});
export type VillageStanding = z.infer<typeof VillageStandingSchema>;

export const AttainmentRoundSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  rectification: RectificationPeriodSchema,
});

export const AttainmentListSchema = z.object({
  /** Null when no round has a village in the reader's scope. */
  round: AttainmentRoundSchema.nullable(),
  /** Villages of the round in scope confirmed 达标, and how many there are. */
  attained: z.number().int(),
  villages: z.number().int(),
  /** By subdistrict, then name. */
  items: z.array(VillageStandingSchema),
});
export type AttainmentList = z.infer<typeof AttainmentListSchema>;

export const AttainmentHistoryEntrySchema = z.object({
  id: z.string(),
  action: z.enum(ATTAINMENT_ACTIONS),
  fromStatus: z.enum(ATTAINMENT_STATUSES),
  toStatus: z.enum(ATTAINMENT_STATUSES),
  at: z.string(),
  actorName: z.string().nullable(),
  /** The proposal's note, or the reason of a send-back or revocation. */
  text: z.string().nullable(),
  /** The reopened problem (回头看) that revoked it. */
  problem: z.object({ id: z.string(), code: z.string() }).nullable(),
});

export const ScoredItemSchema = z.object({
  checkItemId: z.string(),
  code: z.string(),
  title: z.string(),
  areaName: z.string(),
  weight: z.number().int(),
  standing: z.enum(ITEM_STANDINGS),
  score: z.number().int(),
  /** Problems under it in the round still to settle. */
  unsettledProblems: z.number().int(),
});

export const AttainmentDetailSchema = VillageStandingSchema.extend({
  /** Every check item, as scored. */
  scoredItems: z.array(ScoredItemSchema),
  /** The evidence the latest proposal rests on (the village's own files). */
  evidence: z.array(z.object({ id: z.string(), originalName: z.string(), isImage: z.boolean() })),
  /** For whoever may propose now: the latest evidence of the round's problems there, to point at (at most 50). */
  availableEvidence: z.array(z.object({ id: z.string(), originalName: z.string(), isImage: z.boolean(), problemCode: z.string() })),
  /** Oldest first; never edited. */
  history: z.array(AttainmentHistoryEntrySchema),
});
export type AttainmentDetail = z.infer<typeof AttainmentDetailSchema>;

export const AttainmentParamsSchema = z.object({ checklistId: IdSchema });

export const AttainmentTransitionBodySchema = z.object({
  action: z.enum(ATTAINMENT_ACTIONS),
  /** The attainment's version read (0 before the first proposal). */
  version: VersionOrZeroSchema,
  /** 申报: what the liaison group verified (核验情况). */
  note: z.string().trim().max(1000).optional(),
  /** 退回 / 撤销达标: why. */
  reason: z.string().trim().max(1000).optional(),
  /** 申报: evidence of the village (already uploaded to its problems or measures) the proposal rests on. */
  evidenceIds: z.array(IdSchema).max(20).optional(),
});
export type AttainmentTransitionBody = z.infer<typeof AttainmentTransitionBodySchema>;
