import { z } from 'zod';
import { queryInt, requireEveryKey, VersionOrZeroSchema } from './common.ts';

/**
 * The public portal's settings (program defaults of what is public, per
 * program; each problem's own 公示 switch decides whether it shows at all),
 * the public ledger's API, and the publication of evidence photos.
 */
export const PortalSettingsSchema = z.object({
  /** Measures (整改措施) of public problems. */
  showMeasures: z.boolean().default(true),
  /** Deadlines (整改时限) and the overdue mark. */
  showDeadlines: z.boolean().default(true),
  /** Progress notes (整改进展), masked. */
  showProgressNotes: z.boolean().default(true),
  /** Evidence photos chosen for publication. */
  showEvidence: z.boolean().default(true),
  /** The village's score against the standard and its 达标 state. */
  showScores: z.boolean().default(true),
  /** The village's venue state (清零行动). */
  showVenues: z.boolean().default(true),
  /** Villagers may leave feedback (群众监督). */
  feedbackOpen: z.boolean().default(true),
});
export type PortalSettingsValue = z.infer<typeof PortalSettingsSchema>;
export const DEFAULT_PORTAL_SETTINGS: PortalSettingsValue = PortalSettingsSchema.parse({});

export const PortalSettingsSchemaDto = z.object({
  settings: PortalSettingsSchema,
  /** 0 while the defaults are in force (nothing saved yet). */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  allowedActions: z.array(z.enum(['edit'])),
});
export type PortalSettings = z.infer<typeof PortalSettingsSchemaDto>;

export const UpdatePortalSettingsBodySchema = z.object({
  // Every switch, as read (GET /api/portal/settings gives them all): one left out is refused, not reset to its default.
  settings: z.preprocess(requireEveryKey(DEFAULT_PORTAL_SETTINGS), PortalSettingsSchema),
  /** The version read (0 when nothing was saved). */
  version: VersionOrZeroSchema,
});
export type UpdatePortalSettingsBody = z.infer<typeof UpdatePortalSettingsBodySchema>;

/** Show or hide one evidence photo on the portal, with a caption. */
export const EvidencePublicationBodySchema = z.object({
  published: z.boolean(),
  /** 图片说明, shown under the photo (masked like every public text). */
  caption: z.string().trim().max(120).nullable().optional(),
  /**
   * The photo's publication as the screen showed it: another moderator's change since is 409, not overwritten (the
   * row has no version of its own; it is gone while the photo is hidden).
   */
  before: z
    .object({ published: z.boolean(), caption: z.string().nullable() })
    .strict()
    .describe('The publication and caption the change was made on, as last read'),
});
export type EvidencePublicationBody = z.infer<typeof EvidencePublicationBodySchema>;

export const EvidencePublicationSchema = z.object({
  evidenceId: z.string(),
  published: z.boolean(),
  caption: z.string().nullable(),
});
export type EvidencePublication = z.infer<typeof EvidencePublicationSchema>;

/** The photos of a problem and whether each shows on the portal (officers' view). */
export const ProblemPublicationSchema = z.object({
  problemId: z.string(),
  isPublic: z.boolean(),
  photos: z.array(
    z.object({
      evidenceId: z.string(),
      originalName: z.string(),
      uploadedAt: z.string(),
      published: z.boolean(),
      caption: z.string().nullable(),
    }),
  ),
  canPublish: z.boolean(),
});
export type ProblemPublication = z.infer<typeof ProblemPublicationSchema>;

// ── The public ledger ─────────────────────────────────────────────────────────

const JsonObject = z.record(z.string(), z.unknown());

export const ChainHeadSchema = z.object({
  /** Height: the number of entries (0 while empty). */
  seq: z.number().int(),
  /** Lowercase hex SHA-256 of the last entry (64 zeros while empty). */
  hash: z.string(),
});

export const ChainLinkSchema = z.object({
  seq: z.number().int(),
  /** The previous entry's hash (64 zeros for entry 1). */
  prev: z.string(),
  /** hex(SHA-256(UTF-8(JCS({"entry": entry, "prev": prev, "seq": seq})))) */
  hash: z.string(),
  /** The entry as hashed (docs/PUBLIC-LEDGER.md). */
  entry: JsonObject,
});

/** A ledger entry's number is a 32-bit integer on PostgreSQL: past it, a page answered 500. */
const MAX_CHAIN_SEQ = 2_147_483_647;

export const ChainPageQuerySchema = z.object({
  /** The first seq to return (1 = from the start). */
  from: queryInt(1, MAX_CHAIN_SEQ).default(1),
  limit: queryInt(1, 1000).default(500),
});

export const ChainPageSchema = z.object({
  /** The head when the page was read. */
  head: ChainHeadSchema,
  entries: z.array(ChainLinkSchema),
  /** The `from` of the next page, or null at the head. */
  next: z.number().int().nullable(),
});
export type ChainPage = z.infer<typeof ChainPageSchema>;
