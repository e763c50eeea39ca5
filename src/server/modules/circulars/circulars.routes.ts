import { z } from 'zod';
import {
  CircularDeleteQuerySchema,
  CircularDetailSchema,
  CircularListQuerySchema,
  CircularListSchema,
  CircularVersionBodySchema,
  PublishCircularBodySchema,
  CreateCircularBodySchema,
  DOCX_MIME,
  UpdateCircularBodySchema,
} from '../../../domain/contracts/circulars.ts';
import { IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './circulars.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['circulars'];

/** attachment; an ASCII name for old clients, the real (Chinese) one per RFC 6266 / 5987. */
export function attachment(fileName: string, asciiFileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
}

export function registerCircularRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/circulars',
    {
      schema: {
        tags,
        summary: '月度通报列表 Circulars: published ones for everyone in the district, drafts for district officers',
        querystring: CircularListQuerySchema,
        response: { 200: CircularListSchema, ...errors },
      },
    },
    async (request) => service.listCirculars(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/circulars',
    {
      schema: {
        tags,
        summary: '生成月度通报草稿 Generate a month’s circular as a draft (one draft per month at a time; a future month is refused)',
        body: CreateCircularBodySchema,
        response: { 201: CircularDetailSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createCircular(authedContext(request, deps), request.body)),
  );
  app.get(
    '/api/circulars/:id',
    {
      schema: {
        tags,
        summary: '通报详情 A circular with its sections and annex tables',
        params: IdParamsSchema,
        response: { 200: CircularDetailSchema, ...errors },
      },
    },
    async (request) => service.getCircular(authedContext(request, deps), request.params.id),
  );
  app.patch(
    '/api/circulars/:id',
    {
      schema: {
        tags,
        summary: '修改通报草稿 Edit a draft’s title, office, date or section texts (published → 422)',
        params: IdParamsSchema,
        body: UpdateCircularBodySchema,
        response: { 200: CircularDetailSchema, ...errors },
      },
    },
    async (request) => service.updateCircular(authedContext(request, deps), request.params.id, request.body),
  );
  app.delete(
    '/api/circulars/:id',
    {
      schema: {
        tags,
        summary: '删除通报草稿 Delete a draft (?version=)',
        params: IdParamsSchema,
        querystring: CircularDeleteQuerySchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await service.deleteCircular(authedContext(request, deps), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/circulars/:id/regenerate',
    {
      schema: {
        tags,
        summary: '重新生成 Refresh a draft’s figures and annex as at now; sections nobody edited take the new default text',
        params: IdParamsSchema,
        body: CircularVersionBodySchema,
        response: { 200: CircularDetailSchema, ...errors },
      },
    },
    async (request) => service.regenerateCircular(authedContext(request, deps), request.params.id, request.body),
  );
  app.post(
    '/api/circulars/:id/publish',
    {
      schema: {
        tags,
        summary: '印发通报 Publish a draft: it takes the next number (prefix〔year〕seq号) and becomes immutable',
        params: IdParamsSchema,
        body: PublishCircularBodySchema,
        response: { 200: CircularDetailSchema, ...errors },
      },
    },
    async (request) => service.publishCircular(authedContext(request, deps), request.params.id, request.body),
  );
  app.get(
    '/api/circulars/:id/docx',
    {
      schema: {
        tags,
        summary: '下载通报 The circular as a Word document (.docx, A4, official-document layout)',
        params: IdParamsSchema,
        produces: [DOCX_MIME],
        response: { 200: z.any().describe('The .docx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.circularDocx(authedContext(request, deps), request.params.id);
      return reply.type(DOCX_MIME).header('content-disposition', attachment(file.fileName, file.asciiFileName)).send(file.bytes);
    },
  );
  app.get(
    '/api/circulars/:id/annex.xlsx',
    {
      schema: {
        tags,
        summary:
          '下载附表 Every row of the circular’s annex tables as .xlsx (the detail, the Word file and the print view show a table of more than 500 rows in part)',
        params: IdParamsSchema,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('The .xlsx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.circularAnnexXlsx(authedContext(request, deps), request.params.id);
      // Streamed: refusals come before this point, as the JSON error answer.
      return reply.type(XLSX_MIME).header('content-disposition', attachment(file.fileName, file.asciiFileName)).send(file.body);
    },
  );
}
