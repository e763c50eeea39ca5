import { z } from 'zod';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { ping } from './health.repository.ts';

export function registerHealthRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: '健康检查 Health',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) },
      },
    },
    async () => {
      await ping(deps.db.kysely);
      return { status: 'ok' as const, database: deps.db.kind };
    },
  );
}
