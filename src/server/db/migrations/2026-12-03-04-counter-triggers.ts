import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// SQLite only. The counters' update and delete triggers took one away with
// `update problem_counters … where scope_id in (select value from json_each(OLD…))`:
// inside a trigger the subquery reads OLD, so SQLite did not search the primary
// key with it but scanned problem_counters and parsed the path for every row —
// 560 µs per status change in the demo district (317 counter rows), more the
// larger the tree, against 10 µs for the rest of the update. The same −1 as an
// upsert, like the +1 beside it, searches the key: 18 µs. A row that was
// missing (counters out of step, which `npx taizhang recount` repairs) now
// gets −1 instead of nothing; the counters test compares with a full recount.
// PostgreSQL's triggers already write both deltas as one sorted upsert.

const dueKey = (row: 'NEW' | 'OLD') => `case when ${row}.status in ('open', 'rectifying') then coalesce(${row}.due_on, '') else '' end`;
const pathIds = (row: 'NEW' | 'OLD') => `json_each('["' || replace(trim(${row}.org_path, '/'), '/', '","') || '"]')`;
const add = (row: 'NEW' | 'OLD', n: 1 | -1) =>
  `insert into problem_counters (scope_id, status, due_on, n)
   select j.value, ${row}.status, ${dueKey(row)}, ${n} from ${pathIds(row)} j where true
   on conflict (scope_id, status, due_on) do update set n = n ${n > 0 ? '+' : '-'} 1;`;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') return;
  // Outside a transaction here (Kysely runs SQLite migrations so): no other
  // process may change a problem between dropping a trigger and creating it.
  await sql`begin immediate`.execute(db);
  try {
    await sql`drop trigger problem_counters_delete`.execute(db);
    await sql.raw(`create trigger problem_counters_delete after delete on problems begin ${add('OLD', -1)} end`).execute(db);
    await sql`drop trigger problem_counters_update`.execute(db);
    await sql
      .raw(
        `create trigger problem_counters_update after update of status, due_on, org_path on problems
         when OLD.status is not NEW.status or OLD.org_path is not NEW.org_path or ${dueKey('OLD')} is not ${dueKey('NEW')}
         begin ${add('OLD', -1)} ${add('NEW', 1)} end`,
      )
      .execute(db);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}
