import type { IdempotencyKeysTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

export function find(db: Executor, userId: string, key: string): Promise<IdempotencyKeysTable | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

/** Claims the key for a request being answered; throws the database's unique violation when it is taken. */
export async function claim(db: Executor, row: { user_id: string; key: string; request: string; created_at: string }): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ ...row, status_code: null, body: null })
    .execute();
}

/** Keeps a request's answer; `request` completes what the key is for (an upload's fingerprint, known once read). */
export async function answer(db: Executor, userId: string, key: string, statusCode: number, body: string, request: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, body, request })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

export async function release(db: Executor, userId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute();
}

/** Takes over a claim left unanswered since `before` (its process ended mid-request); false when another did. */
export async function takeOverStale(db: Executor, userId: string, key: string, before: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function dropOlderThan(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
}
