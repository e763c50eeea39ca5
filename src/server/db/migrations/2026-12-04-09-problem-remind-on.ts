import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// problems.remind_on: the Shanghai day (YYYY-MM-DD) from which the reminders
// job should look at a problem again; null: nothing more to tell unless the
// problem changes. A write to a problem's status, deadline or submission sets
// it to the day of the write; the job, having told a problem's step (or found
// it told), moves it to the day of the next step (src/domain/reminders.ts
// nextReminderOn). A run reads the front of problems_remind_idx (remind_on <=
// today) instead of every problem in reach of a step (docs/PERFORMANCE.md,
// issue 14). The problems that may still have something to tell are marked
// '0000-01-01' ("look at it on the next run"): the first runs after the
// upgrade examine them once (the dedupe keys still hold: nothing is told twice).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('problems').addColumn('remind_on', 'text').execute();
  await sql`update problems set remind_on = '0000-01-01' where status in ('open', 'rectifying', 'submitted')`.execute(db);
  await sql`create index problems_remind_idx on problems (remind_on) where remind_on is not null`.execute(db);
}
