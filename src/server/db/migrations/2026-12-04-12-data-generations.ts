import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A generation per table that something derived is kept from in memory
// (issue 14): the weekly reports list of a province builds its 20,000 units
// from organizations and the week's reports, ≈ 230 ms a call. A reader keeps
// what it built under the two tables' generations and builds again only when
// one has moved. Triggers move them in the writing statement's own
// transaction, whatever writes the table (the app, a second instance, the
// CLI, the demo seed, raw SQL): there is no code path to forget.
//
// SQLite: a row trigger for each change (the writer holds the file's write
// lock anyway). PostgreSQL: a constraint trigger deferred to commit, like the
// problem counters' (2026-12-03-01): it runs after the transaction took the
// audit chain's head, so writers reach the row one at a time and cannot
// deadlock on it; it moves the generation once per transaction however many
// rows the transaction wrote (a subtree's move writes thousands).

const TOPICS = ['organizations', 'weekly_reports'] as const;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('data_generations')
    .addColumn('topic', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('data_generations')
    .values(TOPICS.map((topic) => ({ topic, n: 0 })))
    .execute();
  if (dialect === 'sqlite') {
    for (const topic of TOPICS)
      for (const event of ['insert', 'update', 'delete'])
        await sql
          .raw(
            `create trigger ${topic}_generation_${event} after ${event} on ${topic} begin
               update data_generations set n = n + 1 where topic = '${topic}';
             end`,
          )
          .execute(db);
    return;
  }
  await sql
    .raw(
      `create function data_generation_bump() returns trigger language plpgsql as $$
       begin
         -- Once per transaction and topic: the flag lives until the transaction ends.
         if coalesce(current_setting('taizhang.generation_moved_' || TG_ARGV[0], true), '') <> '1' then
           update data_generations set n = n + 1 where topic = TG_ARGV[0];
           perform set_config('taizhang.generation_moved_' || TG_ARGV[0], '1', true);
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  for (const topic of TOPICS)
    await sql
      .raw(
        `create constraint trigger ${topic}_generation after insert or update or delete on ${topic}
         deferrable initially deferred for each row execute function data_generation_bump('${topic}')`,
      )
      .execute(db);
}
