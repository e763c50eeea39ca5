import {
  AttainmentDetailSchema,
  AttainmentListQuerySchema,
  AttainmentListSchema,
  AttainmentParamsSchema,
  AttainmentTransitionBodySchema,
} from '../../../domain/contracts/attainments.ts';
import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './attainments.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['attainments'];

export function registerAttainmentRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/attainments',
    {
      schema: {
        tags,
        summary: '达标验收 Villages of a round: score against the standard, what stands in the way, 达标 state',
        querystring: AttainmentListQuerySchema,
        response: { 200: AttainmentListSchema, ...errors },
      },
    },
    async (request) => service.listAttainments(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/attainments/:checklistId',
    {
      schema: {
        tags,
        summary: '村达标详情 One village in a round: every check item as scored, and the 达标 history',
        params: AttainmentParamsSchema,
        response: { 200: AttainmentDetailSchema, ...errors },
      },
    },
    async (request) => service.getAttainment(authedContext(request, deps), request.params.checklistId),
  );
  app.post(
    '/api/attainments/:checklistId/transitions',
    {
      schema: {
        tags,
        summary: '达标验收操作 Propose (liaison group), confirm / send back / revoke (district)',
        params: AttainmentParamsSchema,
        body: AttainmentTransitionBodySchema,
        response: { 200: AttainmentDetailSchema, ...errors },
      },
    },
    async (request) => service.transitionAttainment(authedContext(request, deps), request.params.checklistId, request.body),
  );
}
