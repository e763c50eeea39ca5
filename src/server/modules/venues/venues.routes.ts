import contentDisposition from 'content-disposition';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import {
  CreateAllocationBodySchema,
  FundEntryParamsSchema,
  ReverseFundEntryBodySchema,
  CreateSpendingBodySchema,
  CreateVenueBodySchema,
  CreateVenueProjectBodySchema,
  FundSummarySchema,
  RecordMilestoneBodySchema,
  UpdateVenueBodySchema,
  UpdateVenueProjectBodySchema,
  UpdateVenueSettingsBodySchema,
  VenueBoardQuerySchema,
  VenueBoardSchema,
  VenueFileFieldsSchema,
  VenueFileSchema,
  VenueListQuerySchema,
  VenueListSchema,
  VenueProjectDetailSchema,
  VenueProjectListQuerySchema,
  VenueProjectListSchema,
  VenueProjectTransitionBodySchema,
  VenueSchema,
  VenueSettingsDtoSchema,
} from '../../../domain/contracts/venues.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { readUpload } from '../../http/multipart.ts';
import * as funds from './funds.service.ts';
import * as files from './venue-files.service.ts';
import * as projects from './venue-projects.service.ts';
import * as service from './venues.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const fileErrors = { ...errors, 413: ErrorBodySchema, 415: ErrorBodySchema };

