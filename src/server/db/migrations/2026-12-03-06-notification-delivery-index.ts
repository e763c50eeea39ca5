import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The reminders job's delivery reads the oldest undelivered, unread
// notifications, 500 a run (notifications.repository.ts listUndelivered).
// notifications_delivery_idx (delivered_at, created_at) left PostgreSQL
// scanning and sorting every undelivered row (≈ 300 ms at province scale).
// This partial index holds only the rows still to send, in the order they
// are read, so a run reads its 500 from the front; a row leaves it when it
// is sent or read. It replaces the old index, which nothing else reads
// (one index fewer to write per notification inserted). Both engines use a
// partial index when the query repeats its conditions.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notifications_undelivered_idx on notifications (created_at, id) where delivered_at is null and read_at is null`.execute(
    db,
  );
  await db.schema.dropIndex('notifications_delivery_idx').execute();
}
