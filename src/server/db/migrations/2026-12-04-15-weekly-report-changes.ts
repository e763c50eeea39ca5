import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Which reports each generation of weekly_reports wrote (issue 14). The weekly
// reports list keeps a week's report states under that table's generation
// (2026-12-04-12); any write, one village's draft, made the next reader read
// the week's 20,000 reports again (≈ 40–60 ms at province scale, and on a
// Friday afternoon someone writes all the time). With this log a reader reads
// the reports written since the generation it holds, and only theirs.
//
// weekly_report_changes holds a row per report written (its id, week, kind of
// unit and unit: the old ones too when an update moves them) under the generation
// the write moved the table to. The generation's triggers are replaced by ones
// that move it and write the log in the same statement's trigger, so a
// generation is never visible without its rows:
//
// - SQLite: every row written moves the generation (as before) and logs itself
//   under the new value.
// - PostgreSQL: a constraint trigger deferred to commit, as before. The first
//   row of a transaction moves the generation and takes its row lock until
//   commit, so generations commit in their order; every row of the transaction
//   logs itself under that one generation.
//
// SQLite's INSERT OR REPLACE deletes the row it replaces without its delete
// trigger (recursive_triggers is off): a trigger before each insert logs where
// a report of the same id is now, under the generation the insert moves to.
//
// The log keeps the last 8,192 generations (a reader takes at most 2,000 rows
// of it at once, weekly-reports.repository.ts MAX_CHANGES_READ): every 1,024th
// generation deletes the older rows. A reader further behind than that (it
// finds the first generation it needs missing) reads the week again.
// Deletions start at the oldest, so a gap can only be at the start of what a
// reader asks for.

/** Generations the log keeps at least; the oldest are deleted every PRUNE_EVERY generations. */
const KEEP = 8_192;
const PRUNE_EVERY = 1_024;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('weekly_report_changes')
    .addColumn('gen', 'bigint', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('weekly_report_changes_pk', ['gen', 'report_id', 'week_start', 'unit_type', 'unit_id'])
    .execute();
  if (dialect === 'sqlite') {
    const generation = `(select n from data_generations where topic = 'weekly_reports')`;
    const log = (row: 'NEW' | 'OLD') =>
      `insert or ignore into weekly_report_changes (gen, report_id, week_start, unit_type, unit_id)
       values (${generation}, ${row}.id, ${row}.week_start, ${row}.unit_type, ${row}.unit_id);`;
    // The bound is worked out once, before the range is read (a condition beside it was checked row by row).
    const prune = `delete from weekly_report_changes
       where gen <= case when ${generation} % ${PRUNE_EVERY} = 0 then ${generation} - ${KEEP} else -1 end;`;
    const bump = `update data_generations set n = n + 1 where topic = 'weekly_reports';`;
    const moved = `OLD.id <> NEW.id or OLD.week_start <> NEW.week_start or OLD.unit_type <> NEW.unit_type or OLD.unit_id <> NEW.unit_id`;
    const bodies: Record<'insert' | 'update' | 'delete', string> = {
      insert: `${bump} ${log('NEW')} ${prune}`,
      update: `${bump} ${log('NEW')}
        insert or ignore into weekly_report_changes (gen, report_id, week_start, unit_type, unit_id)
        select ${generation}, OLD.id, OLD.week_start, OLD.unit_type, OLD.unit_id where ${moved}; ${prune}`,
      delete: `${bump} ${log('OLD')} ${prune}`,
    };
    await sql
      .raw(
        `create trigger weekly_reports_generation_replace before insert on weekly_reports begin
           insert or ignore into weekly_report_changes (gen, report_id, week_start, unit_type, unit_id)
           select ${generation} + 1, r.id, r.week_start, r.unit_type, r.unit_id from weekly_reports r where r.id = NEW.id;
         end`,
      )
      .execute(db);
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql.raw(`drop trigger weekly_reports_generation_${event}`).execute(db);
      await sql
        .raw(`create trigger weekly_reports_generation_${event} after ${event} on weekly_reports begin ${bodies[event]} end`)
        .execute(db);
    }
    return;
  }
  await sql.raw(`drop trigger weekly_reports_generation on weekly_reports`).execute(db);
  await sql
    .raw(
      `create function weekly_reports_generation_log() returns trigger language plpgsql as $$
       declare g bigint;
       begin
         -- The generation moves once per transaction (the flag lives until it ends), as data_generation_bump's.
         if coalesce(current_setting('taizhang.generation_moved_weekly_reports', true), '') <> '1' then
           update data_generations set n = n + 1 where topic = 'weekly_reports' returning n into g;
           perform set_config('taizhang.generation_moved_weekly_reports', '1', true);
           if g % ${PRUNE_EVERY} = 0 then
             delete from weekly_report_changes where gen <= g - ${KEEP};
           end if;
         else
           select n into g from data_generations where topic = 'weekly_reports';
         end if;
         if tg_op <> 'DELETE' then
           insert into weekly_report_changes (gen, report_id, week_start, unit_type, unit_id)
           values (g, new.id, new.week_start, new.unit_type, new.unit_id) on conflict do nothing;
         end if;
         if tg_op <> 'INSERT' then
           insert into weekly_report_changes (gen, report_id, week_start, unit_type, unit_id)
           values (g, old.id, old.week_start, old.unit_type, old.unit_id) on conflict do nothing;
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger weekly_reports_generation after insert or update or delete on weekly_reports
       deferrable initially deferred for each row execute function weekly_reports_generation_log()`,
    )
    .execute(db);
}
