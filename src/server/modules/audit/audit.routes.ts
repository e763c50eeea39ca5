import { AuditListSchema, AuditQuerySchema } from '../../../domain/contracts/audit.ts';
import { ErrorBodySchema } from '../../../domain/contracts/common.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import { listAuditEvents } from './audit.service.ts';

export function registerAuditRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit log (admins)',
        querystring: AuditQuerySchema,
        response: { 200: AuditListSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (request) => listAuditEvents(authedContext(request, deps), request.query),
  );
}
