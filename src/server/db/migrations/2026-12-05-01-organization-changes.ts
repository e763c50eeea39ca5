import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Which organizations each generation of the organizations changed (issue 14).
// What is kept from the tree in memory (organization-directory.cache.ts, and
// the weekly reports list's units built from it) was read again whole once
// the generation moved: after one village renamed, a province's next weekly
// reports list took ≈ 210–270 ms (its 20,000 organizations read and the units
// sorted again). With this log a reader reads again only the organizations
// changed since the generation it holds.
//
// organization_changes holds a row per organization changed (its id) under
// the generation the change moved the table to. The generation's triggers
// (2026-12-04-12, 2026-12-04-16) are replaced by ones that move it and write
// the log in the same trigger, so a generation is never visible without its
// rows (a reader's rows may be newer: organization-directory.cache.ts reads the
// generation again after them); an update still moves it only when the row
// differs:
//
// - SQLite: every row changed moves the generation (as before) and logs itself
//   under the new value. The update trigger's WHEN names every column the
//   table has when this runs (organizations.generation.test.ts fails when a
//   later column is left out). Triggers before each insert, and each update of
//   the id or path, log a row of the same id or path (the table's unique keys),
//   which INSERT OR REPLACE and UPDATE OR REPLACE delete without its delete
//   trigger. Where the write is then ignored or fails, that row is left in the
//   log without a generation of its own: a reader reads it again for nothing.
//   The log is written so that it never conflicts (a statement's OR policy
//   would replace one in the trigger).
// - PostgreSQL: a constraint trigger deferred to commit, as before. The first
//   row of a transaction moves the generation and holds its row lock until
//   commit, so generations commit in their order; every row of the
//   transaction logs itself under that one generation.
//
// The log keeps the last 8,192 generations (a reader takes at most 2,000 rows
// of it at once, organizations.repository.ts MAX_CHANGES_READ): every 1,024th
// generation deletes the older rows. A reader further behind reads everything.
// Deletions start at the oldest, so a gap can only be at the start of what a
// reader asks for.

/** Generations the log keeps at least; the oldest are deleted every PRUNE_EVERY generations. */
const KEEP = 8_192;
const PRUNE_EVERY = 1_024;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('organization_changes')
    .addColumn('gen', 'bigint', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_changes_pk', ['gen', 'organization_id'])
    .execute();
  if (dialect === 'sqlite') {
    const generation = `(select n from data_generations where topic = 'organizations')`;
    // Never a conflict (not `insert or ignore`: a statement's OR policy, e.g. UPDATE OR FAIL, replaces the one in a
    // trigger's body, and a row logged twice would then fail the write).
    const log = (gen: string, id: string, from = '', where = '') =>
      `insert into organization_changes (gen, organization_id) select ${gen}, ${id} ${from}
       where ${where} not exists (select 1 from organization_changes c where c.gen = ${gen} and c.organization_id = ${id});`;
    // The bound is worked out once, before the range is read (a condition beside it is checked row by row).
    const prune = `delete from organization_changes
       where gen <= case when ${generation} % ${PRUNE_EVERY} = 0 then ${generation} - ${KEEP} else -1 end;`;
    const bump = `update data_generations set n = n + 1 where topic = 'organizations';`;
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info('organizations') order by cid`.execute(db);
    const differs = rows.map((c) => `OLD."${c.name}" is not NEW."${c.name}"`).join(' or ');
    // The rows a REPLACE would delete (another row of the new id or path), logged under the generation the write
    // moves to; where the write is ignored or fails, the row only makes a reader read that organization again.
    const replaced = (self: string) =>
      log(`${generation} + 1`, 'o.id', 'from organizations o', `(o.id = NEW.id or o.path = NEW.path) ${self} and`);
    await sql.raw(`create trigger organizations_generation_replace before insert on organizations begin ${replaced('')} end`).execute(db);
    await sql
      .raw(
        `create trigger organizations_generation_replace_update before update of id, path on organizations begin
           ${replaced('and o.id <> OLD.id')} end`,
      )
      .execute(db);
    const triggers: Record<'insert' | 'update' | 'delete', string> = {
      insert: `after insert on organizations begin ${bump} ${log(generation, 'NEW.id')} ${prune} end`,
      update: `after update on organizations when ${differs} begin ${bump} ${log(generation, 'NEW.id')}
        ${log(generation, 'OLD.id', '', 'OLD.id <> NEW.id and')} ${prune} end`,
      delete: `after delete on organizations begin ${bump} ${log(generation, 'OLD.id')} ${prune} end`,
    };
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql.raw(`drop trigger organizations_generation_${event}`).execute(db);
      await sql.raw(`create trigger organizations_generation_${event} ${triggers[event]}`).execute(db);
    }
    return;
  }
  await sql.raw(`drop trigger organizations_generation on organizations`).execute(db);
  await sql.raw(`drop trigger organizations_generation_update on organizations`).execute(db);
  await sql
    .raw(
      `create function organizations_generation_log() returns trigger language plpgsql as $$
       declare g bigint;
       begin
         -- The generation moves once per transaction (the flag lives until it ends), as data_generation_bump's.
         if coalesce(current_setting('taizhang.generation_moved_organizations', true), '') <> '1' then
           update data_generations set n = n + 1 where topic = 'organizations' returning n into g;
           perform set_config('taizhang.generation_moved_organizations', '1', true);
           if g % ${PRUNE_EVERY} = 0 then
             delete from organization_changes where gen <= g - ${KEEP};
           end if;
         else
           select n into g from data_generations where topic = 'organizations';
         end if;
         if tg_op <> 'DELETE' then
           insert into organization_changes (gen, organization_id) values (g, new.id) on conflict do nothing;
         end if;
         if tg_op <> 'INSERT' then
           insert into organization_changes (gen, organization_id) values (g, old.id) on conflict do nothing;
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger organizations_generation after insert or delete on organizations
       deferrable initially deferred for each row execute function organizations_generation_log()`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger organizations_generation_update after update on organizations
       deferrable initially deferred for each row when (old.* is distinct from new.*)
       execute function organizations_generation_log()`,
    )
    .execute(db);
}
