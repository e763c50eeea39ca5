import canonicalize from 'canonicalize';
import { ChainVerifier, type ChainEntry, type ChainFault, type ChainHead, EMPTY_HEAD, nextLink } from '../../../domain/hash-chain.ts';
import { type PublicEvent, publicChainEntry } from '../../../domain/public-chain.ts';
import type { PublicChainEntriesTable } from '../../db/database.ts';
import { type Db, inReadSnapshot } from '../../db/dialect.ts';
import type { Executor, ServiceContext } from '../../http/context.ts';
import { sha256Hex } from '../audit/audit-chain.service.ts';
import { notePortalChange } from './portal.cache.ts';
import * as repo from './public-chain.repository.ts';

/**
 * The public ledger (src/domain/public-chain.ts; format in
 * docs/PUBLIC-LEDGER.md): appending inside the caller's transaction, reading
 * it page by page, verifying it.
 */

function subjectOf(event: PublicEvent): { type: string; id: string | null } {
  switch (event.type) {
    case 'problem.published':
    case 'problem.unpublished':
    case 'problem.status_changed':
    case 'problem.progress_posted':
      return { type: 'problem', id: event.problem.id };
    case 'feedback.published':
    case 'feedback.replied':
    case 'feedback.withdrawn':
      return { type: 'feedback', id: event.feedbackId };
    case 'village.attained':
    case 'village.attainment_revoked':
      return { type: 'village', id: event.village.id };
    case 'venue.cleared':
      return { type: 'venue', id: event.venue.id };
  }
}

/**
 * Appends a public event to the ledger inside the caller's transaction (the
 * modules that make public events call it in theirs: problems, feedback,
 * attainments, venues). Mask free text before passing it (portal.mask.ts).
 * Takes the audit head lock first, then the ledger's own; a rollback leaves
 * the ledger unmoved. Returns the new head. Throws on a malformed event.
 */
export async function appendPublicEvent(trx: Executor, ctx: Pick<ServiceContext, 'db' | 'now'>, event: PublicEvent): Promise<ChainHead> {
  const entry = publicChainEntry(event, ctx.now);
  await repo.lockAuditHeadFirst(trx, ctx.db.kind);
  const head = await repo.lockHead(trx, ctx.db.kind);
  const link = nextLink(sha256Hex, head, entry);
  const subject = subjectOf(event);
  await repo.insert(trx, {
    seq: link.seq,
    at: entry.at as string,
    type: event.type,
    organization_id: event.village.id,
    subject_type: subject.type,
    subject_id: subject.id,
    entry: canonicalText(entry),
    prev_hash: link.prevHash,
    hash: link.hash,
  });
  const to = { seq: link.seq, hash: link.hash };
  await repo.moveHead(trx, head, to);
  notePortalChange();
  return to;
}

/**
 * Appends many events at once, each at its own time (oldest first), taking
 * the locks and moving the head once: the demo's replay of its history.
 */
export async function appendPublicEvents(
  trx: Executor,
  db: Pick<ServiceContext['db'], 'kind'>,
  events: ReadonlyArray<{ at: Date; event: PublicEvent }>,
): Promise<ChainHead> {
  await repo.lockAuditHeadFirst(trx, db.kind);
  const from = await repo.lockHead(trx, db.kind);
  let head = from;
  const rows: PublicChainEntriesTable[] = [];
  for (const { at, event } of events) {
    const entry = publicChainEntry(event, at);
    const link = nextLink(sha256Hex, head, entry);
    const subject = subjectOf(event);
    rows.push({
      seq: link.seq,
      at: entry.at as string,
      type: event.type,
      organization_id: event.village.id,
      subject_type: subject.type,
      subject_id: subject.id,
      entry: canonicalText(entry),
      prev_hash: link.prevHash,
      hash: link.hash,
    });
    head = { seq: link.seq, hash: link.hash };
  }
  await repo.insertMany(trx, rows);
  if (head.seq !== from.seq) await repo.moveHead(trx, from, head);
  notePortalChange();
  return head;
}

function canonicalText(entry: ChainEntry): string {
  const text = canonicalize(entry);
  if (text === undefined) throw new Error('public chain: the entry has no JSON form');
  return text;
}

/** A link as served by GET /api/public/chain. */
export interface PublicLink {
  seq: number;
  prev: string;
  hash: string;
  entry: ChainEntry;
}

