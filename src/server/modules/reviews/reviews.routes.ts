import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CreateReviewBodySchema,
  RecordOutcomesBodySchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ReviewSchema,
  UpdateReviewBodySchema,
  WithdrawProblemBodySchema,
} from '../../../domain/contracts/reviews.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './reviews.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['reviews'];

export function registerReviewRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/reviews',
    {
      schema: {
        tags,
        summary: '两委会核实 Villages with a finished checklist, each with its 村两委会 review and 一村一策 plan if any',
        querystring: ReviewListQuerySchema,
        response: { 200: ReviewListSchema, ...errors },
      },
    },
    async (request) => service.listReviews(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/reviews/:id',
    {
      schema: {
        tags,
        summary: '核实详情 One review: the meeting, and each problem with its outcome and measures',
        params: IdParamsSchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    async (request) => service.getReview(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/reviews',
    {
      schema: {
        tags,
        summary: '记录村两委会 Record the meeting that verified a village’s problem list (liaison group)',
        body: CreateReviewBodySchema,
        response: { 201: ReviewSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createReview(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/reviews/:id',
    {
      schema: {
        tags,
        summary: '修改会议记录 Edit the meeting’s date, place, attendees or minutes',
        params: IdParamsSchema,
        body: UpdateReviewBodySchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    async (request) => service.updateReview(authedContext(request, deps), request.params.id, request.body),
  );
  app.put(
    '/api/reviews/:id/outcomes',
    {
      schema: {
        tags,
        summary: '逐一核实 Record per problem: confirmed, or disputed with the reason',
        params: IdParamsSchema,
        body: RecordOutcomesBodySchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    async (request) => service.recordOutcomes(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/reviews/:id/withdrawals',
    {
      schema: {
        tags,
        summary: '撤销不属实问题 Withdraw a disputed problem the liaison group agrees was wrongly recorded',
        params: IdParamsSchema,
        body: WithdrawProblemBodySchema,
        response: { 200: ReviewSchema, ...errors },
      },
    },
    async (request) => service.withdrawProblem(authedContext(request, deps), request.params.id, request.body),
  );
}
