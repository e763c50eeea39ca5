import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CreateVisitBodySchema,
  CreateVisitTaskBodySchema,
  UpdateVisitBodySchema,
  VisitListQuerySchema,
  VisitListSchema,
  VisitSchema,
  VisitTaskListQuerySchema,
  VisitTaskListSchema,
  VisitTaskOutcomeBodySchema,
  VisitTaskSchema,
} from '../../../domain/contracts/visits.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './visits.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['visits'];

export function registerVisitRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: '调研督导 Leaders’ visits to villages in my scope, newest first',
        querystring: VisitListQuerySchema,
        response: { 200: VisitListSchema, ...errors },
      },
    },
    async (request) => service.listVisits(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: '调研督导详情 One visit with its tasks',
        params: IdParamsSchema,
        response: { 200: VisitSchema, ...errors },
      },
    },
    async (request) => service.getVisit(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/visits',
    {
      schema: {
        tags,
        summary: '记录调研督导 Record a leader’s visit: date, leader, villages, what was seen, instructions',
        body: CreateVisitBodySchema,
        response: { 201: VisitSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createVisit(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: '修改调研督导记录 Edit a visit’s record',
        params: IdParamsSchema,
        body: UpdateVisitBodySchema,
        response: { 200: VisitSchema, ...errors },
      },
    },
    async (request) => service.updateVisit(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/visits/:id/tasks',
    {
      schema: {
        tags,
        summary: '交办事项 Turn an instruction into a tracked task with owner unit and deadline',
        params: IdParamsSchema,
        body: CreateVisitTaskBodySchema,
        response: { 201: VisitTaskSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.assignTask(authedContext(request, deps), request.params.id, request.body)),
  );
  app.get(
    '/api/visit-tasks',
    {
      schema: {
        tags,
        summary: '交办事项清单 Tasks in my scope by deadline (overdue=1: unfinished after the deadline)',
        querystring: VisitTaskListQuerySchema,
        response: { 200: VisitTaskListSchema, ...errors },
      },
    },
    async (request) => service.listTasks(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/visit-tasks/:id/outcome',
    {
      schema: {
        tags,
        summary: '办理结果 Record a task’s outcome: done, or not done with what is missing',
        params: IdParamsSchema,
        body: VisitTaskOutcomeBodySchema,
        response: { 200: VisitTaskSchema, ...errors },
      },
    },
    async (request) => service.resolveTask(authedContext(request, deps), request.params.id, request.body),
  );
}
