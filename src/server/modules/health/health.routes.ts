import { z } from 'zod';
import { sql } from 'kysely';
import type { AppDeps, AppInstance } from '../../app.ts';

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
      // A trivial query proves the database answers, not just that the process is up.
      await sql`select 1`.execute(deps.db.kysely);
      return { status: 'ok' as const, database: deps.db.kind };
    },
  );
}
