import { z } from 'zod';
import type { ChainEntry } from './hash-chain.ts';

/**
 * The public ledger: every public event (a problem published, its status
 * changed, progress posted, a reply to feedback published, a village judged
 * 达标, a venue cleared) is a link of a hash chain anyone can verify
 * (src/domain/hash-chain.ts, format version 1; docs/PUBLIC-LEDGER.md).
 *
 * An entry holds only what the portal shows, already masked: no user ids, no
 * names in full, no phone numbers, no internal remarks. Numbers are whole; a
 * score is text ("86.5/100"), so that every JSON canonicalizer agrees.
 */

export const PUBLIC_EVENT_TYPES = [
  'problem.published',
  'problem.unpublished',
  'problem.status_changed',
  'problem.progress_posted',
  'feedback.published',
  'feedback.replied',
  'feedback.withdrawn',
  'village.attained',
  'village.attainment_revoked',
  'venue.cleared',
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

export const PUBLIC_EVENT_LABELS: Record<PublicEventType, { zh: string; en: string }> = {
  'problem.published': { zh: '问题公示', en: 'Problem published' },
  'problem.unpublished': { zh: '撤下公示', en: 'Problem taken off the public ledger' },
  'problem.status_changed': { zh: '状态变更', en: 'Status changed' },
  'problem.progress_posted': { zh: '整改进展', en: 'Progress posted' },
  'feedback.published': { zh: '群众监督公开', en: 'Feedback published' },
  'feedback.replied': { zh: '公开答复', en: 'Reply published' },
  'feedback.withdrawn': { zh: '撤下群众留言', en: 'Feedback taken down' },
  'village.attained': { zh: '村达标', en: 'Village meets the standard' },
  'village.attainment_revoked': { zh: '撤销达标', en: 'Village standard revoked' },
  'venue.cleared': { zh: '活动场所清零', en: 'Venue cleared' },
};

const Ref = z.object({ id: z.string(), name: z.string() });
const ProblemRef = z.object({ id: z.string(), code: z.string() });

/** What the caller passes to appendPublicEvent: one schema per type; the village is always named. */
export const PublicEventSchema = z.discriminatedUnion('type', [
  /** A problem appears on the portal (recorded public, or switched to 公示). */
  z.object({
    type: z.literal('problem.published'),
    village: Ref,
    problem: ProblemRef,
    area: z.string(),
    description: z.string(),
    dueOn: z.string().nullable(),
    status: z.string(),
  }),
  /** A problem's 公示 switch was turned off: it leaves the portal (the chain keeps that it was shown). */
  z.object({ type: z.literal('problem.unpublished'), village: Ref, problem: ProblemRef }),
  /** A public problem moved in the workflow (start, submit, accept, close, reopen, send back, withdraw). */
  z.object({ type: z.literal('problem.status_changed'), village: Ref, problem: ProblemRef, from: z.string(), to: z.string() }),
  /** A progress note on a public problem (masked). */
  z.object({ type: z.literal('problem.progress_posted'), village: Ref, problem: ProblemRef, text: z.string() }),
  /** A villager's feedback was published after moderation, with the public reply if there is one (masked). */
  z.object({
    type: z.literal('feedback.published'),
    village: Ref,
    feedbackId: z.string(),
    problem: ProblemRef.nullable(),
    text: z.string(),
    reply: z.string().nullable(),
  }),
  /** A public reply was added to feedback already published. */
  z.object({ type: z.literal('feedback.replied'), village: Ref, feedbackId: z.string(), reply: z.string() }),
  /** A published feedback was taken off the portal by a moderator (the reason stays internal). */
  z.object({ type: z.literal('feedback.withdrawn'), village: Ref, feedbackId: z.string() }),
  /** The district confirmed the village meets the standard (达标) in a round. */
  z.object({
    type: z.literal('village.attained'),
    village: Ref,
    round: z.string(),
    confirmedOn: z.string(),
    score: z.string().nullable(),
  }),
  /** A confirmed 达标 was taken back (回头看 reopened a problem, or revoked by the district). */
  z.object({ type: z.literal('village.attainment_revoked'), village: Ref, round: z.string() }),
  /** A village's venue left the clearance list after an accepted project (清零). */
  z.object({
    type: z.literal('venue.cleared'),
    village: Ref,
    venue: Ref,
    projectKind: z.string().nullable(),
    clearedOn: z.string(),
  }),
]);
export type PublicEvent = z.infer<typeof PublicEventSchema>;

/** The version of the entry layout; a verifier that meets another refuses rather than guesses. */
export const PUBLIC_ENTRY_VERSION = 1;

/**
 * The chain entry of an event: `{"v":1,"at":…,"type":…,"village":{id,name},"data":{…}}`,
 * `data` being the event without its type and village. Validated, so a
 * malformed event fails the caller's transaction.
 */
export function publicChainEntry(event: PublicEvent, at: Date): ChainEntry {
  const { type, village, ...data } = PublicEventSchema.parse(wellFormed(event));
  return { v: PUBLIC_ENTRY_VERSION, at: at.toISOString(), type, village: { id: village.id, name: village.name }, data };
}

/** Replaces lone UTF-16 surrogates (which have no UTF-8 form, so RFC 8785 refuses them) with U+FFFD, in every string. */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  }
  return value;
}

/** The first characters of a hash, as printed on paper (poster, circular): enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** How a head is printed: "第 1234 条 · 3f9a0c21b7e4". */
export function headText(head: { seq: number; hash: string }, lang: 'zh' | 'en' = 'zh'): string {
  return lang === 'zh' ? `第 ${head.seq} 条 · ${shortHash(head.hash)}` : `entry ${head.seq} · ${shortHash(head.hash)}`;
}
