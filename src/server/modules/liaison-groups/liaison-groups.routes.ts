import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  CreateLiaisonGroupBodySchema,
  LiaisonGroupListQuerySchema,
  LiaisonGroupListSchema,
  LiaisonGroupSchema,
  LiaisonGroupVersionBodySchema,
  MemberCandidateListSchema,
  MemberCandidateQuerySchema,
  UpdateLiaisonGroupBodySchema,
} from '../../../domain/contracts/liaison-groups.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './liaison-groups.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['liaison-groups'];
const one = { 200: LiaisonGroupSchema, ...errors };

/** Liaison groups (包联组): three members, a set of villages; members hold the liaison role there. */
export function registerLiaisonGroupRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/liaison-groups',
    {
      schema: {
        tags,
        summary: '包联组列表 Liaison groups I may see',
        querystring: LiaisonGroupListQuerySchema,
        response: { 200: LiaisonGroupListSchema, ...errors },
      },
    },
    async (request) => service.listGroups(authedContext(request, deps), request.query),
  );

  app.get(
    '/api/liaison-groups/member-candidates',
    {
      schema: {
        tags,
        summary: '可选的包联组成员 Accounts for the seat pickers',
        querystring: MemberCandidateQuerySchema,
        response: { 200: MemberCandidateListSchema, ...errors },
      },
    },
    async (request) => service.listMemberCandidates(authedContext(request, deps), request.query),
  );

  app.post(
    '/api/liaison-groups',
    {
      schema: {
        tags,
        summary: '新建包联组 Create a liaison group',
        body: CreateLiaisonGroupBodySchema,
        response: { 201: LiaisonGroupSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createGroup(authedContext(request, deps), request.body)),
  );

  app.get(
    '/api/liaison-groups/:id',
    { schema: { tags, summary: '包联组详情 Liaison group detail', params: IdParamsSchema, response: one } },
    async (request) => service.getGroup(authedContext(request, deps), request.params.id),
  );

  app.patch(
    '/api/liaison-groups/:id',
    {
      schema: {
        tags,
        summary: '修改包联组（名称、部门、成员、包联村）Edit name, department, members or villages',
        params: IdParamsSchema,
        body: UpdateLiaisonGroupBodySchema,
        response: one,
      },
    },
    async (request) => service.updateGroup(authedContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/liaison-groups/:id/archive',
    { schema: { tags, summary: '归档包联组 Archive a group', params: IdParamsSchema, body: LiaisonGroupVersionBodySchema, response: one } },
    async (request) => service.archiveGroup(authedContext(request, deps), request.params.id, request.body.version),
  );

  app.post(
    '/api/liaison-groups/:id/restore',
    {
      schema: {
        tags,
        summary: '恢复包联组 Restore an archived group',
        params: IdParamsSchema,
        body: LiaisonGroupVersionBodySchema,
        response: one,
      },
    },
    async (request) => service.restoreGroup(authedContext(request, deps), request.params.id, request.body.version),
  );
}
