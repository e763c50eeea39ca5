import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { MonthlyRankingQuerySchema, MonthlyRankingSchema, RagQuerySchema, RagTableSchema } from '../../../domain/contracts/rankings.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './rankings.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['rankings'];

export function registerRankingRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/rankings/monthly',
    {
      schema: {
        tags,
        summary: '月度排名 Monthly ranking of villages and subdistricts, with score parts, RAG and movement',
        querystring: MonthlyRankingQuerySchema,
        response: { 200: MonthlyRankingSchema, ...errors },
      },
    },
    async (request) => service.getMonthlyRanking(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/rag',
    {
      schema: {
        tags,
        summary: '红黄绿 Red/amber/green with reasons for an organization and its subtree, by week or month',
        querystring: RagQuerySchema,
        response: { 200: RagTableSchema, ...errors },
      },
    },
    async (request) => service.getRagTable(authedContext(request, deps), request.query),
  );
}
