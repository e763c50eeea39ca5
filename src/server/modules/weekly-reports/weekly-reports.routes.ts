import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CommentWeeklyReportBodySchema,
  ReturnWeeklyReportBodySchema,
  RemindWeeklyReportBodySchema,
  RemindWeeklyReportResultSchema,
  StartWeeklyReportBodySchema,
  SubmitWeeklyReportBodySchema,
  UpdateWeeklyReportBodySchema,
  WeeklyReportDetailSchema,
  WeeklyReportListQuerySchema,
  WeeklyReportListSchema,
} from '../../../domain/contracts/weekly-reports.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './weekly-reports.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['weekly-reports'];

export function registerWeeklyReportRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/weekly-reports',
    {
      schema: {
        tags,
        summary: '一周一汇报 The week’s expected reports of the reader’s units, with on-time / late / missing flags',
        querystring: WeeklyReportListQuerySchema,
        response: { 200: WeeklyReportListSchema, ...errors },
      },
    },
    async (request) => service.listWeeklyReports(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/weekly-reports',
    {
      schema: {
        tags,
        summary: '开始填报周报 Start a unit’s report for a week, figures pre-filled (201; 200 with the existing one)',
        body: StartWeeklyReportBodySchema,
        response: { 200: WeeklyReportDetailSchema, 201: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { created, report } = await service.startWeeklyReport(authedContext(request, deps), request.body);
      return reply.status(created ? 201 : 200).send(report);
    },
  );
  app.post(
    '/api/weekly-reports/remind',
    {
      schema: {
        tags,
        summary: '催报 Remind a unit of its past-due weekly report (its secretaries or group members; once a day)',
        body: RemindWeeklyReportBodySchema,
        response: { 200: RemindWeeklyReportResultSchema, ...errors },
      },
    },
    async (request) => service.remindWeeklyReport(authedContext(request, deps), request.body),
  );
  app.get(
    '/api/weekly-reports/:id',
    {
      schema: {
        tags,
        summary: '周报详情 A report with its figures, texts and comments',
        params: IdParamsSchema,
        response: { 200: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request) => service.getWeeklyReport(authedContext(request, deps), request.params.id),
  );
  app.patch(
    '/api/weekly-reports/:id',
    {
      schema: {
        tags,
        summary: '保存周报草稿 Save the texts of a draft or sent-back report (optionally refresh the figures)',
        params: IdParamsSchema,
        body: UpdateWeeklyReportBodySchema,
        response: { 200: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request) => service.updateWeeklyReport(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/weekly-reports/:id/submit',
    {
      schema: {
        tags,
        summary: '提交周报 File the report (late after its due time)',
        params: IdParamsSchema,
        body: SubmitWeeklyReportBodySchema,
        response: { 200: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request) => service.submitWeeklyReport(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/weekly-reports/:id/return',
    {
      schema: {
        tags,
        summary: '退回周报 Send a filed report back, with a reason',
        params: IdParamsSchema,
        body: ReturnWeeklyReportBodySchema,
        response: { 200: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request) => service.returnWeeklyReport(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/weekly-reports/:id/comments',
    {
      schema: {
        tags,
        summary: '评论周报 Comment on a filed report',
        params: IdParamsSchema,
        body: CommentWeeklyReportBodySchema,
        response: { 200: WeeklyReportDetailSchema, ...errors },
      },
    },
    async (request) => service.commentWeeklyReport(authedContext(request, deps), request.params.id, request.body),
  );
}
