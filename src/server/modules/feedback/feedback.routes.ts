import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  ConvertFeedbackBodySchema,
  FeedbackItemSchema,
  FeedbackListQuerySchema,
  FeedbackListSchema,
  ModerateFeedbackBodySchema,
} from '../../../domain/contracts/feedback.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './feedback.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['feedback'];

/** The moderation side of 群众监督 (the public form is a portal route: POST /public/feedback). */
export function registerFeedbackRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/feedback',
    {
      schema: {
        tags,
        summary: '群众留言审核 The moderation queue and history (feedback.moderate, within scope)',
        querystring: FeedbackListQuerySchema,
        response: { 200: FeedbackListSchema, ...errors },
      },
    },
    async (request) => service.listFeedback(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/feedback/:id',
    { schema: { tags, summary: '留言详情 One feedback', params: IdParamsSchema, response: { 200: FeedbackItemSchema, ...errors } } },
    async (request) => service.getFeedback(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/feedback/:id/moderation',
    {
      schema: {
        tags,
        summary: '审核留言 Publish (with a public reply), reply to a published one, or reject with a reason',
        params: IdParamsSchema,
        body: ModerateFeedbackBodySchema,
        response: { 200: FeedbackItemSchema, ...errors },
      },
    },
    async (request) => service.moderateFeedback(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/feedback/:id/problem',
    {
      schema: {
        tags,
        summary: '转为台账问题 Record a ledger problem from the feedback, linked both ways',
        params: IdParamsSchema,
        body: ConvertFeedbackBodySchema,
        response: { 200: FeedbackItemSchema, ...errors },
      },
    },
    async (request) => service.convertFeedback(authedContext(request, deps), request.params.id, request.body),
  );
}