export function presentLink(r: repo.PublicChainRow): PublicLink {
  return { seq: r.seq, prev: r.prev_hash, hash: r.hash, entry: JSON.parse(r.entry) as ChainEntry };
}

/** The head now (seq 0 and 64 zeros while the ledger is empty). */
export async function currentHead(db: Executor): Promise<ChainHead> {
  return (await repo.readHead(db)) ?? { ...EMPTY_HEAD };
}

/** One page of the ledger from `from` (1-based seq), with the head it was read against and where to go on. */
export async function readChainPage(db: Db, from: number, limit: number) {
  let tx = db.kysely.transaction();
  if (db.kind === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  return tx.execute(async (trx) => {
    const head = await currentHead(trx);
    const rows = await repo.listFrom(trx, from, limit);
    const last = rows.at(-1)?.seq ?? from - 1;
    return { head, entries: rows.map(presentLink), next: last < head.seq ? last + 1 : null };
  });
}

export type LedgerReport = { ok: true; count: number; head: ChainHead } | { ok: false; count: number; fault: ChainFault };

/**
 * Verifies links fetched page by page (`fetchPage(from)` answers what
 * GET /api/public/chain answers): used by the CLI against any server's public
 * API, trusting nothing but the hashes. The chain must end at the head the
 * last page names.
 */
export async function verifyLedgerPages(
  fetchPage: (from: number) => Promise<{ head: ChainHead; entries: PublicLink[]; next: number | null }>,
): Promise<LedgerReport> {
  const verifier = new ChainVerifier(sha256Hex);
  let head: ChainHead = { ...EMPTY_HEAD };
  for (let from: number | null = 1; from !== null;) {
    const page = await fetchPage(from);
    head = page.head;
    for (const l of page.entries) {
      const fault = verifier.push({ seq: l.seq, prevHash: l.prev, hash: l.hash, entry: l.entry });
      if (fault) return { ok: false, count: verifier.count, fault };
    }
    from = page.entries.length === 0 ? null : page.next;
  }
  const fault = verifier.finish(head);
  return fault ? { ok: false, count: verifier.count, fault } : { ok: true, count: verifier.count, head: verifier.head };
}

/**
 * Verifies the ledger in the database in one snapshot, page by page: each
 * stored entry text re-hashed with its seq and prev, the links followed, the
 * end compared with the recorded head (`taizhang verify-ledger`).
 */
export async function verifyPublicLedger(db: Db, pageSize = 2000): Promise<LedgerReport> {
  return inReadSnapshot(db, async (trx) => {
    const recorded = await currentHead(trx);
    const verifier = new ChainVerifier(sha256Hex);
    for (let from = 1; ;) {
      const rows = await repo.listFrom(trx, from, pageSize);
      for (const r of rows) {
        let entry: ChainEntry;
        try {
          entry = JSON.parse(r.entry) as ChainEntry;
        } catch {
          return {
            ok: false,
            count: verifier.count,
            fault: {
              reason: 'hash-mismatch',
              position: verifier.count,
              seq: r.seq,
              detail: 'the stored entry is not JSON: it was changed',
            },
          };
        }
        const fault = verifier.push({ seq: r.seq, prevHash: r.prev_hash, hash: r.hash, entry });
        if (fault) return { ok: false, count: verifier.count, fault };
      }
      if (rows.length < pageSize) break;
      from = rows.at(-1)!.seq + 1;
    }
    const fault = verifier.finish(recorded);
    return fault ? { ok: false, count: verifier.count, fault } : { ok: true, count: verifier.count, head: verifier.head };
  });
}

/** Freezes the ledger's head onto a circular at its publication (called in the publishing transaction). */
export async function anchorCircular(trx: Executor, circularId: string, at: Date): Promise<void> {
  await repo.insertAnchor(trx, circularId, await currentHead(trx), at.toISOString());
}

/** The head printed on a circular: frozen at publication; for one published before anchors, the head at its time. */
export async function circularAnchor(db: Executor, circular: { id: string; publishedAt: string | null }): Promise<ChainHead | null> {
  if (!circular.publishedAt) return null;
  return (await repo.findAnchor(db, circular.id)) ?? (await repo.headBefore(db, circular.publishedAt));
}
