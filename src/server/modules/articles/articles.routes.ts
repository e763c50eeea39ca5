import { z } from 'zod';
import {
  ArticleDetailSchema,
  ArticleImageFieldsSchema,
  ArticleImageSchema,
  ArticleListQuerySchema,
  ArticleListSchema,
  ArticlePreviewBodySchema,
  ArticlePreviewSchema,
  ArticleTransitionBodySchema,
  CreateArticleBodySchema,
  UpdateArticleBodySchema,
} from '../../../domain/contracts/articles.ts';
import { ErrorBodySchema, IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { readUpload } from '../../http/multipart.ts';
import * as service from './articles.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['articles'];

export function registerArticleRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/articles',
    {
      schema: {
        tags,
        summary: '工作动态列表 Work news for officers (drafts too; portal.publish)',
        querystring: ArticleListQuerySchema,
        response: { 200: ArticleListSchema, ...errors },
      },
    },
    async (request) => service.listArticles(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/articles',
    {
      schema: {
        tags,
        summary: '撰写工作动态 Draft an article (the body is sanitized on the server)',
        body: CreateArticleBodySchema,
        response: { 201: ArticleDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createArticle(authedContext(request, deps), request.body)),
  );
  app.post(
    '/api/articles/preview',
    {
      schema: {
        tags,
        summary: '预览正文 The body as the portal will show it (sanitized and masked)',
        body: ArticlePreviewBodySchema,
        response: { 200: ArticlePreviewSchema, ...errors },
      },
    },
    async (request) => service.previewArticle(authedContext(request, deps), request.body.body),
  );
  app.get(
    '/api/articles/:id',
    {
      schema: {
        tags,
        summary: '工作动态详情 An article with its images',
        params: IdParamsSchema,
        response: { 200: ArticleDetailSchema, ...errors },
      },
    },
    async (request) => service.getArticle(authedContext(request, deps), request.params.id),
  );
  app.patch(
    '/api/articles/:id',
    {
      schema: {
        tags,
        summary: '修改工作动态 Edit an article (a published one changes on the portal at once)',
        params: IdParamsSchema,
        body: UpdateArticleBodySchema,
        response: { 200: ArticleDetailSchema, ...errors },
      },
    },
    async (request) => service.updateArticle(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/articles/:id/transitions',
    {
      schema: {
        tags,
        summary: '发布或撤下 Publish, or unpublish with a reason (audited)',
        params: IdParamsSchema,
        body: ArticleTransitionBodySchema,
        response: { 200: ArticleDetailSchema, ...errors },
      },
    },
    async (request) => service.transitionArticle(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/articles/:id/images',
    {
      schema: {
        tags,
        summary: '上传新闻图片 Add an image (multipart: caption?, then file; JPG/PNG/GIF/WebP)',
        params: IdParamsSchema,
        consumes: ['multipart/form-data'],
        response: { 201: ArticleImageSchema, ...errors, 413: ErrorBodySchema, 415: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const ctx = authedContext(request, deps);
      const { part, fields: data } = await readUpload(request, ArticleImageFieldsSchema);
      const bytes = await part.toBuffer();
      const image = await service.uploadArticleImage(
        ctx,
        deps.config.dataDir,
        request.params.id,
        data.caption || null,
        part.filename,
        bytes,
      );
      return reply.status(201).send(image);
    },
  );
  app.get(
    '/api/article-images/:id',
    {
      schema: {
        tags,
        summary: '新闻图片（预览） An article image for officers, published or not',
        params: IdParamsSchema,
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const image = await service.readArticleImage(authedContext(request, deps), deps.config.dataDir, request.params.id);
      return reply
        .type(image.mime)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(image.bytes);
    },
  );
}
