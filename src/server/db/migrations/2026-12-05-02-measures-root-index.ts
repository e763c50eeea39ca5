import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// `GET /api/measures` at a root's scope (a province's officer, no filter) read
// every measure of the province through measures_scope_idx (org_path, due_on)
// and sorted them all for a page of 50: ≈ 300 ms at province scale (330,000
// measures). As problems_root_due_idx (migration 2026-12-03-05), this index
// leads with the root's path, the first 38 characters of org_path
// (`/<36-character id>/`), then the list's order: the page is the index's
// first rows. measures.repository.ts list writes the same expression for a
// scope of that length (both engines use an expression index only when the
// query repeats it exactly).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index measures_root_due_idx on measures (substr(org_path, 1, 38), due_on, id)`.execute(db);
}
