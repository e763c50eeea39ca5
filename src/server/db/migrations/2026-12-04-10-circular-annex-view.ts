import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// circulars.annex_view: JSON, what the detail, the Word file and the public
// page show of the annex (its tables cut to 500 rows and where they were cut,
// and the units named in it that may not be praised, with why), written with
// the annex in the same statement. A province's annex is about 16 MB of JSON,
// which every detail read and parsed to show 500 rows a table; only the Excel
// annex needs every row. Null on circulars written before this migration:
// their readers compute the view from the annex, as before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('circulars').addColumn('annex_view', 'text').execute();
}
