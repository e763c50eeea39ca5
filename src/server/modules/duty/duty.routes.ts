import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  DutyCoverageQuerySchema,
  DutyCoverageSchema,
  DutySigninSchema,
  HallParamsSchema,
  ServiceHallSchema,
  SignInBodySchema,
  UpdateRosterBodySchema,
  UpdateServiceHallBodySchema,
} from '../../../domain/contracts/duty.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './duty.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['duty'];

export function registerDutyRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/service-halls/:organizationId',
    {
      schema: {
        tags,
        summary: '便民服务大厅 A village’s hall: hours, services, the weekly duty roster, today’s duty and this week’s coverage',
        params: HallParamsSchema,
        response: { 200: ServiceHallSchema, ...errors },
      },
    },
    async (request) => service.getHall(authedContext(request, deps), request.params.organizationId),
  );
  app.put(
    '/api/service-halls/:organizationId',
    {
      schema: {
        tags,
        summary: '设置便民服务大厅 Set up or change the hall’s name, opening hours, open days and services (version 0 sets it up)',
        params: HallParamsSchema,
        body: UpdateServiceHallBodySchema,
        response: { 200: ServiceHallSchema, ...errors },
      },
    },
    async (request) => service.updateHall(authedContext(request, deps), request.params.organizationId, request.body),
  );
  app.put(
    '/api/service-halls/:organizationId/roster',
    {
      schema: {
        tags,
        summary: '值班表 Replace the weekly duty roster (who sits on which weekday and shift)',
        params: HallParamsSchema,
        body: UpdateRosterBodySchema,
        response: { 200: ServiceHallSchema, ...errors },
      },
    },
    async (request) => service.updateRoster(authedContext(request, deps), request.params.organizationId, request.body),
  );
  app.post(
    '/api/duty-signins',
    {
      schema: {
        tags,
        summary: '值班签到 Sign in for today’s duty (201; 200 with the first sign-in when already signed in today)',
        body: SignInBodySchema,
        response: { 200: DutySigninSchema, 201: DutySigninSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { created, signin } = await service.signIn(authedContext(request, deps), request.body);
      return reply.status(created ? 201 : 200).send(signin);
    },
  );
  app.get(
    '/api/duty/coverage',
    {
      schema: {
        tags,
        summary: '值班覆盖 Days staffed ÷ days due per village and rolled up, with the gap days (default: this month)',
        querystring: DutyCoverageQuerySchema,
        response: { 200: DutyCoverageSchema, ...errors },
      },
    },
    async (request) => service.getDutyCoverage(authedContext(request, deps), request.query),
  );
}
