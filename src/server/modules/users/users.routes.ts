import { z } from 'zod';
import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  CreateUserBodySchema,
  GrantRoleBodySchema,
  ResetPasswordBodySchema,
  RevokeRoleParamsSchema,
  RevokeRoleQuerySchema,
  UpdateUserBodySchema,
  UserListQuerySchema,
  UserListSchema,
  UserSchema,
} from '../../../domain/contracts/users.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './users.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['users'];

export function registerUserRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: '用户列表 Users in my scope',
        querystring: UserListQuerySchema,
        response: { 200: UserListSchema, ...errors },
      },
    },
    async (request) => service.listUsers(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/users',
    { schema: { tags, summary: '新建用户 Create a user', body: CreateUserBodySchema, response: { 201: UserSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.createUser(authedContext(request, deps), request.body)),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags, summary: '用户详情 User detail', params: IdParamsSchema, response: { 200: UserSchema, ...errors } } },
    async (request) => service.getUser(authedContext(request, deps), request.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: '修改或停用用户 Edit, disable or enable',
        params: IdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => service.updateUser(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/users/:id/roles',
    {
      schema: {
        tags,
        summary: '授予角色 Grant a role',
        params: IdParamsSchema,
        body: GrantRoleBodySchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => service.grantRole(authedContext(request, deps), request.params.id, request.body),
  );
  app.delete(
    '/api/users/:id/roles/:assignmentId',
    {
      schema: {
        tags,
        summary: '撤销角色 Revoke a role',
        params: RevokeRoleParamsSchema,
        querystring: RevokeRoleQuerySchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) =>
      service.revokeRole(authedContext(request, deps), request.params.id, request.params.assignmentId, request.query.version),
  );
  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags,
        summary: '重置密码 Reset password',
        params: IdParamsSchema,
        body: ResetPasswordBodySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resetPassword(authedContext(request, deps), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
