import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  ArticleAction,
  ArticleDetail,
  ArticleImage,
  ArticleList,
  ArticleListQuery,
  ArticleStatus,
  ArticleSummary,
  ArticleTransitionBody,
  CreateArticleBody,
  UpdateArticleBody,
} from '../../../domain/contracts/articles.ts';
import { sniffFileType } from '../../../domain/file-types.ts';
import type { ArticlesTable } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, AuthedContext, Executor } from '../../http/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { notePortalChange } from '../portal/portal.cache.ts';
import { loadMasker } from '../portal/portal.mask.ts';
import { actorCanDistrictWide } from '../settings/settings.service.ts';
import { ARTICLE_IMAGE_PATH, maskArticleHtml, sanitizeArticleHtml, summaryOf } from './article-html.ts';
import * as repo from './articles.repository.ts';

/**
 * 工作动态: officers (portal.publish, district-wide) write articles, preview
 * them as the portal will show them, publish and unpublish (with a reason):
 * each step one transaction with its audit event. Bodies are sanitized on the
 * server before they are stored; the portal masks them again when it shows them.
 */

const ARTICLE = '工作动态';
/** Where officers see an article's images before it is published. */
export const PREVIEW_IMAGE_PATH = '/api/article-images/';

const canWrite = (actor: Actor) => actorCanDistrictWide(actor, 'portal.publish');

function requireWriter(ctx: AuthedContext): void {
  if (!canWrite(ctx.actor)) throw forbidden('只有区党群工作部干部可以撰写和发布工作动态');
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function allowedActions(actor: Actor, status: ArticleStatus): ArticleAction[] {
  if (!canWrite(actor)) return [];
  return ['edit', 'uploadImage', ...(status === 'published' ? (['unpublish'] as const) : (['publish'] as const))];
}

function summary(row: repo.ArticleRow, villages: Array<{ id: string; name: string }>): ArticleSummary {
  return {
    id: row.id,
    title: row.title,
    source: row.source,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at,
    summary: row.summary,
    tags: parseTags(row.tags),
    villages,
    views: Number(row.views),
    isSample: Number(row.is_sample) === 1,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

function presentImage(i: Awaited<ReturnType<typeof repo.listImages>>[number]): ArticleImage {
  return { id: i.id, url: `${ARTICLE_IMAGE_PATH}${i.id}`, caption: i.caption, mime: i.mime, size: Number(i.size) };
}

async function detail(ctx: AuthedContext, db: Executor, id: string): Promise<ArticleDetail> {
  const row = await repo.findById(db, id);
  if (!row) throw notFound(ARTICLE);
  const [villages, images] = await Promise.all([repo.listVillages(db, [id]), repo.listImages(db, id)]);
  return {
    ...summary(
      row,
      villages.map((v) => ({ id: v.id, name: v.name })),
    ),
    body: row.body,
    images: images.map(presentImage),
    publicUrl: row.status === 'published' ? `/public/news/${row.id}` : null,
    allowedActions: allowedActions(ctx.actor, row.status as ArticleStatus),
  };
}

function snapshot(row: Pick<ArticlesTable, 'title' | 'source' | 'body' | 'tags' | 'published_at'>, villageIds: readonly string[]) {
  return {
    title: row.title,
    source: row.source,
    bodyLength: row.body.length,
    tags: parseTags(row.tags),
    publishedAt: row.published_at,
    villageIds,
  };
}

/** Articles for officers (drafts too). Throws FORBIDDEN without portal.publish. */
export async function listArticles(ctx: AuthedContext, query: ArticleListQuery): Promise<ArticleList> {
  requireWriter(ctx);
  const { rows, total } = await repo.list(ctx.db.kysely, query.status, query.pageSize, (query.page - 1) * query.pageSize);
  const villages = await repo.listVillages(
    ctx.db.kysely,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) =>
      summary(
        r,
        villages.filter((v) => v.article_id === r.id).map((v) => ({ id: v.id, name: v.name })),
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
    canWrite: canWrite(ctx.actor),
  };
}

/** Throws FORBIDDEN, NOT_FOUND. */
export async function getArticle(ctx: AuthedContext, id: string): Promise<ArticleDetail> {
  requireWriter(ctx);
  return detail(ctx, ctx.db.kysely, id);
}

/** A few minutes' grace for a writer's clock ahead of the server's. */
const PUBLISHED_AT_GRACE_MS = 10 * 60_000;

/**
 * The source line's time as stored. Not later than now: a 2030 date was taken, and the portal's news then listed
 * that article first for years. Throws VALIDATION_FAILED.
 */
function publishedAtOf(value: string | null | undefined, now: Date): string | null {
  if (!value) return null;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + PUBLISHED_AT_GRACE_MS)
    throw new AppError('VALIDATION_FAILED', '发布时间不能晚于现在 (the source line’s time cannot be in the future)', {
      fields: [{ in: 'body', path: 'publishedAt', message: 'in the future' }],
    });
  return at.toISOString();
}

/** Drafts an article. Throws FORBIDDEN, VALIDATION_FAILED (a village that is not one). */
export async function createArticle(ctx: AuthedContext, body: CreateArticleBody): Promise<ArticleDetail> {
  requireWriter(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const villageIds = await checkedVillages(trx, body.villageIds);
    const at = ctx.now.toISOString();
    const clean = sanitizeArticleHtml(body.body);
    const row: ArticlesTable = {
      id: newId(),
      title: body.title,
      source: body.source,
      status: 'draft',
      published_at: publishedAtOf(body.publishedAt, ctx.now),
      body: clean,
      summary: summaryOf(clean),
      tags: JSON.stringify(body.tags),
      views: 0,
      is_sample: 0,
      created_by: ctx.actor.userId,
      published_by: null,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await repo.insert(trx, row);
    await repo.replaceVillages(trx, row.id, villageIds);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'article.created', after: snapshot(row, villageIds) },
      { entityType: 'article', entityId: row.id, organizationId: null },
    );
    return detail(ctx, trx, row.id);
  });
}

