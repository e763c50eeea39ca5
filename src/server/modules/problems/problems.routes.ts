import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  BulkCloseBodySchema,
  BulkCloseResultSchema,
  BulkUpdateBodySchema,
  BulkUpdateResultSchema,
  CreateProblemBodySchema,
  ProblemDetailSchema,
  ProblemListQuerySchema,
  ProblemListSchema,
  ProblemWriteAnswerSchema,
  ProgressNoteBodySchema,
  TransitionBodySchema,
  UpdateProblemBodySchema,
} from '../../../domain/contracts/problems.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { writeAnswerOf } from '../../http/prefer.ts';
import * as service from './problems.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['problems'];
const MINIMAL =
  "Answers with the problem's whole detail; with `Prefer: return=minimal` (RFC 7240) only its id, status, version, " +
  'updatedAt and allowedActions, and the header `Preference-Applied: return=minimal`.';

export function registerProblemRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/problems',
    {
      schema: {
        tags,
        summary: '问题台账 The problem ledger (filters, counts by status)',
        querystring: ProblemListQuerySchema,
        response: { 200: ProblemListSchema, ...errors },
      },
    },
    async (request) => service.listProblems(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/problems',
    {
      schema: {
        tags,
        summary: '登记问题 Record a problem',
        description: MINIMAL,
        body: CreateProblemBodySchema,
        response: { 201: ProblemWriteAnswerSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createProblem(authedContext(request, deps), request.body, writeAnswerOf(request, reply))),
  );
  app.post(
    '/api/problems/bulk',
    {
      schema: {
        tags,
        summary: '批量指定责任人或整改时限 Bulk owner / deadline',
        body: BulkUpdateBodySchema,
        response: { 200: BulkUpdateResultSchema, ...errors },
      },
    },
    async (request) => service.bulkUpdate(authedContext(request, deps), request.body),
  );
  app.post(
    '/api/problems/bulk-close',
    {
      schema: {
        tags,
        summary: '批量销号 Close several accepted problems, each in its own transaction; failures are listed',
        body: BulkCloseBodySchema,
        response: { 200: BulkCloseResultSchema, ...errors },
      },
    },
    async (request) => service.bulkClose(authedContext(request, deps), request.body),
  );
  app.get(
    '/api/problems/:id',
    {
      schema: {
        tags,
        summary: '问题详情 Problem with timeline, measures, evidence',
        params: IdParamsSchema,
        response: { 200: ProblemDetailSchema, ...errors },
      },
    },
    async (request) => service.getProblem(authedContext(request, deps), request.params.id),
  );
  app.patch(
    '/api/problems/:id',
    {
      schema: {
        tags,
        summary: '修改问题 Edit (not status)',
        description: MINIMAL,
        params: IdParamsSchema,
        body: UpdateProblemBodySchema,
        response: { 200: ProblemWriteAnswerSchema, ...errors },
      },
    },
    async (request, reply) =>
      service.updateProblem(authedContext(request, deps), request.params.id, request.body, writeAnswerOf(request, reply)),
  );
  app.post(
    '/api/problems/:id/transitions',
    {
      schema: {
        tags,
        summary: '整改流程操作 start / submit / reject / accept / close / reopen',
        params: IdParamsSchema,
        description: MINIMAL,
        body: TransitionBodySchema,
        response: { 200: ProblemWriteAnswerSchema, ...errors },
      },
    },
    async (request, reply) =>
      service.transitionProblem(authedContext(request, deps), request.params.id, request.body, writeAnswerOf(request, reply)),
  );
  app.post(
    '/api/problems/:id/progress',
    {
      schema: {
        tags,
        summary: '填报整改进展 Add a progress note',
        params: IdParamsSchema,
        body: ProgressNoteBodySchema,
        response: { 200: ProblemDetailSchema, ...errors },
      },
    },
    async (request) => service.addProgressNote(authedContext(request, deps), request.params.id, request.body.text),
  );
}
