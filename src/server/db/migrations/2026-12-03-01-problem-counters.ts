import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Ledger counts without reading the ledger (issue 14): problem_counters holds,
// for every organization, how many problems of its whole subtree are in each
// status; open and rectifying problems are further split by deadline, so that
// "overdue on any day" is a range of rows. A problem counts in its own
// organization and in every ancestor (the ids of its org_path), so the counts
// of any subtree are the rows of one scope_id: a province's whole-ledger counts
// read a few hundred rows, however many problems it has.
//
// Triggers keep the rows in the writing statement's own transaction, whatever
// writes problems (transitions, withdraw, edits, bulk changes, import, the demo
// seed, subtree moves, raw SQL): there is no code path to forget.
// `npx taizhang recount` rebuilds the table from problems.
//
// PostgreSQL: the counter rows near the root are shared by every write, and an
// updated row stays locked until commit. The triggers are constraint triggers
// deferred to commit: they run after the transaction took the audit chain's
// head row (every write through the app records an audit event, and the head
// is locked FOR UPDATE until commit), so writers reach the counters one at a
// time, hold them only while committing, and cannot deadlock on them, not even
// a bulk edit of many problems beside single transitions. Each problem's −1/+1
// deltas are applied in one statement, sorted by key, for writers outside the
// app as well.

/** The deadline part of the key: the due date of an open or rectifying problem, else ''. */
const dueKey = (row: 'NEW' | 'OLD') => `case when ${row}.status in ('open', 'rectifying') then coalesce(${row}.due_on, '') else '' end`;

/** SQLite: the organization ids of a path `/a/b/c/` as rows (value). */
const sqlitePathIds = (row: 'NEW' | 'OLD') => `json_each('["' || replace(trim(${row}.org_path, '/'), '/', '","') || '"]')`;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') return create(db, dialect);
  // Kysely runs SQLite migrations outside a transaction: take the write lock
  // so that no other process writes a problem between the first count and the
  // triggers (PostgreSQL's migration is one transaction; it locks problems).
  await sql`begin immediate`.execute(db);
  try {
    await create(db, dialect);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}

async function create(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('problem_counters')
    // An organization: the problem's own or one of its ancestors.
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // 'YYYY-MM-DD' for open and rectifying problems with a deadline, '' otherwise.
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_counters_pk', ['scope_id', 'status', 'due_on'])
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();

  // The default ledger order (deadline, then id) without sorting a province:
  // page 1 of a large scope walks this index (problems.repository list()).
  await db.schema.createIndex('problems_due_idx').on('problems').columns(['due_on', 'id']).execute();
  // A subtree's page (a subdistrict's 3,000 problems sorted for page 1; by
  // status for the overdue lists) answered from the index alone: the id joins
  // the key instead of a row lookup per matching problem (PostgreSQL read
  // 1,538 heap pages for a subdistrict's page 1 without it).
  await db.schema.dropIndex('problems_status_scope_idx').execute();
  await db.schema.createIndex('problems_status_scope_id_idx').on('problems').columns(['status', 'org_path', 'due_on', 'id']).execute();
  await db.schema.dropIndex('problems_scope_idx').execute();
  await db.schema.createIndex('problems_scope_id_idx').on('problems').columns(['org_path', 'status', 'due_on', 'id']).execute();

  if (dialect === 'sqlite') {
    await sql
      .raw(
        `insert into problem_counters (scope_id, status, due_on, n)
         select j.value, p.status, case when p.status in ('open', 'rectifying') then coalesce(p.due_on, '') else '' end, count(*)
         from problems p, json_each('["' || replace(trim(p.org_path, '/'), '/', '","') || '"]') j
         group by 1, 2, 3`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger problem_counters_insert after insert on problems begin
           insert into problem_counters (scope_id, status, due_on, n)
           select j.value, NEW.status, ${dueKey('NEW')}, 1 from ${sqlitePathIds('NEW')} j where true
           on conflict (scope_id, status, due_on) do update set n = n + 1;
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger problem_counters_delete after delete on problems begin
           update problem_counters set n = n - 1
           where status = OLD.status and due_on = ${dueKey('OLD')} and scope_id in (select value from ${sqlitePathIds('OLD')});
         end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger problem_counters_update after update of status, due_on, org_path on problems
         when OLD.status is not NEW.status or OLD.org_path is not NEW.org_path or ${dueKey('OLD')} is not ${dueKey('NEW')}
         begin
           update problem_counters set n = n - 1
           where status = OLD.status and due_on = ${dueKey('OLD')} and scope_id in (select value from ${sqlitePathIds('OLD')});
           insert into problem_counters (scope_id, status, due_on, n)
           select j.value, NEW.status, ${dueKey('NEW')}, 1 from ${sqlitePathIds('NEW')} j where true
           on conflict (scope_id, status, due_on) do update set n = n + 1;
         end`,
      )
      .execute(db);
    return;
  }

  // Writers (instances still on the old code) wait until the counters and
  // their triggers exist, so no write falls between the first count and the
  // first trigger.
  await sql`lock table problems in share row exclusive mode`.execute(db);
  await sql
    .raw(
      `insert into problem_counters (scope_id, status, due_on, n)
       select s.id, p.status, case when p.status in ('open', 'rectifying') then coalesce(p.due_on, '') else '' end, count(*)
       from problems p cross join lateral unnest(string_to_array(trim(both '/' from p.org_path), '/')) as s(id)
       group by 1, 2, 3`,
    )
    .execute(db);
  // One function for the three events: the deltas of the old row (−1 per
  // scope) and of the new one (+1), netted and applied in key order.
  await sql
    .raw(
      `create function problem_counters_apply() returns trigger language plpgsql as $$
       declare
         old_path text := null; old_status text := null; old_due text := null;
         new_path text := null; new_status text := null; new_due text := null;
       begin
         if TG_OP in ('UPDATE', 'DELETE') then
           old_path := OLD.org_path; old_status := OLD.status; old_due := ${dueKey('OLD')};
         end if;
         if TG_OP in ('UPDATE', 'INSERT') then
           new_path := NEW.org_path; new_status := NEW.status; new_due := ${dueKey('NEW')};
         end if;
         insert into problem_counters as c (scope_id, status, due_on, n)
         select d.scope_id, d.status, d.due_on, sum(d.n)
         from (
           select unnest(string_to_array(trim(both '/' from old_path), '/')) as scope_id, old_status as status, old_due as due_on, -1 as n
           where old_path is not null
           union all
           select unnest(string_to_array(trim(both '/' from new_path), '/')), new_status, new_due, 1
           where new_path is not null
         ) d
         group by d.scope_id, d.status, d.due_on
         having sum(d.n) <> 0
         order by d.scope_id, d.status, d.due_on
         on conflict (scope_id, status, due_on) do update set n = c.n + excluded.n;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger problem_counters_insert after insert on problems deferrable initially deferred
       for each row execute function problem_counters_apply()`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger problem_counters_delete after delete on problems deferrable initially deferred
       for each row execute function problem_counters_apply()`,
    )
    .execute(db);
  await sql
    .raw(
      `create constraint trigger problem_counters_update after update of status, due_on, org_path on problems
       deferrable initially deferred
       for each row when (OLD.status is distinct from NEW.status or OLD.org_path is distinct from NEW.org_path
         or ${dueKey('OLD')} is distinct from ${dueKey('NEW')})
       execute function problem_counters_apply()`,
    )
    .execute(db);
}
