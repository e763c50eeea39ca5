import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Until 2026-12-05 a problem's description (and other free text) could hold
// U+FFFE or U+FFFF, characters XML refuses: every .xlsx and .docx quoting
// such a text (the ledger export, the circular, its annex workbook) was
// written but could not be opened, not even by our own import. The API now
// refuses them (http/text-guard.ts). This repairs what was stored: each is
// replaced by U+FFFD (the replacement character) in every text column,
// except in the two hash chains (audit_events, public_chain_entries), whose
// rows must stay as they were hashed; they are read as JSON, never as XML.
// A lone surrogate cannot have been stored: both drivers write UTF-8, which
// has none.
const CHAINED = new Set(['audit_events', 'audit_chain_head', 'public_chain_entries', 'public_chain_head', 'circular_chain_anchors']);

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // A database being created has no organization yet, so no text at all: nothing to scan (every test database).
  if (!(await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst())) return;
  const columns =
    dialect === 'postgres'
      ? (
          await sql<{ t: string; c: string }>`
            select table_name as t, column_name as c from information_schema.columns
            where table_schema = current_schema() and data_type in ('text', 'character varying')
            order by table_name, ordinal_position`.execute(db)
        ).rows
      : (
          await sql<{ t: string; c: string; type: string }>`
            select m.name as t, p.name as c, p.type as type from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'
            order by m.name, p.cid`.execute(db)
        ).rows.filter((r) => /char|text|clob/i.test(r.type));

  const byTable = new Map<string, string[]>();
  for (const { t, c } of columns) {
    if (CHAINED.has(t) || t.startsWith('kysely_')) continue;
    byTable.set(t, [...(byTable.get(t) ?? []), c]);
  }
  const bad = (c: string) =>
    dialect === 'postgres'
      ? sql<boolean>`(strpos(${sql.ref(c)}, chr(65534)) > 0 or strpos(${sql.ref(c)}, chr(65535)) > 0)`
      : sql<boolean>`(instr(${sql.ref(c)}, char(65534)) > 0 or instr(${sql.ref(c)}, char(65535)) > 0)`;
  const repaired = (c: string) =>
    dialect === 'postgres'
      ? sql`replace(replace(${sql.ref(c)}, chr(65534), chr(65533)), chr(65535), chr(65533))`
      : sql`replace(replace(${sql.ref(c)}, char(65534), char(65533)), char(65535), char(65533))`;

  // One statement per column, each touching only the rows that hold such a character (none, almost always).
  for (const [table, cols] of byTable) {
    for (const c of cols) {
      await db
        .updateTable(table)
        .set({ [c]: repaired(c) })
        .where(bad(c))
        .execute();
    }
  }
}
