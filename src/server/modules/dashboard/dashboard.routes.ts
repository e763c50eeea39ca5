import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { DashboardOverviewSchema, DashboardQuerySchema, VillageDashboardSchema } from '../../../domain/contracts/dashboard.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './dashboard.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['dashboard'];

export function registerDashboardRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/dashboard/overview',
    {
      schema: {
        tags,
        summary: '区级总览 Status counts, weekly trend, per-child figures, RAG of villages, longest overdue (default: your scope root)',
        querystring: DashboardQuerySchema,
        response: { 200: DashboardOverviewSchema, ...errors },
      },
    },
    async (request) => service.getOverview(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/dashboard/village',
    {
      schema: {
        tags,
        summary: '村级工作台 A village secretary’s problems, deadlines, this week’s report and RAG (default: your own village)',
        querystring: DashboardQuerySchema,
        response: { 200: VillageDashboardSchema, ...errors },
      },
    },
    async (request) => service.getVillageDashboard(authedContext(request, deps), request.query),
  );
}
