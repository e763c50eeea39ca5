import { precompiled } from '../../db/precompiled.ts';
import type { Executor } from '../../http/context.ts';

/** Read by most requests (the cadence rules): precompiled. */
const byKey = precompiled((db: Executor, key: string) =>
  db
    .selectFrom('program_settings as s')
    .leftJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.key', 's.value', 's.version', 's.updated_at', 's.updated_by', 'u.display_name as updated_by_name'])
    .where('s.key', '=', key),
);

export async function find(db: Executor, key: string) {
  return (await byKey(db, key))[0];
}

/** First save of a key; a concurrent first save loses on the primary key (→ CONFLICT). */
export async function insert(db: Executor, row: { key: string; value: string; updatedAt: string; updatedBy: string }): Promise<void> {
  await db
    .insertInto('program_settings')
    .values({ key: row.key, value: row.value, version: 1, updated_at: row.updatedAt, updated_by: row.updatedBy })
    .execute();
}

/** Conditional write: true when the row was at `version`. */
export async function updateIfVersion(
  db: Executor,
  row: { key: string; value: string; version: number; updatedAt: string; updatedBy: string },
): Promise<boolean> {
  const res = await db
    .updateTable('program_settings')
    .set((eb) => ({ value: row.value, version: eb('version', '+', 1), updated_at: row.updatedAt, updated_by: row.updatedBy }))
    .where('key', '=', row.key)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
