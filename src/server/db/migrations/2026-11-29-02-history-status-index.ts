import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The cadence figures look up, for every problem, its last history row before
// a period's end (`problem_id = ? and at < ? order by at desc, id desc limit 1`)
// and read its to_status. With id and to_status in the index that is an
// index-only lookup: 30–40 % less time on both databases at 300,000 problems
// (docs/PERFORMANCE.md, "Cadence"). It replaces (problem_id, at), its prefix,
// so a history row still maintains one index per problem. `if (not) exists`:
// the benchmark applies it to its own database before it is released.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('problem_history_problem_status_idx')
    .ifNotExists()
    .on('problem_history')
    .columns(['problem_id', 'at', 'id', 'to_status'])
    .execute();
  await db.schema.dropIndex('problem_history_problem_idx').ifExists().execute();
}