async function checkedVillages(db: Executor, ids: readonly string[]): Promise<string[]> {
  const found = await repo.villageIds(db, ids);
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', '相关村须为村或社区', {
      fields: missing.map((id) => ({ in: 'body', path: `villageIds.${ids.indexOf(id)}`, message: 'not a village or community' })),
    });
  }
  return found;
}

/** Edits an article (a published one changes on the portal at once). Throws FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION_FAILED. */
export async function updateArticle(ctx: AuthedContext, id: string, body: UpdateArticleBody): Promise<ArticleDetail> {
  requireWriter(ctx);
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await repo.findById(trx, id);
    if (!before) throw notFound(ARTICLE);
    if (Number(before.version) !== body.version) throw conflict(ARTICLE);
    const beforeVillages = (await repo.listVillages(trx, [id])).map((v) => v.id);
    const villageIds = body.villageIds !== undefined ? await checkedVillages(trx, body.villageIds) : beforeVillages;
    const clean = body.body !== undefined ? sanitizeArticleHtml(body.body) : undefined;
    const changes: repo.ArticleChanges = {
      ...(body.title !== undefined && { title: body.title }),
      ...(body.source !== undefined && { source: body.source }),
      ...(clean !== undefined && { body: clean, summary: summaryOf(clean) }),
      ...(body.tags !== undefined && { tags: JSON.stringify(body.tags) }),
      ...(body.publishedAt !== undefined && { published_at: publishedAtOf(body.publishedAt, ctx.now) ?? before.published_at }),
    };
    if (!(await repo.updateIfVersion(trx, id, body.version, changes, ctx.now.toISOString()))) throw conflict(ARTICLE);
    if (body.villageIds !== undefined) await repo.replaceVillages(trx, id, villageIds);
    const after = (await repo.findById(trx, id))!;
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'article.updated', before: snapshot(before, beforeVillages), after: snapshot(after, villageIds) },
      { entityType: 'article', entityId: id, organizationId: null },
    );
    return detail(ctx, trx, id);
  });
  notePortalChange();
  return result;
}

/**
 * Publishes (the time line set to now on first publication, unless given) or
 * unpublishes with a reason, audited. Throws FORBIDDEN, NOT_FOUND, CONFLICT,
 * INVALID_TRANSITION, VALIDATION_FAILED (unpublish without a reason).
 */
