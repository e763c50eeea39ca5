import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// Without planner statistics SQLite chose (status, due_on) for subtree +
// overdue filters and walked every overdue row of the province; leading with
// status and then the path keeps a subtree's overdue page one index range
// (docs/PERFORMANCE.md: 241 ms → 4 ms p95 at 300,000 problems).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('problems_status_due_idx').execute();
  await db.schema.createIndex('problems_status_scope_idx').on('problems').columns(['status', 'org_path', 'due_on']).execute();
}
