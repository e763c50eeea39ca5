import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// 群众监督: the text a moderator published when it differs from what the villager wrote. The masking knows only the
// names the system holds, so a bystander named in a message ("邻居王建国…") went to the portal and the append-only
// public ledger in full; the moderator may now take such a name out before publishing. Null: published as written.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feedback').addColumn('public_body', 'text').execute();
}
