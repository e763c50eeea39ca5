import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The portal's masking dictionary (2026-12-03-02) learns the party members'
// names (党员名册): a secretary's progress note on a public problem naming the
// members who did something ("何卫东已补齐入党志愿书") showed them in full on
// the portal and in the public ledger, which mask only the names they know.
// Backfilled from the roster, then kept by a trigger like the others'.
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const token = dialect === 'postgres' ? `md5(random()::text || clock_timestamp()::text)` : `lower(hex(randomblob(8)))`;
  await sql
    .raw(
      `insert into masking_words (kind, word, token)
       select 'person', name, ${token} from (select distinct name from party_members) m
       where not exists (select 1 from masking_words w where w.kind = 'person' and w.word = m.name)
       order by name`,
    )
    .execute(db);

  if (dialect === 'sqlite') {
    const body = `insert into masking_words (kind, word, token)
         select 'person', NEW.name, ${token} where NEW.name is not null
         on conflict (kind, word) do nothing;`;
    await sql.raw(`create trigger masking_words_party_members_insert after insert on party_members begin ${body} end`).execute(db);
    await sql.raw(`create trigger masking_words_party_members_update after update of name on party_members begin ${body} end`).execute(db);
    return;
  }
  // PostgreSQL: masking_words_add (2026-12-03-02) takes the dictionary's advisory lock, as the other tables' trigger does.
  await sql
    .raw(
      `create function masking_words_note_member() returns trigger language plpgsql as $$
       begin
         perform masking_words_add('person', NEW.name);
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger masking_words_party_members after insert or update of name on party_members
       for each row execute function masking_words_note_member()`,
    )
    .execute(db);
}