/** 清零行动: the venue register, projects (一村一案), the special fund and the board. */
export function registerVenueRoutes(app: AppInstance, deps: AppDeps): void {
  const tags = ['venues'];
  app.get(
    '/api/venues/board',
    {
      schema: {
        tags,
        summary: '清零行动看板 Countdown, venues left by week (burn-down), each venue’s state in words',
        querystring: VenueBoardQuerySchema,
        response: { 200: VenueBoardSchema, ...errors },
      },
    },
    async (request) => service.getBoard(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/venues/settings',
    {
      schema: {
        tags,
        summary: '清零行动设置 Venue rules, campaign deadline, stalled weeks',
        response: { 200: VenueSettingsDtoSchema, ...errors },
      },
    },
    async (request) => service.getVenueSettings(authedContext(request, deps)),
  );
  app.put(
    '/api/venues/settings',
    {
      schema: {
        tags,
        summary: '修改清零行动设置 Change the rules (venues are judged again) or the deadline (district officers)',
        body: UpdateVenueSettingsBodySchema,
        response: { 200: VenueSettingsDtoSchema, ...errors },
      },
    },
    async (request) => service.updateVenueSettings(authedContext(request, deps), request.body),
  );
  app.get(
    '/api/venues',
    {
      schema: {
        tags,
        summary: '活动场所台账 The venue register; onList=1 gives the clearance list with reasons',
        querystring: VenueListQuerySchema,
        response: { 200: VenueListSchema, ...errors },
      },
    },
    async (request) => service.listVenues(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/venues/:id',
    { schema: { tags, summary: '活动场所详情 One venue', params: IdParamsSchema, response: { 200: VenueSchema, ...errors } } },
    async (request) => service.getVenue(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/venues',
    {
      schema: {
        tags,
        summary: '登记活动场所 Register a venue (judged by the rules)',
        body: CreateVenueBodySchema,
        response: { 201: VenueSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createVenue(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/venues/:id',
    {
      schema: {
        tags,
        summary: '修改活动场所 Edit a venue (judged again)',
        params: IdParamsSchema,
        body: UpdateVenueBodySchema,
        response: { 200: VenueSchema, ...errors },
      },
    },
    async (request) => service.updateVenue(authedContext(request, deps), request.params.id, request.body),
  );

  const ptags = ['venue-projects'];
  app.get(
    '/api/venue-projects',
    {
      schema: {
        tags: ptags,
        summary: '场所整改项目 Venue projects in my scope, by deadline',
        querystring: VenueProjectListQuerySchema,
        response: { 200: VenueProjectListSchema, ...errors },
      },
    },
    async (request) => projects.listProjects(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/venue-projects/:id',
    {
      schema: {
        tags: ptags,
        summary: '项目详情 One project with its steps, milestones, files and fund',
        params: IdParamsSchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => projects.getProject(authedContext(request, deps), request.params.id),
  );
  app.post(
    '/api/venue-projects',
    {
      schema: {
        tags: ptags,
        summary: '拟定整改项目 Draft a project (一村一案) for a venue on the clearance list',
        body: CreateVenueProjectBodySchema,
        response: { 201: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await projects.createProject(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/venue-projects/:id',
    {
      schema: {
        tags: ptags,
        summary: '修改整改方案 Edit a draft plan',
        params: IdParamsSchema,
        body: UpdateVenueProjectBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => projects.updateProject(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/venue-projects/:id/transitions',
    {
      schema: {
        tags: ptags,
        summary: '项目流转 submit, return, forward, send_back, approve, start, complete, reject_works, accept (with the new figures)',
        params: IdParamsSchema,
        body: VenueProjectTransitionBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => projects.transitionProject(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/venue-projects/:id/milestones',
    {
      schema: {
        tags: ptags,
        summary: '记录施工进度 Record progress of the works (% and what was done)',
        params: IdParamsSchema,
        body: RecordMilestoneBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => projects.recordMilestone(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/venue-projects/:id/allocations',
    {
      schema: {
        tags: ptags,
        summary: '下达专项经费 Allocate special-fund money to a project (finance bureau)',
        params: IdParamsSchema,
        body: CreateAllocationBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => funds.allocate(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/venue-projects/:id/spendings',
    {
      schema: {
        tags: ptags,
        summary: '登记资金支出 Record a spend; over the balance only with an explicit override and its reason',
        params: IdParamsSchema,
        body: CreateSpendingBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => funds.spend(authedContext(request, deps), request.params.id, request.body),
  );

  app.post(
    '/api/venue-projects/:id/allocations/:entryId/reversal',
    {
      schema: {
        tags: ptags,
        summary: '冲销一笔下达 Reverse an allocation entered wrongly: an entry of the opposite amount, with the reason (finance bureau)',
        params: FundEntryParamsSchema,
        body: ReverseFundEntryBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => funds.reverseAllocation(authedContext(request, deps), request.params.id, request.params.entryId, request.body),
  );
  app.post(
    '/api/venue-projects/:id/spendings/:entryId/reversal',
    {
      schema: {
        tags: ptags,
        summary: '冲销一笔支出 Reverse a spend entered wrongly: an entry of the opposite amount, with the reason (finance bureau)',
        params: FundEntryParamsSchema,
        body: ReverseFundEntryBodySchema,
        response: { 200: VenueProjectDetailSchema, ...errors },
      },
    },
    async (request) => funds.reverseSpending(authedContext(request, deps), request.params.id, request.params.entryId, request.body),
  );

  const ftags = ['funds'];
  app.get(
    '/api/funds',
    {
      schema: { tags: ftags, summary: '专项经费 Totals, per subdistrict and per project', response: { 200: FundSummarySchema, ...errors } },
    },
    async (request) => funds.getFundSummary(authedContext(request, deps)),
  );
  app.get(
    '/api/funds/export.xlsx',
    {
      schema: {
        tags: ftags,
        summary: '导出专项经费使用情况表 The fund as .xlsx in a finance office’s layout',
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('The .xlsx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await funds.exportFund(authedContext(request, deps));
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', contentDisposition(file.fileName, { fallback: file.asciiFileName }))
        .send(file.bytes);
    },
  );

  const vtags = ['venue-files'];
  app.post(
    '/api/venue-files',
    {
      schema: {
        tags: vtags,
        summary: '上传场所照片、方案材料、施工照片或支出凭证 (multipart: venueId | projectId | milestoneId | spendingId, then file)',
        consumes: ['multipart/form-data'],
        response: { 201: VenueFileSchema, ...fileErrors },
      },
    },
    async (request, reply) => {
      const ctx = authedContext(request, deps);
      const { part, fields: data } = await readUpload(request, VenueFileFieldsSchema);
      // The service reads the body once the fields say where it goes and the actor may put it there.
      const upload = { name: part.filename, read: () => part.toBuffer() };
      try {
        return reply.status(201).send(await files.uploadVenueFile(ctx, deps.config.dataDir, data, upload));
      } catch (err) {
        // Refused before the body was read: drain it (discarded), or the browser waits on a body nobody reads.
        part.file.resume();
        throw err;
      }
    },
  );
  app.get(
    '/api/venue-files/:id',
    {
      schema: {
        tags: vtags,
        summary: '查看或下载场所文件 View or download a venue file',
        params: IdParamsSchema,
        querystring: z.object({ download: z.enum(['1', '0']).optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await files.readVenueFile(authedContext(request, deps), deps.config.dataDir, request.params.id);
      const inline = request.query.download !== '1' && (file.mime.startsWith('image/') || file.mime === 'application/pdf');
      return reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name, { type: inline ? 'inline' : 'attachment' }))
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(file.bytes);
    },
  );
}
