import type { ChainHead } from '../../../domain/hash-chain.ts';
import type { PublicChainEntriesTable } from '../../db/database.ts';
import { type DialectKind, toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';
import { precompiled, precompiledQuery } from '../../db/precompiled.ts';
import { holdsHeadLock } from '../audit/audit-chain.repository.ts';

/**
 * The public ledger's rows: append-only (insert and reads; nothing here
 * updates or deletes an entry) and the one-row head.
 */

const HEAD_ID = 1;

/** Reads the head and, on PostgreSQL, locks it until the transaction ends (writers take turns). */
// Every audited write takes the head and moves it: precompiled (src/server/db/precompiled.ts).
const head = precompiled((db: Executor, id: number) => db.selectFrom('public_chain_head').select(['seq', 'hash']).where('id', '=', id));
const headForUpdate = precompiled((db: Executor, id: number) =>
  db.selectFrom('public_chain_head').select(['seq', 'hash']).where('id', '=', id).forUpdate(),
);
const guardedMove = precompiledQuery((db: Executor, id: number, seq: number, hash: string, fromSeq: number, fromHash: string) =>
  db.updateTable('public_chain_head').set({ seq, hash }).where('id', '=', id).where('seq', '=', fromSeq).where('hash', '=', fromHash),
);

export async function lockHead(trx: Executor, kind: DialectKind): Promise<ChainHead> {
  const [row] = await (kind === 'postgres' ? headForUpdate : head)(trx, HEAD_ID);
  if (!row) throw new Error('public_chain_head has no row: the portal migration did not run');
  return { seq: toNumber(row.seq), hash: row.hash };
}

/**
 * Takes the audit chain's head lock first: every audited transaction holds it
 * before anything else, so taking the two in the same order everywhere keeps
 * two writers from waiting on each other for ever.
 */
export async function lockAuditHeadFirst(trx: Executor, kind: DialectKind): Promise<void> {
  // A transaction that recorded its audit event first holds the lock already (a round trip fewer a transition).
  if (kind === 'postgres' && !holdsHeadLock(trx))
    await trx.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).forUpdate().execute();
}

export async function readHead(db: Executor): Promise<ChainHead | null> {
  const row = await db.selectFrom('public_chain_head').select(['seq', 'hash']).where('id', '=', HEAD_ID).executeTakeFirst();
  return row ? { seq: toNumber(row.seq), hash: row.hash } : null;
}

/** Moves the head from `from` to `to`, guarded on `from`. */
export async function moveHead(trx: Executor, from: ChainHead, to: ChainHead): Promise<void> {
  const res = await guardedMove(trx, HEAD_ID, to.seq, to.hash, from.seq, from.hash);
  if (res.numAffectedRows !== 1n) throw new Error(`public chain head moved under a writer (expected seq ${from.seq})`);
}

const insertEntry = precompiledQuery(
  (
    db: Executor,
    seq: number,
    at: string,
    type: string,
    organizationId: string | null,
    subjectType: string,
    subjectId: string | null,
    entry: string,
    prevHash: string,
    hash: string,
  ) =>
    db.insertInto('public_chain_entries').values({
      seq,
      at,
      type,
      organization_id: organizationId,
      subject_type: subjectType,
      subject_id: subjectId,
      entry,
      prev_hash: prevHash,
      hash,
    }),
);

export async function insert(trx: Executor, r: PublicChainEntriesTable): Promise<void> {
  await insertEntry(trx, r.seq, r.at, r.type, r.organization_id, r.subject_type, r.subject_id, r.entry, r.prev_hash, r.hash);
}

export async function insertMany(trx: Executor, rows: readonly PublicChainEntriesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await trx
      .insertInto('public_chain_entries')
      .values(rows.slice(i, i + 100))
      .execute();
}

const COLUMNS = ['seq', 'at', 'type', 'organization_id', 'subject_type', 'subject_id', 'entry', 'prev_hash', 'hash'] as const;

/** Entries with seq ≥ `fromSeq`, in chain order. */
export async function listFrom(db: Executor, fromSeq: number, limit: number) {
  const rows = await db
    .selectFrom('public_chain_entries')
    .select(COLUMNS)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: toNumber(r.seq) }));
}
export type PublicChainRow = Awaited<ReturnType<typeof listFrom>>[number];

/** A village's latest entries, newest first. */
export async function listOfOrganization(db: Executor, organizationId: string, limit: number) {
  const rows = await db
    .selectFrom('public_chain_entries')
    .select(COLUMNS)
    .where('organization_id', '=', organizationId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: toNumber(r.seq) }));
}

/** The head as it stood at an instant: the last entry written before it (paper anchors printed later). */
export async function headBefore(db: Executor, at: string): Promise<ChainHead | null> {
  const row = await db
    .selectFrom('public_chain_entries')
    .select(['seq', 'hash'])
    .where('at', '<=', at)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: toNumber(row.seq), hash: row.hash } : null;
}

/** The circular's anchor (the head when it was published). */
export async function findAnchor(db: Executor, circularId: string): Promise<ChainHead | null> {
  const row = await db
    .selectFrom('circular_chain_anchors')
    .select(['seq', 'hash'])
    .where('circular_id', '=', circularId)
    .executeTakeFirst();
  return row ? { seq: toNumber(row.seq), hash: row.hash } : null;
}

export async function insertAnchor(trx: Executor, circularId: string, head: ChainHead, at: string): Promise<void> {
  await trx.insertInto('circular_chain_anchors').values({ circular_id: circularId, seq: head.seq, hash: head.hash, at }).execute();
}
