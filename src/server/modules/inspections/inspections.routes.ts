import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  ChecklistDetailSchema,
  CreateRoundBodySchema,
  RecordResultBodySchema,
  RecordResultParamsSchema,
  RectificationPeriodBodySchema,
  RoundDetailSchema,
  RoundListSchema,
  VersionBodySchema,
} from '../../../domain/contracts/inspections.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './inspections.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['inspections'];

export function registerInspectionRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/inspection-rounds',
    { schema: { tags, summary: '排查轮次 Inspection rounds', response: { 200: RoundListSchema, ...errors } } },
    async (request) => service.listRounds(authedContext(request, deps)),
  );
  app.post(
    '/api/inspection-rounds',
    { schema: { tags, summary: '发起排查 Start a round', body: CreateRoundBodySchema, response: { 201: RoundDetailSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.createRound(authedContext(request, deps), request.body)),
  );
  app.get(
    '/api/inspection-rounds/:id',
    {
      schema: {
        tags,
        summary: '排查详情 Round with checklist progress',
        params: IdParamsSchema,
        response: { 200: RoundDetailSchema, ...errors },
      },
    },
    async (request) => service.getRound(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/inspection-rounds/:id/close',
    {
      schema: {
        tags,
        summary: '结束排查 Close a finished round',
        params: IdParamsSchema,
        body: VersionBodySchema,
        response: { 200: RoundDetailSchema, ...errors },
      },
    },
    async (request) => service.closeRound(authedContext(request, deps), request.params.id, request.body.version),
  );
  app.put(
    '/api/inspection-rounds/:id/rectification-period',
    {
      schema: {
        tags,
        summary: "集中整改期 Set (or reset to the default) the round's concentrated rectification period",
        params: IdParamsSchema,
        body: RectificationPeriodBodySchema,
        response: { 200: RoundDetailSchema, ...errors },
      },
    },
    async (request) => service.setRectificationPeriod(authedContext(request, deps), request.params.id, request.body),
  );
  app.get(
    '/api/inspection-checklists/:id',
    {
      schema: { tags, summary: '检查表 A village checklist', params: IdParamsSchema, response: { 200: ChecklistDetailSchema, ...errors } },
    },
    async (request) => service.getChecklist(authedContext(request, deps), request.params.id),
  );
  app.put(
    '/api/inspection-checklists/:id/results/:checkItemId',
    {
      schema: {
        tags,
        summary: '记录检查结果 Record meets / fails (creates a problem) / not applicable',
        params: RecordResultParamsSchema,
        body: RecordResultBodySchema,
        response: { 200: ChecklistDetailSchema, ...errors },
      },
    },
    async (request) => service.recordResult(authedContext(request, deps), request.params.id, request.params.checkItemId, request.body),
  );
  app.post(
    '/api/inspection-checklists/:id/complete',
    {
      schema: {
        tags,
        summary: '完成检查表 Complete a checklist',
        params: IdParamsSchema,
        body: VersionBodySchema,
        response: { 200: ChecklistDetailSchema, ...errors },
      },
    },
    async (request) => service.completeChecklist(authedContext(request, deps), request.params.id, request.body.version),
  );
}
