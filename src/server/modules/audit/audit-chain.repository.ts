import type { ChainHead } from '../../../domain/hash-chain.ts';
import type { DialectKind } from '../../db/dialect.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { precompiled, precompiledQuery } from '../../db/precompiled.ts';

/**
 * The audit chain's bookkeeping: the one-row head, and reading the log in
 * chain order. Chained events are never updated or deleted here; the only
 * write to `audit_events` is `sealUnchained`, which fills the empty chain
 * columns of a row written before the chain existed.
 */

const HEAD_ID = 1;

export interface ChainedLink {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Reads the head and, on PostgreSQL, locks its row until the transaction ends:
 * the lock that makes concurrent writers take turns. SQLite has no row locks
 * and needs none: one connection runs one transaction at a time, and a second
 * process cannot commit a write between this read and ours (WAL refuses a
 * write from a stale snapshot).
 */
// Every audited write takes the head and moves it: precompiled (src/server/db/precompiled.ts).
const head = precompiled((db: Executor, id: number) => db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', id));
const headForUpdate = precompiled((db: Executor, id: number) =>
  db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', id).forUpdate(),
);
const guardedMove = precompiledQuery((db: Executor, id: number, seq: number, hash: string, fromSeq: number, fromHash: string) =>
  db.updateTable('audit_chain_head').set({ seq, hash }).where('id', '=', id).where('seq', '=', fromSeq).where('hash', '=', fromHash),
);

/** PostgreSQL transactions that hold the head's row lock (taken by lockHead; held until they end). */
const holding = new WeakSet<object>();

export async function lockHead(trx: Executor, kind: DialectKind): Promise<ChainHead> {
  const [row] = await (kind === 'postgres' ? headForUpdate : head)(trx, HEAD_ID);
  if (!row) throw new Error('audit_chain_head has no row: the audit-chain migration did not run');
  if (kind === 'postgres') holding.add(trx);
  return { seq: toNumber(row.seq), hash: row.hash };
}

/**
 * Whether this transaction already holds the head's lock (PostgreSQL): a writer that must take it before another
 * lock (the public chain's) need not ask again. False for an executor it was not taken through.
 */
export function holdsHeadLock(trx: Executor): boolean {
  return holding.has(trx);
}

/** The head without a lock (verification). */
export async function readHead(db: Executor): Promise<ChainHead | null> {
  const row = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', HEAD_ID).executeTakeFirst();
  return row ? { seq: toNumber(row.seq), hash: row.hash } : null;
}

/** Moves the head from `from` to `to`; guarded on `from` so a head moved by anyone else fails loudly. */
export async function moveHead(trx: Executor, from: ChainHead, to: ChainHead): Promise<void> {
  const res = await guardedMove(trx, HEAD_ID, to.seq, to.hash, from.seq, from.hash);
  if (res.numAffectedRows !== 1n) throw new Error(`audit chain head moved under a writer (expected seq ${from.seq})`);
}

const CHAIN_COLUMNS = [
  'id',
  'at',
  'type',
  'actor_id',
  'organization_id',
  'entity_type',
  'entity_id',
  'request_id',
  'data',
  'seq',
  'prev_hash',
  'hash',
] as const;

/** Chained events after `afterSeq`, in chain order: one page of a verification. */
export async function listChainPage(db: Executor, afterSeq: number, limit: number) {
  const rows = await db
    .selectFrom('audit_events')
    .select(CHAIN_COLUMNS)
    .where('seq', 'is not', null)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: r.seq === null ? null : toNumber(r.seq) }));
}
export type ChainRow = Awaited<ReturnType<typeof listChainPage>>[number];

/** Events not chained yet, oldest first (the partial index `audit_events_unchained_idx`). */
export async function listUnchained(db: Executor, limit: number) {
  return db.selectFrom('audit_events').select(CHAIN_COLUMNS).where('hash', 'is', null).orderBy('at').orderBy('id').limit(limit).execute();
}

/**
 * Events outside the chain: without a hash, or without a place (a row with a hash but no seq was read by no page of
 * a verification, and sealed by nothing: a forged event could hide there).
 */
export async function countUnchained(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.or([eb('hash', 'is', null), eb('seq', 'is', null)]))
    .executeTakeFirst();
  return toNumber(row?.n);
}

/** The oldest event outside the chain (as countUnchained counts them), for the verifier to name. */
export async function oldestUnchained(db: Executor): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('audit_events')
    .select('id')
    .where((eb) => eb.or([eb('hash', 'is', null), eb('seq', 'is', null)]))
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Gives a row written before the chain its place; a row already chained is left alone (returns false). */
export async function sealUnchained(trx: Executor, id: string, link: ChainedLink): Promise<boolean> {
  const res = await trx
    .updateTable('audit_events')
    .set({ seq: link.seq, prev_hash: link.prevHash, hash: link.hash })
    .where('id', '=', id)
    .where('hash', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows === 1n;
}
