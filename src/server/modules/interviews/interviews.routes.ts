import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CancelInterviewBodySchema,
  CloseInterviewBodySchema,
  CreateInterviewBodySchema,
  InterviewCandidatesQuerySchema,
  InterviewCandidatesSchema,
  InterviewListQuerySchema,
  InterviewListSchema,
  InterviewSchema,
  RecordInterviewBodySchema,
  RescheduleInterviewBodySchema,
} from '../../../domain/contracts/interviews.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './interviews.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['interviews'];

export function registerInterviewRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/interviews/candidates',
    {
      schema: {
        tags,
        summary: '约谈对象 Organizations meeting an interview trigger this month, with reasons (district officers)',
        querystring: InterviewCandidatesQuerySchema,
        response: { 200: InterviewCandidatesSchema, ...errors },
      },
    },
    async (request) => service.listCandidates(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/interviews',
    {
      schema: {
        tags,
        summary: '约谈记录 Interviews in my scope (history per organization)',
        querystring: InterviewListQuerySchema,
        response: { 200: InterviewListSchema, ...errors },
      },
    },
    async (request) => service.listInterviews(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/interviews/:id',
    { schema: { tags, summary: '约谈详情 One interview', params: IdParamsSchema, response: { 200: InterviewSchema, ...errors } } },
    async (request) => service.getInterview(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/interviews',
    {
      schema: {
        tags,
        summary: '安排约谈 Schedule an interview (notifies the organization)',
        body: CreateInterviewBodySchema,
        response: { 201: InterviewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.scheduleInterview(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/interviews/:id',
    {
      schema: {
        tags,
        summary: '调整约谈安排 Change when, where, who or the notice (while scheduled)',
        params: IdParamsSchema,
        body: RescheduleInterviewBodySchema,
        response: { 200: InterviewSchema, ...errors },
      },
    },
    async (request) => service.rescheduleInterview(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/interviews/:id/record',
    {
      schema: {
        tags,
        summary: '记录约谈 Record talking points, commitments and their deadline (scheduled → held)',
        params: IdParamsSchema,
        body: RecordInterviewBodySchema,
        response: { 200: InterviewSchema, ...errors },
      },
    },
    async (request) => service.recordInterview(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/interviews/:id/close',
    {
      schema: {
        tags,
        summary: '办结约谈 Record the follow-up and close (held → closed)',
        params: IdParamsSchema,
        body: CloseInterviewBodySchema,
        response: { 200: InterviewSchema, ...errors },
      },
    },
    async (request) => service.closeInterview(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/interviews/:id/cancel',
    {
      schema: {
        tags,
        summary: '取消约谈 Cancel a scheduled interview, with the reason',
        params: IdParamsSchema,
        body: CancelInterviewBodySchema,
        response: { 200: InterviewSchema, ...errors },
      },
    },
    async (request) => service.cancelInterview(authedContext(request, deps), request.params.id, request.body),
  );
}
