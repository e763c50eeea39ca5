import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A write sent again with the same Idempotency-Key by the same user (a phone
// whose answer was lost on a weak link, trying again) gets the first answer
// instead of a second measure or photo: the key's request (method and route)
// and, once answered, its status and body. Rows are dropped after a day by the
// writes themselves (http/idempotency.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}
