import contentDisposition from 'content-disposition';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import {
  CoverageQuerySchema,
  CreateStudyPlanBodySchema,
  CreateStudySessionBodySchema,
  RecordAttendanceBodySchema,
  StudyCoverageSchema,
  StudyFileFieldsSchema,
  StudyFileSchema,
  StudyOverviewQuerySchema,
  StudyOverviewSchema,
  StudyPlanListQuerySchema,
  StudyPlanListSchema,
  StudyPlanSchema,
  StudySessionListQuerySchema,
  StudySessionListSchema,
  StudySessionSchema,
  StudySettingsSchema,
  StudyWeekQuerySchema,
  StudyWeekSchema,
  UpdateStudyPlanBodySchema,
  UpdateStudySessionBodySchema,
  UpdateStudySettingsBodySchema,
} from '../../../domain/contracts/study.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { readUpload } from '../../http/multipart.ts';
import * as coverage from './study-coverage.service.ts';
import * as files from './study-files.service.ts';
import * as settings from './study-settings.ts';
import * as service from './study.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['study'];

export function registerStudyRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/study-plans',
    {
      schema: {
        tags,
        summary: '学习计划 Study plans of the branches in my scope',
        querystring: StudyPlanListQuerySchema,
        response: { 200: StudyPlanListSchema, ...errors },
      },
    },
    async (request) => service.listPlans(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/study-plans',
    {
      schema: {
        tags,
        summary: '制定学习计划 A branch’s study plan: period, topics, forms, sessions per month',
        body: CreateStudyPlanBodySchema,
        response: { 201: StudyPlanSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPlan(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/study-plans/:id',
    {
      schema: {
        tags,
        summary: '修改学习计划 Edit a study plan',
        params: IdParamsSchema,
        body: UpdateStudyPlanBodySchema,
        response: { 200: StudyPlanSchema, ...errors },
      },
    },
    async (request) => service.updatePlan(authedContext(request, deps), request.params.id, request.body),
  );
  app.get(
    '/api/study-sessions',
    {
      schema: {
        tags,
        summary: '学习活动 Sessions of the branches in my scope, newest first, with attendance counts',
        querystring: StudySessionListQuerySchema,
        response: { 200: StudySessionListSchema, ...errors },
      },
    },
    async (request) => service.listSessions(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/study-sessions/:id',
    {
      schema: {
        tags,
        summary: '学习活动详情 One session with its attendance per member and its files',
        params: IdParamsSchema,
        response: { 200: StudySessionSchema, ...errors },
      },
    },
    async (request) => service.getSession(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/study-sessions',
    {
      schema: {
        tags,
        summary: '记录学习活动 Record a held session with its attendance (members not listed are present)',
        body: CreateStudySessionBodySchema,
        response: { 201: StudySessionSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createSession(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/study-sessions/:id',
    {
      schema: {
        tags,
        summary: '修改学习活动 Edit a session’s record (time, place, speaker, topic, plays of its broadcast)',
        params: IdParamsSchema,
        body: UpdateStudySessionBodySchema,
        response: { 200: StudySessionSchema, ...errors },
      },
    },
    async (request) => service.updateSession(authedContext(request, deps), request.params.id, request.body),
  );
  app.put(
    '/api/study-sessions/:id/attendance',
    {
      schema: {
        tags,
        summary: '参学记录 Record attendance again for some members: absent with a reason, reached by broadcast, made up (补学)',
        params: IdParamsSchema,
        body: RecordAttendanceBodySchema,
        response: { 200: StudySessionSchema, ...errors },
      },
    },
    async (request) => service.recordAttendance(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/study-files',
    {
      schema: {
        tags,
        summary:
          '上传学习材料、照片或广播录音 (multipart: sessionId | signinId, purpose, then file); recordings MP3/M4A/AMR/WAV/Ogg by content',
        consumes: ['multipart/form-data'],
        response: { 201: StudyFileSchema, ...errors, 413: ErrorBodySchema, 415: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const ctx = authedContext(request, deps);
      const { part, fields: data } = await readUpload(request, StudyFileFieldsSchema);
      // The service reads the body once the fields say where it goes and the actor may put it there.
      const file = { name: part.filename, read: () => part.toBuffer() };
      try {
        return reply.status(201).send(await files.uploadStudyFile(ctx, deps.config.dataDir, data, file));
      } catch (err) {
        // Refused before the body was read: drain it (discarded, not kept), or the browser waits on a request
        // whose body nobody reads until the connection times out.
        part.file.resume();
        throw err;
      }
    },
  );
  app.get(
    '/api/study-files/:id',
    {
      schema: {
        tags,
        summary: '查看或下载学习材料、照片、录音 View or download a study file (audio plays inline)',
        params: IdParamsSchema,
        querystring: z.object({ download: z.enum(['1', '0']).optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await files.readStudyFile(authedContext(request, deps), deps.config.dataDir, request.params.id);
      const inline =
        request.query.download !== '1' &&
        (file.mime.startsWith('image/') || file.mime.startsWith('audio/') || file.mime === 'application/pdf');
      return reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name, { type: inline ? 'inline' : 'attachment' }))
        .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(file.bytes);
    },
  );
  app.get(
    '/api/study/coverage',
    {
      schema: {
        tags,
        summary:
          '学习覆盖 Sessions held against the plans, attendance, members never reached, meetings missed and duty, per organization of a subtree for a month',
        querystring: CoverageQuerySchema,
        response: { 200: StudyCoverageSchema, ...errors },
      },
    },
    async (request) => coverage.getCoverage(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/study/coverage.xlsx',
    {
      schema: {
        tags,
        summary: '导出学习覆盖 The coverage of a subtree for a month as .xlsx (the never-reached members on a second sheet)',
        querystring: CoverageQuerySchema,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('The .xlsx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await coverage.exportCoverage(authedContext(request, deps), request.query);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', contentDisposition(file.fileName, { fallback: file.asciiFileName }))
        .send(file.bytes);
    },
  );
  app.get(
    '/api/study/weeks',
    {
      schema: {
        tags,
        summary: '周统计·党建学习 The Party-life figures frozen with a week’s snapshot, per organization of a subtree',
        querystring: StudyWeekQuerySchema,
        response: { 200: StudyWeekSchema, ...errors },
      },
    },
    async (request) => coverage.getStudyWeek(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/study/overview',
    {
      schema: {
        tags,
        summary: '工作台·党建学习 This month’s coverage, missed and due meetings of 三会一课, this week’s duty gaps, today’s duty',
        querystring: StudyOverviewQuerySchema,
        response: { 200: StudyOverviewSchema, ...errors },
      },
    },
    async (request) => coverage.getOverview(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/study/settings',
    {
      schema: {
        tags,
        summary: '党建学习规则 The meeting rhythm, study window, RAG, interview and ranking rules',
        response: { 200: StudySettingsSchema, ...errors },
      },
    },
    async (request) => settings.getStudySettings(authedContext(request, deps)),
  );
  app.put(
    '/api/study/settings',
    {
      schema: {
        tags,
        summary: '修改党建学习规则 Save the rules (district admins)',
        body: UpdateStudySettingsBodySchema,
        response: { 200: StudySettingsSchema, ...errors },
      },
    },
    async (request) => settings.updateStudySettings(authedContext(request, deps), request.body),
  );
}
