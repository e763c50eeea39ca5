import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  AddParticipantsBodySchema,
  CreateTourBodySchema,
  TakeawayBodySchema,
  TourListQuerySchema,
  TourListSchema,
  TourParticipantParamsSchema,
  TourSchema,
  TourTakeawayParamsSchema,
  UpdateTourBodySchema,
} from '../../../domain/contracts/tours.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './tours.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['tours'];

export function registerTourRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/study-tours',
    {
      schema: {
        tags,
        summary: '观摩学习 Study tours, newest first',
        querystring: TourListQuerySchema,
        response: { 200: TourListSchema, ...errors },
      },
    },
    async (request) => service.listTours(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/study-tours/:id',
    {
      schema: {
        tags,
        summary: '观摩学习详情 A tour with its participants and each village’s take-aways',
        params: IdParamsSchema,
        response: { 200: TourSchema, ...errors },
      },
    },
    async (request) => service.getTour(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/study-tours',
    {
      schema: {
        tags,
        summary: '组织观摩学习 Organize a tour: date, destination, purpose, invited roles (district officers)',
        body: CreateTourBodySchema,
        response: { 201: TourSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTour(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/study-tours/:id',
    {
      schema: {
        tags,
        summary: '修改观摩学习 Edit a tour',
        params: IdParamsSchema,
        body: UpdateTourBodySchema,
        response: { 200: TourSchema, ...errors },
      },
    },
    async (request) => service.updateTour(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/study-tours/:id/participants',
    {
      schema: {
        tags,
        summary: '登记观摩人员 Register participants from the member register, the user list, or by name',
        params: IdParamsSchema,
        body: AddParticipantsBodySchema,
        response: { 200: TourSchema, ...errors },
      },
    },
    async (request) => service.addParticipants(authedContext(request, deps), request.params.id, request.body),
  );
  app.delete(
    '/api/study-tours/:id/participants/:participantId',
    {
      schema: {
        tags,
        summary: '移除观摩人员 Take a participant off the list',
        params: TourParticipantParamsSchema,
        response: { 200: TourSchema, ...errors },
      },
    },
    async (request) => service.removeParticipant(authedContext(request, deps), request.params.id, request.params.participantId),
  );
  app.put(
    '/api/study-tours/:id/takeaways/:organizationId',
    {
      schema: {
        tags,
        summary: '观摩学习收获 A village records the take-aways it commits to apply (version 0 for the first record)',
        params: TourTakeawayParamsSchema,
        body: TakeawayBodySchema,
        response: { 200: TourSchema, ...errors },
      },
    },
    async (request) => service.recordTakeaway(authedContext(request, deps), request.params.id, request.params.organizationId, request.body),
  );
}
