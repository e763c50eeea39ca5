import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// One problem-code scheme, WT-YYMM-NNNN (month of finding, then a number
// counted per month): the counter row of a month is taken and moved in the
// creating transaction (an upsert), so concurrent creators get different
// numbers; PostgreSQL holds the row lock until commit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('problem_code_counters')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
}
