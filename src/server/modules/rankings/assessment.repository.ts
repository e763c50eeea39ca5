import { subtreeUpperBound } from '../../../domain/organizations.ts';
import type { Executor } from '../../http/context.ts';
import { tookPartIn } from '../organizations/organizations.repository.ts';

/**
 * (week, unit) pairs with a filed report among the given weeks. With `rootPath` (a province of a database of several
 * roots), the organizations' reports of that root's tree only; liaison groups sit outside the tree and are all read.
 */
export function listFiledReports(db: Executor, unitType: string, weekStarts: readonly string[], rootPath?: string) {
  if (weekStarts.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('weekly_reports')
    .select(['week_start', 'unit_id'])
    .where('unit_type', '=', unitType)
    .where('week_start', 'in', [...weekStarts])
    .where('submitted_at', 'is not', null);
  if (rootPath !== undefined && unitType === 'organization')
    q = q.where('unit_id', 'in', (eb) =>
      eb.selectFrom('organizations').select('id').where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath)),
    );
  return q.execute();
}

export function listActiveLiaisonGroupIds(db: Executor) {
  return db.selectFrom('liaison_groups').select('id').where('archived_at', 'is', null).execute();
}

/**
 * Organizations that already existed before `before` and were not archived by then (ranked for a period only when
 * they existed by its end, and still ranked for it when archived later); of one root's tree with `rootPath`.
 */
export function listOrganizationIdsCreatedBefore(db: Executor, before: string, rootPath?: string) {
  let q = db.selectFrom('organizations').select('id').where('created_at', '<', before).where(tookPartIn('archived_at', before));
  if (rootPath !== undefined) q = q.where('path', '>=', rootPath).where('path', '<', subtreeUpperBound(rootPath));
  return q.execute();
}
