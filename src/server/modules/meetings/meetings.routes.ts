import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  CreateMeetingBodySchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingSchema,
  RhythmQuerySchema,
  RhythmSchema,
  UpdateMeetingBodySchema,
} from '../../../domain/contracts/meetings.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './meetings.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['meetings'];

export function registerMeetingRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/party-meetings',
    {
      schema: {
        tags,
        summary: '三会一课 Meetings held by the branches in my scope, newest first',
        querystring: MeetingListQuerySchema,
        response: { 200: MeetingListSchema, ...errors },
      },
    },
    async (request) => service.listMeetings(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/party-meetings/rhythm',
    {
      schema: {
        tags,
        summary: '三会一课执行情况 Each branch on the rhythm: the running month or quarter, and meetings missed (Shanghai calendar)',
        querystring: RhythmQuerySchema,
        response: { 200: RhythmSchema, ...errors },
      },
    },
    async (request) => service.getRhythm(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/party-meetings/:id',
    {
      schema: {
        tags,
        summary: '会议记录 One meeting of 三会一课 with its record',
        params: IdParamsSchema,
        response: { 200: MeetingSchema, ...errors },
      },
    },
    async (request) => service.getMeeting(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/party-meetings',
    {
      schema: {
        tags,
        summary: '记录三会一课 Record a meeting: kind, time, attendees, agenda, minutes, decisions',
        body: CreateMeetingBodySchema,
        response: { 201: MeetingSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createMeeting(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/party-meetings/:id',
    {
      schema: {
        tags,
        summary: '修改会议记录 Edit a meeting’s record',
        params: IdParamsSchema,
        body: UpdateMeetingBodySchema,
        response: { 200: MeetingSchema, ...errors },
      },
    },
    async (request) => service.updateMeeting(authedContext(request, deps), request.params.id, request.body),
  );
}
