import type { AccessEnv, AccessRow } from '../testing/access-table.ts';
import { planAccessRows } from '../modules/plans/plans.access.test-support.ts';
import { reviewAccessRows } from '../modules/reviews/reviews.access.test-support.ts';
import { visitAccessRows } from '../modules/visits/visits.access.test-support.ts';

/** The program's 两委会 review, 一村一策 plan and supervision visits: rows of the access table, kept beside their routes. */
export function programAccessRows(env: AccessEnv): AccessRow[] {
  return [...reviewAccessRows(env), ...planAccessRows(env), ...visitAccessRows(env)];
}
