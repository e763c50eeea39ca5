import type { Executor } from '../../http/context.ts';

/** The raw rows the figures are computed from. The only SQL of the figures computation. */

export function listOrganizations(db: Executor) {
  return db
    .selectFrom('organizations')
    .select(['id', 'parent_id', 'path', 'kind', 'name', 'depth', 'created_at'])
    .where('archived_at', 'is', null)
    .orderBy('path')
    .execute();
}

export function listProblems(db: Executor, createdBefore: string) {
  return db
    .selectFrom('problems')
    .select(['id', 'organization_id', 'due_on', 'status', 'created_at'])
    .where('created_at', '<', createdBefore)
    .execute();
}

/** History rows before `before`, ordered per problem by time: the last one holds the status then. */
export function listHistoryBefore(db: Executor, before: string) {
  return db
    .selectFrom('problem_history')
    .select(['problem_id', 'action', 'to_status', 'at'])
    .where('at', '<', before)
    .orderBy('problem_id')
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Decisions and creations inside [from, to). */
export function listHistoryBetween(db: Executor, from: string, to: string) {
  return db
    .selectFrom('problem_history')
    .select(['problem_id', 'action', 'at'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .where('action', 'in', ['create', 'accept', 'reject', 'close'])
    .execute();
}

export function listMeasures(db: Executor, createdBefore: string) {
  return db.selectFrom('measures').select(['organization_id', 'progress']).where('created_at', '<', createdBefore).execute();
}

export function listReports(db: Executor, weekStarts: readonly string[]) {
  if (weekStarts.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('weekly_reports')
    .select(['week_start', 'unit_type', 'unit_id', 'submitted_at', 'is_late'])
    .where('week_start', 'in', [...weekStarts])
    .execute();
}

export function listActiveLiaisonGroups(db: Executor) {
  return db.selectFrom('liaison_groups').select(['id', 'name', 'created_at']).where('archived_at', 'is', null).execute();
}
