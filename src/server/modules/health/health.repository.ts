import { sql } from 'kysely';
import type { Executor } from '../../http/context.ts';

/** A trivial query: proves the database answers, not just that the process is up. */
export async function ping(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}
