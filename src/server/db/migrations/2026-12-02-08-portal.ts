import type { Kysely } from 'kysely';

// Frozen: never edit after release; add a new migration instead.
// The public portal (issue 12):
// - the public ledger: a hash chain of public events (format in
//   src/domain/hash-chain.ts and docs/PUBLIC-LEDGER.md), each entry stored as
//   the canonical JSON text it was hashed from, with a one-row head that every
//   append locks and moves, as the audit chain does;
// - which evidence photos are shown on the portal (a row per published photo,
//   with an optional caption), so the evidence table itself is untouched;
// - work news (工作动态): articles with their images (bytes in the evidence
//   store), tags and linked villages, and a view count for 新闻推荐;
// - villagers' feedback (群众监督) waiting for moderation, with the public
//   reply, the reason of a rejection and the ledger problem made from it;
// - the public chain head printed on each published circular (paper anchor).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('public_chain_entries')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    // The village the entry is about (every public event names one), for its page's own list.
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    // The entry exactly as hashed: RFC 8785 canonical JSON text.
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('public_chain_org_idx').on('public_chain_entries').columns(['organization_id', 'seq']).execute();
  await db.schema.createIndex('public_chain_subject_idx').on('public_chain_entries').columns(['subject_id', 'seq']).execute();

  await db.schema
    .createTable('public_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('public_chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  await db.schema
    .createTable('public_evidence')
    .addColumn('evidence_id', 'text', (c) => c.primaryKey().references('evidence.id'))
    .addColumn('caption', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    // The source line: who wrote or first printed it (华商报, 区党群工作部).
    .addColumn('source', 'text', (c) => c.notNull())
    // 'draft' | 'published' | 'unpublished'
    .addColumn('status', 'text', (c) => c.notNull())
    // The time on the source line: set when first published, editable.
    .addColumn('published_at', 'text')
    // Sanitized on the server (sanitize-html) before it is stored.
    .addColumn('body', 'text', (c) => c.notNull())
    // Plain text of the first lines, for lists.
    .addColumn('summary', 'text', (c) => c.notNull())
    // JSON array of tags.
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_status_idx').on('articles').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('article_images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_images_article_idx').on('article_images').columns(['article_id', 'uploaded_at']).execute();

  await db.schema
    .createTable('article_villages')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addPrimaryKeyConstraint('article_villages_pk', ['article_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('article_villages_org_idx').on('article_villages').columns(['organization_id', 'article_id']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('org_path', 'text', (c) => c.notNull())
    .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
    // 'comment' (意见建议) | 'report' (反映问题)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // How the writer wants to be called, if at all (shown masked).
    .addColumn('author_name', 'text')
    // 'pending' | 'published' | 'rejected'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('replied_at', 'text')
    .addColumn('replied_by', 'text', (c) => c.references('users.id'))
    .addColumn('reject_reason', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('moderated_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    // The ledger problem an officer recorded from it (linked both ways: the problem's page finds it by this column).
    .addColumn('converted_problem_id', 'text', (c) => c.unique().references('problems.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_status_idx').on('feedback').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('feedback_org_idx').on('feedback').columns(['organization_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('feedback_problem_idx').on('feedback').columns(['problem_id', 'status']).execute();

  await db.schema
    .createTable('circular_chain_anchors')
    .addColumn('circular_id', 'text', (c) => c.primaryKey().references('circulars.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}
