import { z } from 'zod';
import { DOCX_MIME } from '../../../domain/contracts/circulars.ts';
import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CreatePlanBodySchema,
  PlanDetailSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanVersionBodySchema,
  UpdatePlanBodySchema,
} from '../../../domain/contracts/plans.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { attachment } from '../circulars/circulars.routes.ts';
import * as service from './plans.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['plans'];

export function registerPlanRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/village-plans',
    {
      schema: {
        tags,
        summary: '一村一策 Rectification plan versions in my scope',
        querystring: PlanListQuerySchema,
        response: { 200: PlanListSchema, ...errors },
      },
    },
    async (request) => service.listPlans(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/village-plans/:id',
    {
      schema: {
        tags,
        summary: '整改方案 One version of a village’s plan, with its body and the other versions',
        params: IdParamsSchema,
        response: { 200: PlanDetailSchema, ...errors },
      },
    },
    async (request) => service.getPlan(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/village-plans',
    {
      schema: {
        tags,
        summary: '生成整改方案 Generate a new draft version from the village’s 两委会 review (liaison group)',
        body: CreatePlanBodySchema,
        response: { 201: PlanDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPlan(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/village-plans/:id',
    {
      schema: {
        tags,
        summary: '修改整改方案 Edit a draft’s title, preamble or closing',
        params: IdParamsSchema,
        body: UpdatePlanBodySchema,
        response: { 200: PlanDetailSchema, ...errors },
      },
    },
    async (request) => service.updatePlan(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/village-plans/:id/regenerate',
    {
      schema: {
        tags,
        summary: '按台账更新 Re-read the verified problems and measures into a draft',
        params: IdParamsSchema,
        body: PlanVersionBodySchema,
        response: { 200: PlanDetailSchema, ...errors },
      },
    },
    async (request) => service.regeneratePlan(authedContext(request, deps), request.params.id, request.body.version),
  );
  app.post(
    '/api/village-plans/:id/approve',
    {
      schema: {
        tags,
        summary: '审定整改方案 Approve a draft (the version approved before is superseded)',
        params: IdParamsSchema,
        body: PlanVersionBodySchema,
        response: { 200: PlanDetailSchema, ...errors },
      },
    },
    async (request) => service.approvePlan(authedContext(request, deps), request.params.id, request.body.version),
  );
  app.get(
    '/api/village-plans/:id/docx',
    {
      schema: {
        tags,
        summary: '下载整改方案 The plan as a Word document (.docx, A4, official-document layout)',
        params: IdParamsSchema,
        produces: [DOCX_MIME],
        response: { 200: z.any().describe('The .docx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.planDocx(authedContext(request, deps), request.params.id);
      return reply.type(DOCX_MIME).header('content-disposition', attachment(file.fileName, file.asciiFileName)).send(file.bytes);
    },
  );
}
