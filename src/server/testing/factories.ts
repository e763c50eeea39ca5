import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/roles.ts';
import type { Db } from '../db/dialect.ts';
import { newId } from '../db/ids.ts';
import { TEST_ORIGIN, type TestApp } from './test-app.ts';

/**
 * Factories for tests: each test builds its own data through the API, as a
 * user would, so that tests do not depend on each other's order.
 */
export type Headers = Record<string, string>;

export const TEST_PASSWORD = 'test-pass-2026';

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export interface MadeUser {
  id: string;
  username: string;
  password: string;
  version: number;
  roles: Array<{ id: string; role: Role; organizationId: string }>;
}

/** Creates a user through the API as `by` (an admin's headers); roles name organizations by name or id. */
export async function makeUser(
  t: TestApp,
  by: Headers,
  roles: Array<{ role: Role; org: string }>,
  extra: { username?: string; displayName?: string; password?: string } = {},
): Promise<MadeUser> {
  const resolved = await Promise.all(
    roles.map(async (r) => ({ role: r.role, organizationId: isId(r.org) ? r.org : await t.orgId(r.org) })),
  );
  const username = extra.username ?? uniqueName('u');
  const password = extra.password ?? TEST_PASSWORD;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: by,
    payload: { username, displayName: extra.displayName ?? `测试${username}`, password, roles: resolved },
  });
  if (res.statusCode !== 201) throw new Error(`makeUser failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ id: string; version: number; roles: MadeUser['roles'] }>();
  return { id: body.id, username, password, version: body.version, roles: body.roles };
}

/** Creates an organization through the API as `by`; `parent` is a name or an id. */
export async function makeOrg(
  t: TestApp,
  by: Headers,
  parent: string,
  kind = 'village',
  name = uniqueName('测试村'),
): Promise<{ id: string; name: string; version: number }> {
  const parentId = isId(parent) ? parent : await t.orgId(parent);
  const res = await t.app.inject({ method: 'POST', url: '/api/organizations', headers: by, payload: { parentId, kind, name } });
  if (res.statusCode !== 201) throw new Error(`makeOrg failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ id: string; version: number }>();
  return { id: body.id, name, version: body.version };
}

/** Archives (撤销) an organization through the API as `by` (an admin's headers); its children must be archived first. */
export async function archiveOrg(t: TestApp, by: Headers, org: { id: string; version: number }): Promise<void> {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/organizations/${org.id}`,
    headers: by,
    payload: { version: org.version, archived: true },
  });
  if (res.statusCode !== 200) throw new Error(`archiveOrg failed: ${res.statusCode} ${res.body}`);
}

/**
 * An organizations row written straight to the table: a second root (a province beside the demo district) that the
 * API cannot make, since it creates organizations under a parent.
 */
export function organizationRow(o: {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  path: string;
  depth: number;
  at: string;
}) {
  return {
    id: o.id,
    parent_id: o.parentId,
    kind: o.kind,
    name: o.name,
    code: null,
    path: o.path,
    depth: o.depth,
    is_sample: 0,
    archived_at: null,
    version: 1,
    created_at: o.at,
    updated_at: o.at,
  };
}

/**
 * `count` villages (新增1村, 新增2村, …) written straight under the organization `parentId`: a province's worth of
 * villages, which the API would make one request at a time. Nothing is audited, so caches keyed by the record's state
 * (the portal's pages) do not see them until the next audited write. Answers their ids, in order.
 */
export async function addVillagesUnder(t: TestApp, parentId: string, count: number): Promise<string[]> {
  const parent = await t.db.kysely
    .selectFrom('organizations')
    .select(['path', 'depth'])
    .where('id', '=', parentId)
    .executeTakeFirstOrThrow();
  const at = t.clock.now().toISOString();
  const rows = Array.from({ length: count }, (_, i) => {
    const id = newId();
    return organizationRow({
      id,
      parentId,
      kind: 'village',
      name: `新增${i + 1}村`,
      path: `${parent.path}${id}/`,
      depth: Number(parent.depth) + 1,
      at,
    });
  });
  for (let i = 0; i < rows.length; i += 50)
    await t.db.kysely
      .insertInto('organizations')
      .values(rows.slice(i, i + 50))
      .execute();
  return rows.map((r) => r.id);
}

/** Signs in with any credentials; returns the headers a browser on our origin would send. */
export async function loginAs(t: TestApp, username: string, password: string): Promise<Headers> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: TEST_ORIGIN },
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tz_session');
  return { cookie: `tz_session=${cookie!.value}`, origin: TEST_ORIGIN };
}

export async function orgVersion(db: Db, id: string): Promise<number> {
  const row = await db.kysely.selectFrom('organizations').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}

export async function userVersion(db: Db, id: string): Promise<number> {
  const row = await db.kysely.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}

/** How many audit events exist (optionally of one type); read straight from the table. */
export async function countAuditEvents(db: Db, type?: string): Promise<number> {
  let q = db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n'));
  if (type) q = q.where('type', '=', type);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countSessions(db: Db, userId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function isId(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(s);
}
