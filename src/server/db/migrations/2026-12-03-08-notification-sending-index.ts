import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// notifications_sending_idx holds the notifications a reminders run took for
// sending and has not confirmed (delivery_error is the repository's
// SENDING_MARK, written out here as a frozen literal): the next runs give
// back those a run left when it stopped (a crash, a restart) without
// scanning the table (notifications.repository.ts reclaimInterrupted, which
// writes the same literal into its SQL: both engines use a partial index
// only when the query states its condition).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notifications_sending_idx on notifications (delivered_at) where delivery_error = ${sql.lit(SENDING_MARK)}`.execute(
    db,
  );
}

const SENDING_MARK = '发送中断，未确认是否送达 (sending was interrupted: it may not have gone out)';
