import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { ErrorBodySchema } from '../../../domain/contracts/common.ts';
import { LedgerExportQuerySchema, LedgerImportQuerySchema, LedgerImportResultSchema, XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import { LEDGER_IMPORT_LIMITS } from '../../../domain/ledger-sheet.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { fileTooLarge } from './ledger-xlsx-guard.ts';
import * as service from './ledger.service.ts';

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};
const tags = ['ledger'];

/** attachment; an ASCII name for old clients, the real (Chinese) one per RFC 6266 / 5987. */
function attachment(fileName: string, asciiFileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
}

/** The uploaded file (multipart field `file`), at most LEDGER_IMPORT_LIMITS.fileBytes. */
async function readUpload(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 Excel 文件（字段名 file）');
  const part = await request.file({ limits: { fileSize: LEDGER_IMPORT_LIMITS.fileBytes } });
  if (!part) throw new AppError('VALIDATION_FAILED', '没有收到文件', { fields: [{ in: 'body', path: 'file', message: 'required' }] });
  try {
    return { fileName: part.filename || 'ledger.xlsx', bytes: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(LEDGER_IMPORT_LIMITS.fileBytes);
    throw err;
  }
}

export function registerLedgerRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/ledger/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出问题台账 Export the filtered ledger as .xlsx (same filters as GET /api/problems)',
        querystring: LedgerExportQuerySchema,
        produces: [XLSX_MIME],
        response: { 200: z.any().describe('The .xlsx file'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.exportLedger(authedContext(request, deps), request.query);
      // Streamed: refusals come before this point, as the JSON error answer.
      return reply.type(XLSX_MIME).header('content-disposition', attachment(file.fileName, file.asciiFileName)).send(file.body);
    },
  );

  app.post(
    '/api/ledger/import',
    {
      schema: {
        tags,
        summary:
          '导入问题台账 Import a ledger sheet (multipart: file, ≤ 10 MB); ?dryRun=1 previews every row-level error and writes nothing. One import at a time per user (429).',
        consumes: ['multipart/form-data'],
        querystring: LedgerImportQuerySchema,
        response: { 200: LedgerImportResultSchema, ...errors },
      },
    },
    // The service reads the upload only once the actor may import and holds the import slot:
    // someone who may not import learns so without sending megabytes.
    async (request) => service.importLedger(authedContext(request, deps), () => readUpload(request), request.query.dryRun ?? false),
  );
}
