import type { FundAllocationsTable, FundSpendingsTable } from '../../db/database.ts';
import type { Executor } from '../../http/context.ts';

/** A new row: a reversal's two columns are left out of an ordinary entry. */
type NewEntry<T> = Omit<T, 'reverses_id' | 'reversal_reason'> & { reverses_id?: string | null; reversal_reason?: string | null };

export async function insertAllocation(db: Executor, row: NewEntry<FundAllocationsTable>): Promise<void> {
  await db.insertInto('fund_allocations').values(row).execute();
}

export async function insertSpending(db: Executor, row: NewEntry<FundSpendingsTable>): Promise<void> {
  await db.insertInto('fund_spendings').values(row).execute();
}

export function findAllocation(db: Executor, id: string) {
  return db.selectFrom('fund_allocations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSpending(db: Executor, id: string) {
  return db.selectFrom('fund_spendings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The reversal (冲销) of an allocation or a spend, if it has one. */
export function findReversalOf(db: Executor, table: 'fund_allocations' | 'fund_spendings', id: string) {
  return db.selectFrom(table).select(['id', 'created_at']).where('reverses_id', '=', id).executeTakeFirst();
}

export function listAllocations(db: Executor, projectId: string) {
  return db
    .selectFrom('fund_allocations as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .selectAll('a')
    .select('u.display_name as created_by_name')
    .where('a.project_id', '=', projectId)
    .orderBy('a.allocated_on')
    .orderBy('a.created_at')
    .execute();
}

export function listSpendings(db: Executor, projectId: string) {
  return db
    .selectFrom('fund_spendings as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.display_name as created_by_name')
    .where('s.project_id', '=', projectId)
    .orderBy('s.spent_on')
    .orderBy('s.created_at')
    .execute();
}

/** Every allocation and spending of the given projects (the export lists them row by row). */
export async function listLedger(db: Executor, projectIds: readonly string[]) {
  if (projectIds.length === 0) return { allocations: [], spendings: [] };
  const ids = [...projectIds];
  const [allocations, spendings] = await Promise.all([
    db.selectFrom('fund_allocations').selectAll().where('project_id', 'in', ids).orderBy('allocated_on').orderBy('created_at').execute(),
    db.selectFrom('fund_spendings').selectAll().where('project_id', 'in', ids).orderBy('spent_on').orderBy('created_at').execute(),
  ]);
  return { allocations, spendings };
}
