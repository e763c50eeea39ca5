import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The organizations' generation (2026-12-04-12) moved with every updated row,
// also with a row written back unchanged: a row lock taken by an update that
// changes nothing (circulars.repository.ts lockIssuer when a circular is drafted
// or published, organizations.repository.ts lockIfActive when a village is
// added or given to a liaison group). Everything kept from the organizations
// was then built again (a province: its dashboard's assessment ≈ 1–1.5 s, 一周一统计
// counted whole ≈ 0.5 s, the weekly reports list's units ≈ 0.25 s), though
// nothing had changed. Now an update moves it only when the row differs.
//
// SQLite: the update trigger gets a WHEN over every column the table has when
// this runs (a migration that adds a column to organizations must create the
// trigger again; organizations.generation.test.ts changes every column and
// fails otherwise). PostgreSQL: the constraint trigger gets
// WHEN (old.* is distinct from new.*).

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info('organizations') order by cid`.execute(db);
    const differs = rows.map((c) => `OLD."${c.name}" is not NEW."${c.name}"`).join(' or ');
    await sql.raw(`drop trigger organizations_generation_update`).execute(db);
    await sql
      .raw(
        `create trigger organizations_generation_update after update on organizations when ${differs} begin
           update data_generations set n = n + 1 where topic = 'organizations';
         end`,
      )
      .execute(db);
    return;
  }
  await sql.raw(`drop trigger organizations_generation on organizations`).execute(db);
  await sql
    .raw(
      `create constraint trigger organizations_generation after insert or delete on organizations
       deferrable initially deferred for each row execute function data_generation_bump('organizations')`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger organizations_generation_update after update on organizations
       deferrable initially deferred for each row when (old.* is distinct from new.*)
       execute function data_generation_bump('organizations')`,
    )
    .execute(db);
}
