import type { AccessEnv, AccessRow } from '../../testing/access-table.ts';

/** This module's rows of the route × user access table (src/server/http/access.test.ts). */
export function rankingAccessRows(env: AccessEnv): AccessRow[] {
  void env;
  return [];
}
