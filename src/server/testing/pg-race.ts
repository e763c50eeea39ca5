import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Db } from '../db/dialect.ts';

/**
 * Races made deterministic on PostgreSQL (read committed): a lock is held from a transaction of the test's own, the
 * requests are started in the order to be tested, each once the one before waits for that lock, and the lock is then
 * let go. SQLite runs one writer at a time, so these tests run on PostgreSQL only.
 */

/** Waits until `n` sessions of this database wait for a lock. */
export async function lockWaiters(db: Db, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely);
    if (Number(rows[0]!.n) >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} sessions waiting for a lock`);
}

/** The audit chain's head: every audited write takes it before its audit event, so writers take turns there. */
export const auditChainHead = (trx: Transaction<Database>) =>
  trx.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).forUpdate().execute();

/**
 * Holds the lock `take` takes, in a transaction of its own, while `run` runs; lets it go after. Answers `run`'s answer:
 * a request that waits for the lock must come back boxed (in an array), since `run`'s promise is awaited while held.
 */
export async function whileHolding<T>(db: Db, take: (trx: Transaction<Database>) => Promise<unknown>, run: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  const holder = db.kysely.transaction().execute(async (trx) => {
    await take(trx);
    held();
    await released;
  });
  await holding;
  try {
    return await run();
  } finally {
    release();
    await holder;
  }
}

/** Starts `first`, then `second` once `first` waits for the lock `take` holds, and lets both go once `second` waits too. */
export async function inTurn<A, B>(
  db: Db,
  take: (trx: Transaction<Database>) => Promise<unknown>,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[A, B]> {
  const [a, b] = await whileHolding(db, take, async () => {
    const a = first();
    await lockWaiters(db, 1);
    const b = second();
    await lockWaiters(db, 2);
    return [a, b] as const;
  });
  return Promise.all([a, b]);
}
