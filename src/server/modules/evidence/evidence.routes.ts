import contentDisposition from 'content-disposition';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../domain/contracts/common.ts';
import { EvidenceFieldsSchema, EvidenceSchema } from '../../../domain/contracts/evidence.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { readUpload } from '../../http/multipart.ts';
import * as service from './evidence.service.ts';

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  422: ErrorBodySchema,
};
const tags = ['evidence'];

export function registerEvidenceRoutes(app: AppInstance, deps: AppDeps): void {
  app.post(
    '/api/evidence',
    {
      schema: {
        tags,
        summary: '上传佐证材料 Upload evidence (multipart: problemId or measureId, note?, then file)',
        consumes: ['multipart/form-data'],
        response: { 201: EvidenceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = authedContext(request, deps);
      const { part, fields: data } = await readUpload(request, EvidenceFieldsSchema);
      // The service reads the body once the fields say where it goes and the actor may put it there.
      const upload = { name: part.filename, read: () => part.toBuffer() };
      try {
        return reply.status(201).send(await service.uploadEvidence(ctx, deps.config.dataDir, data, upload));
      } catch (err) {
        // Refused before the body was read: drain it (discarded, not kept), or the browser waits on a request
        // whose body nobody reads until the connection times out.
        part.file.resume();
        throw err;
      }
    },
  );

  app.get(
    '/api/evidence/:id',
    {
      schema: {
        tags,
        summary: '查看或下载佐证材料 View or download evidence',
        params: IdParamsSchema,
        querystring: z.object({ download: z.enum(['1', '0']).optional() }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await service.readEvidence(authedContext(request, deps), deps.config.dataDir, request.params.id);
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