export async function transitionArticle(ctx: AuthedContext, id: string, body: ArticleTransitionBody): Promise<ArticleDetail> {
  requireWriter(ctx);
  const result = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findById(trx, id);
    if (!row) throw notFound(ARTICLE);
    if (Number(row.version) !== body.version) throw conflict(ARTICLE);
    const at = ctx.now.toISOString();
    const target = { entityType: 'article' as const, entityId: id, organizationId: null };
    if (body.action === 'publish') {
      if (row.status === 'published') throw new AppError('INVALID_TRANSITION', '已发布 (already published)');
      if (!row.body.trim()) throw new AppError('INVALID_TRANSITION', '正文为空，不能发布 (the body is empty)');
      const publishedAt = row.published_at ?? at;
      if (
        !(await repo.updateIfVersion(
          trx,
          id,
          body.version,
          { status: 'published', published_at: publishedAt, published_by: ctx.actor.userId },
          at,
        ))
      )
        throw conflict(ARTICLE);
      await recordAuditEvent(trx, ctx, { type: 'article.published', title: row.title, publishedAt }, target);
    } else {
      if (row.status !== 'published') throw new AppError('INVALID_TRANSITION', '未发布的文章不需要撤下 (not published)');
      const reason = body.reason?.trim();
      if (!reason)
        throw new AppError('VALIDATION_FAILED', '撤下需要填写理由', { fields: [{ in: 'body', path: 'reason', message: 'required' }] });
      if (!(await repo.updateIfVersion(trx, id, body.version, { status: 'unpublished' }, at))) throw conflict(ARTICLE);
      await recordAuditEvent(trx, ctx, { type: 'article.unpublished', title: row.title, reason }, target);
    }
    return detail(ctx, trx, id);
  });
  notePortalChange();
  return result;
}

/** The body as the portal will show it: sanitized and masked; images from the officers' address until published. */
export async function previewArticle(ctx: AuthedContext, body: string): Promise<{ html: string }> {
  requireWriter(ctx);
  const masker = await loadMasker(ctx.db.kysely);
  return {
    html: maskArticleHtml(body, (text) => masker.text(text))
      .split(ARTICLE_IMAGE_PATH)
      .join(PREVIEW_IMAGE_PATH),
  };
}

function storedPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** Adds an image (JPG/PNG/GIF/WebP by content) to an article. Throws FORBIDDEN, NOT_FOUND, UNSUPPORTED_MEDIA_TYPE, VALIDATION_FAILED. */
export async function uploadArticleImage(
  ctx: AuthedContext,
  dataDir: string,
  articleId: string,
  caption: string | null,
  fileName: string,
  bytes: Buffer,
): Promise<ArticleImage> {
  requireWriter(ctx);
  if (bytes.length === 0)
    throw new AppError('VALIDATION_FAILED', '文件是空的', { fields: [{ in: 'body', path: 'file', message: 'empty file' }] });
  const sniffed = sniffFileType(bytes, fileName);
  if (!sniffed || !sniffed.mime.startsWith('image/')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只能上传照片（JPG、PNG、GIF、WebP）');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await repo.findById(trx, articleId))) throw notFound(ARTICLE);
    const file = storedPath(dataDir, sha256);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${newId()}.tmp`;
      writeFileSync(tmp, bytes, { mode: 0o640 });
      renameSync(tmp, file);
    }
    const row = {
      id: newId(),
      article_id: articleId,
      sha256,
      mime: sniffed.mime,
      size: bytes.length,
      caption,
      uploaded_by: ctx.actor.userId,
      uploaded_at: ctx.now.toISOString(),
    };
    await repo.insertImage(trx, row);
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'article.image_uploaded', after: { imageId: row.id, mime: row.mime, size: row.size, sha256, caption } },
      { entityType: 'article', entityId: articleId, organizationId: null },
    );
    return presentImage(row);
  });
}

/** An image for officers (any article, published or not). Throws FORBIDDEN, NOT_FOUND. */
export async function readArticleImage(ctx: AuthedContext, dataDir: string, imageId: string): Promise<{ bytes: Buffer; mime: string }> {
  requireWriter(ctx);
  const image = await repo.findImage(ctx.db.kysely, imageId);
  if (!image) throw notFound('图片');
  const file = storedPath(dataDir, image.sha256);
  if (!existsSync(file)) throw notFound('图片');
  return { bytes: readFileSync(file), mime: image.mime };
}
