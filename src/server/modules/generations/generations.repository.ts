import { toNumber } from '../../db/dialect.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Executor } from '../../http/context.ts';

/** A table whose writes move a generation (migration 2026-12-04-12: triggers, in the writer's transaction). */
export type GenerationTopic = 'organizations' | 'weekly_reports';

const generationQuery = precompiled((db: Executor, topic: string) =>
  db.selectFrom('data_generations').select('n').where('topic', '=', topic),
);

/** How many times the table has been written (transactions on PostgreSQL, rows on SQLite); only grows. */
export async function readGeneration(db: Executor, topic: GenerationTopic): Promise<number> {
  const [row] = await generationQuery(db, topic);
  return toNumber(row?.n ?? 0);
}
