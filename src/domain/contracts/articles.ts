import { z } from 'zod';
import { IdSchema, instantSchema, isSingleLine, PageQuerySchema, pageOf, SINGLE_LINE_MESSAGE, VersionSchema } from './common.ts';

/** 工作动态: work news written by officers, published on the portal. */

export const ARTICLE_STATUSES = ['draft', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_ACTIONS = ['edit', 'publish', 'unpublish', 'uploadImage'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

/** The longest body, in characters of HTML. */
export const ARTICLE_BODY_MAX = 50_000;

const line = (max: number) => z.string().trim().min(1).max(max).refine(isSingleLine, SINGLE_LINE_MESSAGE);
const Tags = z.array(line(20)).max(10);

export const ArticleImageSchema = z.object({
  id: z.string(),
  /** Where the image is served once the article is published: /public/files/article-images/{id}. */
  url: z.string(),
  caption: z.string().nullable(),
  mime: z.string(),
  size: z.number().int(),
});
export type ArticleImage = z.infer<typeof ArticleImageSchema>;

export const ArticleSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  publishedAt: z.string().nullable(),
  summary: z.string(),
  tags: z.array(z.string()),
  villages: z.array(z.object({ id: z.string(), name: z.string() })),
  views: z.number().int(),
  isSample: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const ArticleDetailSchema = ArticleSummarySchema.extend({
  /** Sanitized HTML. */
  body: z.string(),
  images: z.array(ArticleImageSchema),
  /** The public page of a published article. */
  publicUrl: z.string().nullable(),
  allowedActions: z.array(z.enum(ARTICLE_ACTIONS)),
});
export type ArticleDetail = z.infer<typeof ArticleDetailSchema>;

export const ArticleListQuerySchema = PageQuerySchema.extend({
  status: z.enum(ARTICLE_STATUSES).optional(),
});
export type ArticleListQuery = z.infer<typeof ArticleListQuerySchema>;
export const ArticleListSchema = pageOf(ArticleSummarySchema).extend({ canWrite: z.boolean() });
export type ArticleList = z.infer<typeof ArticleListSchema>;

const ArticleFields = {
  title: line(80),
  /** 来源: 华商报, 区党群工作部. */
  source: line(40),
  /** Rich text (HTML): sanitized on the server, so only paragraphs, headings, lists, emphasis, links, images and figures remain. */
  body: z.string().max(ARTICLE_BODY_MAX),
  tags: Tags.default([]),
  /** Villages the article is about (相关新闻 by village). */
  villageIds: z.array(IdSchema).max(30).default([]),
  /** The time on the source line (ISO); empty: the time of first publication. */
  publishedAt: instantSchema('2026-11-26T17:00:00+08:00').nullable().optional(),
};

export const CreateArticleBodySchema = z.object(ArticleFields);
export type CreateArticleBody = z.infer<typeof CreateArticleBodySchema>;

export const UpdateArticleBodySchema = z.object({
  title: ArticleFields.title.optional(),
  source: ArticleFields.source.optional(),
  body: ArticleFields.body.optional(),
  tags: Tags.optional(),
  villageIds: z.array(IdSchema).max(30).optional(),
  publishedAt: ArticleFields.publishedAt,
  version: VersionSchema,
});
export type UpdateArticleBody = z.infer<typeof UpdateArticleBodySchema>;

export const ArticleTransitionBodySchema = z.object({
  action: z.enum(['publish', 'unpublish']),
  version: VersionSchema,
  /** Why it is taken down (unpublish: required, audited). */
  reason: z.string().trim().max(200).optional(),
});
export type ArticleTransitionBody = z.infer<typeof ArticleTransitionBodySchema>;

/** Preview: the body as the portal will show it (sanitized and masked). */
export const ArticlePreviewBodySchema = z.object({ body: z.string().max(ARTICLE_BODY_MAX) });
export const ArticlePreviewSchema = z.object({ html: z.string() });

export const ArticleImageFieldsSchema = z.object({
  caption: z.string().trim().max(120).optional(),
});
