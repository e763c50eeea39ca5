import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  AddAreaBodySchema,
  AddCheckItemBodySchema,
  AreaParamsSchema,
  CheckItemParamsSchema,
  CompareQuerySchema,
  CreateDraftBodySchema,
  CreateStandardBodySchema,
  PublishBodySchema,
  StandardComparisonSchema,
  StandardListSchema,
  StandardVersionDetailSchema,
  UpdateAreaBodySchema,
  UpdateCheckItemBodySchema,
  UpdateDraftBodySchema,
  VersionQuerySchema,
} from '../../../domain/contracts/standards.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './standards.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['standards'];
const detail = { 200: StandardVersionDetailSchema, ...errors };

/**
 * The standard catalog. A standard has versions; a draft is edited area by
 * area and item by item, each edit sending the version's `version` token and
 * answering the whole version with the next token.
 */
export function registerStandardRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/standards',
    { schema: { tags, summary: '规范化标准及其版本 Standards with their versions', response: { 200: StandardListSchema, ...errors } } },
    async (request) => service.listStandards(authedContext(request, deps)),
  );

  app.post(
    '/api/standards',
    {
      schema: {
        tags,
        summary: '新建标准（第1版草稿）Create a standard with an empty draft',
        body: CreateStandardBodySchema,
        response: { 201: StandardVersionDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createStandard(authedContext(request, deps), request.body)),
  );

  app.post(
    '/api/standards/:id/drafts',
    {
      schema: {
        tags,
        summary: '基于已发布版本新建草稿 Create the next version as a draft copy',
        params: IdParamsSchema,
        body: CreateDraftBodySchema,
        response: { 201: StandardVersionDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createDraft(authedContext(request, deps), request.params.id, request.body)),
  );

  app.get(
    '/api/standard-versions/compare',
    {
      schema: {
        tags,
        summary: '比较两个版本 Compare two versions',
        querystring: CompareQuerySchema,
        response: { 200: StandardComparisonSchema, ...errors },
      },
    },
    async (request) => service.compare(authedContext(request, deps), request.query.from, request.query.to),
  );

  app.get(
    '/api/standard-versions/:id',
    { schema: { tags, summary: '版本详情（领域与检查项）Version with areas and check items', params: IdParamsSchema, response: detail } },
    async (request) => service.getVersion(authedContext(request, deps), request.params.id),
  );

  app.patch(
    '/api/standard-versions/:id',
    {
      schema: {
        tags,
        summary: '修改草稿标题、说明或印发通知 Edit a draft’s title, notes or notice',
        params: IdParamsSchema,
        body: UpdateDraftBodySchema,
        response: detail,
      },
    },
    async (request) => service.updateDraft(authedContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/standard-versions/:id/publish',
    {
      schema: {
        tags,
        summary: '发布草稿 Publish a draft (then immutable)',
        params: IdParamsSchema,
        body: PublishBodySchema,
        response: detail,
      },
    },
    async (request) => service.publish(authedContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/standard-versions/:id/areas',
    { schema: { tags, summary: '新增领域 Add an area to a draft', params: IdParamsSchema, body: AddAreaBodySchema, response: detail } },
    async (request) => service.addArea(authedContext(request, deps), request.params.id, request.body),
  );

  app.patch(
    '/api/standard-versions/:id/areas/:areaId',
    {
      schema: { tags, summary: '修改领域 Edit an area of a draft', params: AreaParamsSchema, body: UpdateAreaBodySchema, response: detail },
    },
    async (request) => service.updateArea(authedContext(request, deps), request.params.id, request.params.areaId, request.body),
  );

  app.delete(
    '/api/standard-versions/:id/areas/:areaId',
    {
      schema: {
        tags,
        summary: '删除领域及其检查项 Remove an area and its items',
        params: AreaParamsSchema,
        querystring: VersionQuerySchema,
        response: detail,
      },
    },
    async (request) => service.removeArea(authedContext(request, deps), request.params.id, request.params.areaId, request.query.version),
  );

  app.post(
    '/api/standard-versions/:id/items',
    {
      schema: {
        tags,
        summary: '新增检查项 Add a check item to a draft',
        params: IdParamsSchema,
        body: AddCheckItemBodySchema,
        response: detail,
      },
    },
    async (request) => service.addItem(authedContext(request, deps), request.params.id, request.body),
  );

  app.patch(
    '/api/standard-versions/:id/items/:itemId',
    {
      schema: {
        tags,
        summary: '修改或移动检查项 Edit or move a check item',
        params: CheckItemParamsSchema,
        body: UpdateCheckItemBodySchema,
        response: detail,
      },
    },
    async (request) => service.updateItem(authedContext(request, deps), request.params.id, request.params.itemId, request.body),
  );

  app.delete(
    '/api/standard-versions/:id/items/:itemId',
    {
      schema: {
        tags,
        summary: '删除检查项 Remove a check item',
        params: CheckItemParamsSchema,
        querystring: VersionQuerySchema,
        response: detail,
      },
    },
    async (request) => service.removeItem(authedContext(request, deps), request.params.id, request.params.itemId, request.query.version),
  );
}
