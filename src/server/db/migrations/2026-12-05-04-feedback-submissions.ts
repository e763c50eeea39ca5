import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The feedback form's limit of 10 per 10 minutes per sender, kept in the
// database so that it holds across several app instances on one PostgreSQL
// (docs/OPERATIONS.md), not only in one process's memory: each accepted
// submission's time with a keyed hash of the sender's address (never the
// address itself). Rows are dropped after an hour by the submissions
// themselves.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feedback_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_submissions_source_idx').on('feedback_submissions').columns(['source', 'at']).execute();
  await db.schema.createIndex('feedback_submissions_at_idx').on('feedback_submissions').column('at').execute();
}
