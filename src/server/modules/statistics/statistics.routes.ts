import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  RecomputeBodySchema,
  SnapshotWeekListSchema,
  SnapshotWeekSchema,
  TrendQuerySchema,
  TrendSchema,
  WeekParamsSchema,
  WeekStatisticsQuerySchema,
  WeekStatisticsSchema,
} from '../../../domain/contracts/statistics.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './statistics.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['statistics'];

export function registerStatisticsRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/statistics/weeks',
    {
      schema: {
        tags,
        summary: '一周一统计 One week of an organization and its direct children (frozen snapshot, or live for the running week)',
        querystring: WeekStatisticsQuerySchema,
        response: { 200: WeekStatisticsSchema, ...errors },
      },
    },
    async (request) => service.getWeekStatistics(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/statistics/trend',
    {
      schema: {
        tags,
        summary: '周统计趋势 An organization’s frozen weekly figures, oldest first, then the running week live',
        querystring: TrendQuerySchema,
        response: { 200: TrendSchema, ...errors },
      },
    },
    async (request) => service.getTrend(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/statistics/snapshot-weeks',
    {
      schema: {
        tags,
        summary: '已冻结的周 The frozen weeks, newest first, with who froze them',
        response: { 200: SnapshotWeekListSchema, ...errors },
      },
    },
    async (request) => service.listSnapshotWeeks(authedContext(request, deps)),
  );
  app.post(
    '/api/statistics/weeks/:week/recompute',
    {
      schema: {
        tags,
        summary: '重算周统计 Recompute a completed week’s snapshot (district admin); version 0 freezes a week never frozen',
        params: WeekParamsSchema,
        body: RecomputeBodySchema,
        response: { 200: SnapshotWeekSchema, ...errors },
      },
    },
    async (request) => service.recomputeWeek(authedContext(request, deps), request.params.week, request.body),
  );
}
