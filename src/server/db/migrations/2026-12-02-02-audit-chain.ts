import { type Kysely, sql } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// A tamper-evident audit log: every event stores its place in a hash chain
// (seq, the previous event's hash, its own hash; format in
// src/domain/hash-chain.ts), and a one-row head records where the chain ends.
// Each audited transaction reads the head under a row lock and moves it, which
// serializes writers so that the chain cannot fork. Rows written before this
// migration keep seq and hash empty here: the application chains them at
// start-up with the domain code (a partial index finds them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
  // SQLite cannot add a UNIQUE column; a unique index is the same guard (empty seqs do not collide).
  await db.schema.createIndex('audit_events_seq_idx').unique().on('audit_events').column('seq').execute();
  await db.schema
    .createIndex('audit_events_unchained_idx')
    .on('audit_events')
    .columns(['at', 'id'])
    .where(sql<boolean>`hash is null`)
    .execute();

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // The empty chain: seq 0 and the genesis hash (64 zeros).
  await db
    .insertInto('audit_chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();
}
