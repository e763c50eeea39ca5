import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A notification is stored as its kind and parameters (JSON text, validated
// by the kind's zod schema in src/domain/notification-messages.ts) and put
// into words in the reader's language. title/body keep the Chinese words for
// the outbound channels; rows from before this migration have no parameters
// and are shown as stored.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('params', 'text').execute();
}
