import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The public portal's masking dictionary (src/domain/masking.ts) without
// reading the ledger: every person's name the record has held (accounts,
// problem owners and lead officials, measure owners) and every organization
// name, kept by triggers in the writing statement's own transaction. Before,
// each public event (a public problem recorded or moved) scanned problems and
// measures for their distinct names: at province scale a scan of 300,000 rows
// per transition.
//
// Words are only ever added (a renamed person's old name stays: masking more
// is safe, masking less is not). `token` is random per row, so the newest
// row's (id, token) names the dictionary's content even where SQLite reuses
// the id of a row a rolled-back transaction had added: a reader that kept a
// dictionary compares that pair, one indexed row, and reloads when it moved
// (src/server/modules/portal/portal.mask.ts).

/** Any constant: the advisory lock's key (PostgreSQL). */
const MASKING_WORDS_LOCK = 7_316_420_175;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('masking_words')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    // 'person' | 'organization'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addUniqueConstraint('masking_words_kind_word_key', ['kind', 'word'])
    .execute();

  const token = dialect === 'postgres' ? `md5(random()::text || clock_timestamp()::text)` : `lower(hex(randomblob(8)))`;
  await sql
    .raw(
      `insert into masking_words (kind, word, token)
       select kind, word, ${token} from (
         select 'person' as kind, display_name as word from users
         union select 'person', owner_name from problems where owner_name is not null
         union select 'person', lead_official from problems where lead_official is not null
         union select 'person', owner_name from measures where owner_name is not null
         union select 'organization', name from organizations
       ) w
       order by kind, word`,
    )
    .execute(db);

  // The words each table contributes, as (kind, word) rows of NEW.
  const sources: Record<string, { columns: string[]; words: string }> = {
    users: { columns: ['display_name'], words: `select 'person' as kind, NEW.display_name as word` },
    problems: {
      columns: ['owner_name', 'lead_official'],
      words: `select 'person' as kind, NEW.owner_name as word union all select 'person', NEW.lead_official`,
    },
    measures: { columns: ['owner_name'], words: `select 'person' as kind, NEW.owner_name as word` },
    organizations: { columns: ['name'], words: `select 'organization' as kind, NEW.name as word` },
  };

  if (dialect === 'sqlite') {
    for (const [table, s] of Object.entries(sources)) {
      const body = `insert into masking_words (kind, word, token)
           select kind, word, ${token} from (${s.words}) where word is not null
           on conflict (kind, word) do nothing;`;
      await sql.raw(`create trigger masking_words_${table}_insert after insert on ${table} begin ${body} end`).execute(db);
      await sql
        .raw(`create trigger masking_words_${table}_update after update of ${s.columns.join(', ')} on ${table} begin ${body} end`)
        .execute(db);
    }
    return;
  }

  // PostgreSQL: a word is added under a transaction-scoped advisory lock, so
  // transactions that add words commit in the order of their ids: whoever sees
  // a word sees every word before it, and (newest id, token) names what a
  // reader sees. (SQLite has one writer at a time anyway.)
  await sql
    .raw(
      `create function masking_words_add(w_kind text, w_word text) returns void language plpgsql as $$
       begin
         if w_word is null or exists (select 1 from masking_words where kind = w_kind and word = w_word) then
           return;
         end if;
         perform pg_advisory_xact_lock(${MASKING_WORDS_LOCK});
         insert into masking_words (kind, word, token) values (w_kind, w_word, ${token})
         on conflict (kind, word) do nothing;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function masking_words_note() returns trigger language plpgsql as $$
       begin
         if TG_TABLE_NAME = 'users' then
           perform masking_words_add('person', NEW.display_name);
         elsif TG_TABLE_NAME = 'problems' then
           perform masking_words_add('person', NEW.owner_name);
           perform masking_words_add('person', NEW.lead_official);
         elsif TG_TABLE_NAME = 'measures' then
           perform masking_words_add('person', NEW.owner_name);
         elsif TG_TABLE_NAME = 'organizations' then
           perform masking_words_add('organization', NEW.name);
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  for (const [table, s] of Object.entries(sources)) {
    await sql
      .raw(
        `create trigger masking_words_${table} after insert or update of ${s.columns.join(', ')} on ${table}
         for each row execute function masking_words_note()`,
      )
      .execute(db);
  }
}
