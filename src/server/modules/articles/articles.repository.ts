import type { ArticleImagesTable, ArticlesTable } from '../../db/database.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Executor } from '../../http/context.ts';

export async function insert(db: Executor, row: ArticlesTable): Promise<void> {
  await db.insertInto('articles').values(row).execute();
}

export function findById(db: Executor, id: string) {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ArticleRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export async function list(db: Executor, status: string | undefined, limit: number, offset: number) {
  let q = db.selectFrom('articles');
  if (status) q = q.where('status', '=', status);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: toNumber(total?.n) };
}

export type ArticleChanges = Partial<
  Pick<ArticlesTable, 'title' | 'source' | 'status' | 'published_at' | 'body' | 'summary' | 'tags' | 'published_by'>
>;

/** Conditional write: true when the row was at `version`. */
export async function updateIfVersion(db: Executor, id: string, version: number, changes: ArticleChanges, now: string): Promise<boolean> {
  const res = await db
    .updateTable('articles')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function listVillages(db: Executor, articleIds: readonly string[]) {
  if (articleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('article_villages as av')
    .innerJoin('organizations as o', 'o.id', 'av.organization_id')
    .select(['av.article_id', 'o.id', 'o.name'])
    .where('av.article_id', 'in', articleIds)
    .orderBy('o.name')
    .execute();
}

export async function replaceVillages(db: Executor, articleId: string, organizationIds: readonly string[]): Promise<void> {
  await db.deleteFrom('article_villages').where('article_id', '=', articleId).execute();
  if (organizationIds.length) {
    await db
      .insertInto('article_villages')
      .values([...new Set(organizationIds)].map((organization_id) => ({ article_id: articleId, organization_id })))
      .execute();
  }
}

export async function insertImage(db: Executor, row: ArticleImagesTable): Promise<void> {
  await db.insertInto('article_images').values(row).execute();
}

export function listImages(db: Executor, articleId: string) {
  return db.selectFrom('article_images').selectAll().where('article_id', '=', articleId).orderBy('uploaded_at').execute();
}

export function findImage(db: Executor, id: string) {
  return db.selectFrom('article_images').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The villages and communities among the ids (articles link to those only). */
export async function villageIds(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('organizations')
    .select('id')
    .where('id', 'in', ids)
    .where('kind', 'in', ['village', 'community'])
    .execute();
  return rows.map((r) => r.id);
}
