import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A row's copy of its organization's path (org_path, read for scope) is the
// organization's path as the row is written, whatever the writer read before.
// A move rewrites the copies in its transaction (organizations.repository.ts
// rewriteCopiedPaths); a writer that read the old path before the move
// committed and inserted after it stored a stale copy: the old 街道 kept
// reading the row, the new one never did.
//
// SQLite: after an insert (or a change of organization_id), a copy that
// differs from the organization's path is set to it (one writer at a time
// holds the file, so the path read here is the committed one).
// PostgreSQL: before an insert (or a change of organization_id) the row takes
// the organization's path, under a shared transaction-level advisory lock that
// a move takes exclusively as its first statement (ORGANIZATION_TREE_LOCK in
// organizations.repository.ts): a move waits for every transaction that has
// written such a row to end (their rows are then visible to its rewrite), and
// such a writer waits for a move under way to commit (it then reads the new
// path: the function is volatile, each statement sees what committed before it).
//
// The tables are those of TABLES_FOLLOWING_ORG_PATH when this was written;
// organizations.move-paths.test.ts checks that every table of that list has
// its trigger.

const TABLES = [
  'problems',
  'measures',
  'weekly_reports',
  'circulars',
  'interviews',
  'village_reviews',
  'village_plans',
  'visit_organizations',
  'visit_tasks',
  'venues',
  'venue_projects',
  'venue_files',
  'fund_allocations',
  'fund_spendings',
  'feedback',
  'party_members',
  'study_plans',
  'study_sessions',
  'study_files',
  'party_meetings',
  'study_tours',
  'tour_participants',
  'tour_takeaways',
  'service_halls',
  'duty_signins',
] as const;

/** The advisory lock's key (organizations.repository.ts ORGANIZATION_TREE_LOCK). */
const LOCK_KEY = 7_412_503_001;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') {
    for (const table of TABLES) {
      const path = `(select o.path from organizations o where o.id = NEW.organization_id)`;
      const body = `update ${table} set org_path = ${path} where rowid = NEW.rowid;`;
      const when = `when NEW.organization_id is not null and NEW.org_path is not ${path}`;
      await sql.raw(`create trigger ${table}_org_path_follows after insert on ${table} ${when} begin ${body} end`).execute(db);
      await sql
        .raw(`create trigger ${table}_org_path_follows_move after update of organization_id on ${table} ${when} begin ${body} end`)
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create function org_path_follows() returns trigger language plpgsql volatile as $$
       declare p text;
       begin
         if new.organization_id is null then return new; end if;
         perform pg_advisory_xact_lock_shared(${LOCK_KEY});
         select o.path into p from organizations o where o.id = new.organization_id;
         if found then new.org_path := p; end if;
         return new;
       end $$`,
    )
    .execute(db);
  for (const table of TABLES)
    await sql
      .raw(
        `create trigger ${table}_org_path_follows before insert or update of organization_id on ${table}
         for each row execute function org_path_follows()`,
      )
      .execute(db);
}
