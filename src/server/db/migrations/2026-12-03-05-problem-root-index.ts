import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A database of several roots (the nation: 31 provinces, each a root) lists a
// root's ledger in deadline order. problems_due_idx (due_on, id) holds every
// root's problems interleaved: for the root whose problems come last within
// each deadline the page walked 58,797 other rows (province 31: 1,694 ms, p95
// 163 ms through the API; docs/SCALING.md). This index leads with the root's
// path: the first 38 characters of org_path, `/<36-character id>/`, which is
// what ids made by newId() give. problems.repository.ts applyFilter writes
// the same expression for a scope of that length, and the range on org_path
// for any other; both engines use an expression index when the query repeats
// its expression exactly.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index problems_root_due_idx on problems (substr(org_path, 1, 38), due_on, id)`.execute(db);
}
