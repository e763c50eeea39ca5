import type { AccessEnv, AccessRow } from '../../testing/access-table.ts';

/** This module's rows of the route × user access table (src/server/http/access.test.ts). */
export function notificationAccessRows(env: AccessEnv): AccessRow[] {
  void env;
  return [];
}
