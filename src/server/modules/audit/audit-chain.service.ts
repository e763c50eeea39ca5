import { createHash } from 'node:crypto';
import { ChainVerifier, nextLink, type ChainEntry, type ChainFault, type ChainHead } from '../../../domain/hash-chain.ts';
import { type Db, type DialectKind, inReadSnapshot } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import * as chain from './audit-chain.repository.ts';

/** The audit log's hash chain (format in src/domain/hash-chain.ts). */

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The stored columns of an audit event that its hash covers. */
export interface AuditChainColumns {
  id: string;
  at: string;
  type: string;
  actor_id: string | null;
  organization_id: string | null;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  data: string;
}

/**
 * An audit event's chain entry: its columns under their column names, `data`
 * as the stored JSON text (not re-parsed), so the hash covers exactly the row.
 */
export function auditChainEntry(r: AuditChainColumns): ChainEntry {
  return {
    id: r.id,
    at: r.at,
    type: r.type,
    actor_id: r.actor_id,
    organization_id: r.organization_id,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    request_id: r.request_id,
    data: r.data,
  };
}

/**
 * Waits for the chain's turn now rather than at the write's audit event (PostgreSQL; nothing on SQLite): for a write
 * that takes a row lock others ask for while they already hold the chain (archiving an organization, which a
 * transaction recording problems there asks to share), so the two cannot wait on each other.
 */
export async function takeTurnInChain(trx: Executor, kind: DialectKind): Promise<void> {
  if (kind === 'postgres') await chain.lockHead(trx, kind);
}

/**
 * Takes the next place in the chain for an event about to be inserted in
 * `trx`. The head stays locked (PostgreSQL) until `trx` ends, so the next
 * writer waits and links to this event; a rollback leaves the head unmoved.
 */
export async function appendToChain(trx: Executor, kind: DialectKind, entry: ChainEntry): Promise<chain.ChainedLink> {
  const head = await chain.lockHead(trx, kind);
  const link = nextLink(sha256Hex, head, entry);
  await chain.moveHead(trx, head, { seq: link.seq, hash: link.hash });
  return link;
}

/**
 * Chains the events written before the chain existed, oldest first by (at, id), after the current head: once, on the
 * first start after the upgrade that brought the chain (its head still at 0). Idempotent: it only touches rows
 * without a hash. Once the chain has begun, an event without its place was written around the application: it is
 * never chained here (that gave a forged event a valid link), and `taizhang verify-audit` keeps naming it.
 * Run at start-up after the migrations. Returns how many rows it chained.
 */
export async function chainUnchainedEvents(db: Db, batchSize = 1000): Promise<number> {
  if ((await chain.readHead(db.kysely))?.seq !== 0) return 0;
  let total = 0;
  for (;;) {
    const sealed = await db.kysely.transaction().execute(async (trx) => {
      // The head first: a second instance starting at once waits here, then finds what the first left to seal.
      const from = await chain.lockHead(trx, db.kind);
      const rows = await chain.listUnchained(trx, batchSize);
      if (rows.length === 0) return 0;
      let head = from;
      for (const row of rows) {
        const link = nextLink(sha256Hex, head, auditChainEntry(row));
        if (!(await chain.sealUnchained(trx, row.id, link))) throw new Error(`audit event ${row.id} was chained by another process`);
        head = { seq: link.seq, hash: link.hash };
      }
      await chain.moveHead(trx, from, head);
      return rows.length;
    });
    total += sealed;
    if (sealed < batchSize) return total;
  }
}

export type AuditChainReport =
  { ok: true; count: number; head: ChainHead } | { ok: false; count: number; fault: ChainFault & { id: string | null }; unchained: number };

/**
 * Recomputes the whole chain in seq order, page by page, and compares its end
 * with the recorded head, all in one snapshot (PostgreSQL: repeatable read),
 * so it can run beside writers. Rows without a hash are a fault too (named by
 * the oldest), since nothing vouches for them.
 */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<AuditChainReport> {
  return inReadSnapshot(db, async (trx) => {
    const recorded = await chain.readHead(trx);
    const verifier = new ChainVerifier(sha256Hex);
    let fault: (ChainFault & { id: string | null }) | null = null;
    for (let afterSeq = 0; ;) {
      const rows = await chain.listChainPage(trx, afterSeq, pageSize);
      for (const r of rows) {
        const f = verifier.push({ seq: r.seq, prevHash: r.prev_hash, hash: r.hash, entry: auditChainEntry(r) });
        if (f) {
          fault = { ...f, id: r.id };
          break;
        }
      }
      if (fault || rows.length < pageSize) break;
      afterSeq = rows.at(-1)!.seq!;
    }
    if (!fault && !recorded) {
      fault = {
        reason: 'head-mismatch',
        position: verifier.count,
        seq: null,
        id: null,
        detail: 'the chain head (audit_chain_head) is missing',
      };
    }
    if (!fault && recorded) {
      const f = verifier.finish(recorded);
      if (f) fault = { ...f, id: null };
    }
    const unchained = await chain.countUnchained(trx);
    if (!fault && unchained > 0) {
      const oldest = await chain.oldestUnchained(trx);
      fault = {
        reason: 'unchained',
        position: verifier.count,
        seq: null,
        id: oldest?.id ?? null,
        detail: `${unchained} event(s) have no place in the chain: written around the application, not by it (never chained afterwards: investigate them)`,
      };
    }
    return fault ? { ok: false, count: verifier.count, fault, unchained } : { ok: true, count: verifier.count, head: verifier.head };
  });
}
