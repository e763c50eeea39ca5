import type { LightMyRequestResponse } from 'fastify';
import type { Headers } from './factories.ts';
import type { TestApp } from './test-app.ts';

/**
 * The shape of the route × user access table (src/server/http/access.test.ts).
 * Modules contribute rows from their own `<module>.access.test-support.ts` files through
 * an AccessEnv, so the table stays one test while its rows live with their routes.
 *
 * Who is who (demo district 渭南高新区 → 良田街道 / 白杨街道 → villages):
 *   admin      district admin over the whole district
 *   officer    district officer
 *   liangtian  subdistrict officer of 良田街道 (reads 良田街道's subtree)
 *   secretary  village secretary of 大闵村 (in 良田街道)
 *   zhangdong  village secretary of 张东村 (in 白杨街道)
 *   viewer     read-only over the whole district
 *   ltadmin    (made by the test) district admin scoped to 良田街道 only
 *   anonymous  a browser without a session
 */
export const WHO = ['anonymous', 'admin', 'officer', 'liangtian', 'secretary', 'zhangdong', 'viewer', 'ltadmin'] as const;
export type Who = (typeof WHO)[number];
export type Signed = Exclude<Who, 'anonymous'>;

export interface AccessRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  url: string;
  payload?: unknown;
  /** Send these headers instead of the shared session of `who` (e.g. a fresh session to end). */
  headers?: Headers;
}

export interface AccessRow {
  /** As the OpenAPI document names it, e.g. 'GET /api/circulars/{id}'. */
  route: string;
  /** What the request addresses, for the test name. */
  target: string;
  /** Audit events the request writes: mutations one when allowed and none when refused. */
  writes?: 'on-success' | 'always' | ((who: Who) => number);
  request(who: Who): Promise<AccessRequest>;
  /** Puts things back after a case that changed shared state. */
  after?(who: Who, res: LightMyRequestResponse, req: AccessRequest): Promise<void>;
  expect: Record<Who, number>;
}

/** Expected statuses: `rest` for every signed-in user not named, 401 for anonymous unless named. */
export function statuses(rest: number, named: Partial<Record<Who, number>>): Record<Who, number> {
  return Object.fromEntries(WHO.map((w) => [w, named[w] ?? (w === 'anonymous' ? 401 : rest)])) as Record<Who, number>;
}

/** What a module's rows may use; valid once the table's beforeAll has run. */
export interface AccessEnv {
  /** The shared test app (demo district, no demo ledger). */
  t(): TestApp;
  /** Each user's signed-in headers. */
  session: Record<Who, Headers>;
  /** Runs a setup request as admin, checks its status and returns the body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- setup answers are loosely typed JSON, as in the tests
  ok(req: { method: AccessRequest['method']; url: string; payload?: unknown }, status?: number): Promise<any>;
}
