import contentDisposition from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import {
  CreateMemberBodySchema,
  MemberExportQuerySchema,
  MemberImportQuerySchema,
  MemberImportResultSchema,
  MemberListQuerySchema,
  MemberListSchema,
  PartyMemberSchema,
  UpdateMemberBodySchema,
} from '../../../domain/contracts/members.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { fileTooLarge } from '../ledger/ledger-xlsx-guard.ts';
import { MEMBER_IMPORT_LIMITS } from './members-sheet.ts';
import * as service from './members.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['members'];

/** The uploaded register (multipart field `file`), at most MEMBER_IMPORT_LIMITS.fileBytes. */
async function readUpload(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 Excel 文件（字段名 file）');
  const part = await request.file({ limits: { fileSize: MEMBER_IMPORT_LIMITS.fileBytes } });
  if (!part) throw new AppError('VALIDATION_FAILED', '没有收到文件', { fields: [{ in: 'body', path: 'file', message: 'required' }] });
  try {
    return { fileName: part.filename || 'members.xlsx', bytes: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(MEMBER_IMPORT_LIMITS.fileBytes);
    throw err;
  }
}

export function registerMemberRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/party-members',
    {
      schema: {
        tags,
        summary: '党员名册 Members of the branches in my scope (phones only with member.phone)',
        querystring: MemberListQuerySchema,
        response: { 200: MemberListSchema, ...errors },
      },
    },
    async (request) => service.listMembers(authedContext(request, deps), request.query),
  );
  app.post(
    '/api/party-members',
    {
      schema: {
        tags,
        summary: '登记党员 Add a member to a branch’s register',
        body: CreateMemberBodySchema,
        response: { 201: PartyMemberSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createMember(authedContext(request, deps), request.body)),
  );
  app.patch(
    '/api/party-members/:id',
    {
      schema: {
        tags,
        summary: '修改党员信息 Edit a member, or record that they left the register',
        params: IdParamsSchema,
        body: UpdateMemberBodySchema,
        response: { 200: PartyMemberSchema, ...errors },
      },
    },
    async (request) => service.updateMember(authedContext(request, deps), request.params.id, request.body),
  );
  app.get(
    '/api/party-members/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出党员名册 A branch’s register as .xlsx (the phone column only with member.phone)',
        querystring: MemberExportQuerySchema,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('The .xlsx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.exportMembers(authedContext(request, deps), request.query);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', contentDisposition(file.fileName, { fallback: file.asciiFileName }))
        .send(file.bytes);
    },
  );
  app.post(
    '/api/party-members/import',
    {
      schema: {
        tags,
        summary:
          '导入党员名册 Import a branch’s register (multipart: file, ≤ 5 MB, the branch’s own columns); ?dryRun=1 checks every row and writes nothing',
        consumes: ['multipart/form-data'],
        querystring: MemberImportQuerySchema,
        response: { 200: MemberImportResultSchema, ...errors, 413: ErrorBodySchema, 415: ErrorBodySchema, 429: ErrorBodySchema },
      },
    },
    async (request) => service.importMembers(authedContext(request, deps), request.query, () => readUpload(request)),
  );
}
