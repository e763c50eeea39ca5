import { STANDARD_ERROR_RESPONSES, IdParamsSchema } from '../../../domain/contracts/common.ts';
import {
  CreateMeasureBodySchema,
  MeasureListQuerySchema,
  MeasureListSchema,
  MeasureSchema,
  UpdateMeasureBodySchema,
} from '../../../domain/contracts/measures.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './measures.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['measures'];

export function registerMeasureRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/measures',
    {
      schema: {
        tags,
        summary: '整改措施 Measures in my scope',
        querystring: MeasureListQuerySchema,
        response: { 200: MeasureListSchema, ...errors },
      },
    },
    async (request) => service.listMeasures(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/measures',
    {
      schema: {
        tags,
        summary: '制定整改措施 Create a measure for problems',
        body: CreateMeasureBodySchema,
        response: { 201: MeasureSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createMeasure(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/measures/:id',
    {
      schema: {
        tags,
        summary: '修改整改措施 Edit a measure, its progress or links',
        params: IdParamsSchema,
        body: UpdateMeasureBodySchema,
        response: { 200: MeasureSchema, ...errors },
      },
    },
    async (request) => service.updateMeasure(authedContext(request, deps), request.params.id, request.body),
  );
}
