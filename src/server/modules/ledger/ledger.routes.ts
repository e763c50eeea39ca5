import { z } from 'zod';
import { ErrorBodySchema } from '../../../domain/contracts/common.ts';
import { LedgerExportQuerySchema, LedgerImportQuerySchema, LedgerImportResultSchema, XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import * as service from './ledger.service.ts';

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
};
const tags = ['ledger'];

/** attachment; an ASCII name for old clients, the real (Chinese) one per RFC 6266 / 5987. */
function attachment(fileName: string, asciiFileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName}"; filename*=UTF-8''${encoded}`;
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
      return reply.type(XLSX_MIME).header('content-disposition', attachment(file.fileName, file.asciiFileName)).send(file.bytes);
    },
  );

  app.post(
    '/api/ledger/import',
    {
      schema: {
        tags,
        summary: '导入问题台账 Import a ledger sheet (multipart: file); ?dryRun=1 previews every row-level error and writes nothing',
        consumes: ['multipart/form-data'],
        querystring: LedgerImportQuerySchema,
        response: { 200: LedgerImportResultSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = authedContext(request, deps);
      // Before reading the upload: someone who may not import learns so without sending megabytes.
      service.assertMayImport(ctx);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 Excel 文件（字段名 file）');
      const part = await request.file();
      if (!part) throw new AppError('VALIDATION_FAILED', '没有收到文件', { fields: [{ in: 'body', path: 'file', message: 'required' }] });
      const bytes = await part.toBuffer();
      return service.importLedger(ctx, { fileName: part.filename || 'ledger.xlsx', bytes }, request.query.dryRun ?? false);
    },
  );
}
