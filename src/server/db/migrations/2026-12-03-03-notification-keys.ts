import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The reminders job asks, for each reminder step due today, whether its notice
// was ever sent (a notification with its dedupe key, to anyone): an index on
// the key alone answers that per problem (the unique key leads with the user).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notifications_key_idx').on('notifications').column('dedupe_key').execute();
}
