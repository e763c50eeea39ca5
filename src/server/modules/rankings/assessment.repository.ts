import type { Executor } from '../../http/context.ts';

/** (week, unit) pairs with a filed report among the given weeks. */
export function listFiledReports(db: Executor, unitType: string, weekStarts: readonly string[]) {
  if (weekStarts.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('weekly_reports')
    .select(['week_start', 'unit_id'])
    .where('unit_type', '=', unitType)
    .where('week_start', 'in', [...weekStarts])
    .where('submitted_at', 'is not', null)
    .execute();
}

export function listActiveLiaisonGroupIds(db: Executor) {
  return db.selectFrom('liaison_groups').select('id').where('archived_at', 'is', null).execute();
}

/** Organizations that already existed before `before` (ranked for a period only when they existed by its end). */
export function listOrganizationIdsCreatedBefore(db: Executor, before: string) {
  return db.selectFrom('organizations').select('id').where('created_at', '<', before).where('archived_at', 'is', null).execute();
}
