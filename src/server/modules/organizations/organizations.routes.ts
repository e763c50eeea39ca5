import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  CreateOrganizationBodySchema,
  OrganizationDetailSchema,
  OrganizationListQuerySchema,
  OrganizationListSchema,
  OrganizationTreeQuerySchema,
  OrganizationTreeSchema,
  UpdateOrganizationBodySchema,
} from '../../../domain/contracts/organizations.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './organizations.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['organizations'];

export function registerOrganizationRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/organizations/tree',
    {
      schema: {
        tags,
        summary: '组织树 Organization tree in my scope',
        querystring: OrganizationTreeQuerySchema,
        response: { 200: OrganizationTreeSchema, ...errors },
      },
    },
    async (request) =>
      service.getTree(
        authedContext(request, deps),
        {
          includeArchived: request.query.includeArchived ?? false,
          parentId: request.query.parentId,
          byLevel: request.query.byLevel ?? false,
        },
        deps.config.orgTreeWholeMax,
      ),
  );

  app.get(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: '搜索组织 Search organizations',
        querystring: OrganizationListQuerySchema,
        response: { 200: OrganizationListSchema, ...errors },
      },
    },
    async (request) => service.listOrganizations(authedContext(request, deps), request.query),
  );

  app.post(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: '新建组织 Create an organization',
        body: CreateOrganizationBodySchema,
        response: { 201: OrganizationDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createOrganization(authedContext(request, deps), request.body)),
  );

  app.get(
    '/api/organizations/:id',
    {
      schema: {
        tags,
        summary: '组织详情 Organization detail',
        params: IdParamsSchema,
        response: { 200: OrganizationDetailSchema, ...errors },
      },
    },
    async (request) => service.getOrganization(authedContext(request, deps), request.params.id),
  );

  app.patch(
    '/api/organizations/:id',
    {
      schema: {
        tags,
        summary: '修改、移动、归档或恢复组织 Rename, move, archive or restore',
        params: IdParamsSchema,
        body: UpdateOrganizationBodySchema,
        response: { 200: OrganizationDetailSchema, ...errors },
      },
    },
    async (request) => service.updateOrganization(authedContext(request, deps), request.params.id, request.body),
  );
}
