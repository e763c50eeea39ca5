import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import {
  countAuditEvents,
  loginAs,
  makeUser,
  orgVersion,
  TEST_PASSWORD,
  uniqueName,
  userVersion,
  type Headers,
} from '../testing/factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts';

/**
 * Every API route × every kind of user, as data. Adding a route means adding
 * a row here; the last test fails for any route in the OpenAPI document that
 * has no row.
 *
 * Who is who (demo district 渭南高新区 → 良田街道 / 白杨街道 → villages):
 *   admin      district admin over the whole district
 *   officer    district officer (reads everything, manages nothing)
 *   liangtian  subdistrict officer of 良田街道 (reads 良田街道's subtree)
 *   secretary  village secretary of 大闵村 (in 良田街道)
 *   zhangdong  village secretary of 张东村 (in 白杨街道)
 *   viewer     read-only over the whole district
 *   ltadmin    (made here) district admin scoped to 良田街道 only
 *   anonymous  a browser without a session
 */
const WHO = ['anonymous', 'admin', 'officer', 'liangtian', 'secretary', 'zhangdong', 'viewer', 'ltadmin'] as const;
type Who = (typeof WHO)[number];
type Signed = Exclude<Who, 'anonymous'>;

interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  url: string;
  payload?: unknown;
  /** Send these headers instead of the shared session of `who` (e.g. a fresh session to end). */
  headers?: Headers;
}

interface Row {
  /** As the OpenAPI document names it. */
  route: string;
  /** What the request addresses, for the test name. */
  target: string;
  /** Audit events the request writes: mutations one when allowed and none when refused. */
  writes?: 'on-success' | 'always';
  request(who: Who): Promise<Request>;
  /** Puts things back after a case that changed shared state. */
  after?(who: Who, res: LightMyRequestResponse, req: Request): Promise<void>;
  expect: Record<Who, number>;
}

/** Expected statuses: `rest` for every signed-in user not named, 401 for anonymous unless named. */
function statuses(rest: number, named: Partial<Record<Who, number>>): Record<Who, number> {
  return Object.fromEntries(WHO.map((w) => [w, named[w] ?? (w === 'anonymous' ? 401 : rest)])) as Record<Who, number>;
}

let t: TestApp;
const session = {} as Record<Who, Headers>;
const password = (who: Signed) => (who === 'ltadmin' ? TEST_PASSWORD : DEMO_PASSWORD);
const admin = () => session.admin;

/** A fresh account to act on, with roles on the named organizations. */
async function freshUser(...orgs: string[]) {
  return makeUser(
    t,
    admin(),
    orgs.map((org) => ({ role: org.endsWith('村') ? 'village_secretary' : 'viewer', org })),
  );
}

/** Renames an organization to its own name: allowed → version bump and one audit event; refused → nothing. */
function patchOrg(target: string, expect: Record<Who, number>): Row {
  return {
    route: 'PATCH /api/organizations/{id}',
    target,
    writes: 'on-success',
    request: async () => {
      const id = await t.orgId(target);
      return { method: 'PATCH', url: `/api/organizations/${id}`, payload: { version: await orgVersion(t.db, id), name: target } };
    },
    expect,
  };
}

function createOrg(parent: string, kind: string, expect: Record<Who, number>): Row {
  return {
    route: 'POST /api/organizations',
    target: `a ${kind} under ${parent}`,
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/organizations',
      payload: { parentId: await t.orgId(parent), kind, name: uniqueName('权限测试') },
    }),
    expect,
  };
}

function getOrg(target: string, expect: Record<Who, number>): Row {
  return {
    route: 'GET /api/organizations/{id}',
    target,
    request: async () => ({ method: 'GET', url: `/api/organizations/${await t.orgId(target)}` }),
    expect,
  };
}

function getUser(username: string, expect: Record<Who, number>): Row {
  return {
    route: 'GET /api/users/{id}',
    target: `user ${username}`,
    request: async () => ({ method: 'GET', url: `/api/users/${await t.userId(username)}` }),
    expect,
  };
}

const ROWS: Row[] = [
  {
    route: 'GET /api/health',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/health' }),
    expect: statuses(200, { anonymous: 200 }),
  },

  {
    route: 'POST /api/session',
    target: 'own credentials (anonymous: unknown user)',
    writes: 'always',
    request: async (who) => ({
      method: 'POST',
      url: '/api/session',
      payload:
        who === 'anonymous' ? { username: uniqueName('nobody'), password: 'wrong-password' } : { username: who, password: password(who) },
    }),
    expect: statuses(200, { anonymous: 401 }),
  },
  { route: 'GET /api/session', target: '-', request: async () => ({ method: 'GET', url: '/api/session' }), expect: statuses(200, {}) },
  {
    route: 'DELETE /api/session',
    target: 'a fresh session',
    writes: 'on-success',
    request: async (who) => ({
      method: 'DELETE',
      url: '/api/session',
      headers: who === 'anonymous' ? undefined : await loginAs(t, who, password(who)),
    }),
    expect: statuses(204, {}),
  },
  {
    route: 'POST /api/account/password',
    target: 'own password',
    writes: 'on-success',
    request: async (who) => ({
      method: 'POST',
      url: '/api/account/password',
      headers: who === 'anonymous' ? undefined : await loginAs(t, who, password(who)),
      payload: { currentPassword: who === 'anonymous' ? DEMO_PASSWORD : password(who), newPassword: 'changed-pass-2026' },
    }),
    after: async (who, res, req) => {
      if (who === 'anonymous' || res.statusCode !== 204) return;
      const back = await t.app.inject({
        method: 'POST',
        url: '/api/account/password',
        headers: req.headers,
        payload: { currentPassword: 'changed-pass-2026', newPassword: password(who) },
      });
      expect(back.statusCode).toBe(204);
      // The change ended this user's other sessions, the shared one included.
      session[who] = await loginAs(t, who, password(who));
    },
    expect: statuses(204, {}),
  },

  {
    route: 'GET /api/organizations/tree',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/organizations/tree' }),
    expect: statuses(200, {}),
  },
  {
    route: 'GET /api/organizations',
    target: '?q=村',
    request: async () => ({ method: 'GET', url: `/api/organizations?q=${encodeURIComponent('村')}` }),
    expect: statuses(200, {}),
  },

  createOrg('良田街道', 'village', statuses(403, { admin: 201, ltadmin: 201, secretary: 404, zhangdong: 404 })),
  createOrg('白杨街道', 'village', statuses(403, { admin: 201, ltadmin: 404, liangtian: 404, secretary: 404, zhangdong: 404 })),
  createOrg('大闵村', 'branch', statuses(403, { admin: 201, ltadmin: 201, zhangdong: 404 })),

  getOrg('大闵村', statuses(200, { zhangdong: 404 })),
  getOrg('张东村', statuses(200, { liangtian: 404, secretary: 404, ltadmin: 404 })),
  // A village secretary does not see the subdistrict above the village.
  getOrg('良田街道', statuses(200, { secretary: 404, zhangdong: 404 })),

  patchOrg('良田村', statuses(403, { admin: 200, ltadmin: 200, secretary: 404, zhangdong: 404 })),
  patchOrg('大闵村', statuses(403, { admin: 200, ltadmin: 200, zhangdong: 404 })),
  patchOrg('张东村', statuses(403, { admin: 200, ltadmin: 404, liangtian: 404, secretary: 404 })),

  {
    route: 'GET /api/users',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/users' }),
    expect: statuses(403, { admin: 200, ltadmin: 200 }),
  },
  {
    route: 'POST /api/users',
    target: 'a secretary of 大闵村',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: uniqueName('new'),
        displayName: '新用户',
        password: TEST_PASSWORD,
        roles: [{ role: 'village_secretary', organizationId: await t.orgId('大闵村') }],
      },
    }),
    expect: statuses(403, { admin: 201, ltadmin: 201 }),
  },
  {
    route: 'POST /api/users',
    target: 'a secretary of 张东村',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: uniqueName('new'),
        displayName: '新用户',
        password: TEST_PASSWORD,
        roles: [{ role: 'village_secretary', organizationId: await t.orgId('张东村') }],
      },
    }),
    expect: statuses(403, { admin: 201, ltadmin: 404 }),
  },

  // Users are seen only by those who may read users; to everyone else they do not exist.
  getUser('secretary', statuses(404, { admin: 200, ltadmin: 200 })),
  getUser('zhangdong', statuses(404, { admin: 200 })),
  getUser('admin', statuses(404, { admin: 200 })),

  {
    route: 'PATCH /api/users/{id}',
    target: 'a user of 大闵村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村');
      return { method: 'PATCH', url: `/api/users/${u.id}`, payload: { version: u.version, displayName: '改名后' } };
    },
    expect: statuses(404, { admin: 200, ltadmin: 200 }),
  },
  {
    // Seen by ltadmin through the 大闵村 role, but the 张东村 role is beyond its reach.
    route: 'PATCH /api/users/{id}',
    target: 'a user of 大闵村 and 张东村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村', '张东村');
      return { method: 'PATCH', url: `/api/users/${u.id}`, payload: { version: u.version, displayName: '改名后' } };
    },
    expect: statuses(404, { admin: 200, ltadmin: 403 }),
  },
  {
    route: 'POST /api/users/{id}/roles',
    target: 'grant on 良田村 to a user of 大闵村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村');
      return {
        method: 'POST',
        url: `/api/users/${u.id}/roles`,
        payload: { version: u.version, role: 'viewer', organizationId: await t.orgId('良田村') },
      };
    },
    expect: statuses(404, { admin: 200, ltadmin: 200 }),
  },
  {
    route: 'POST /api/users/{id}/roles',
    target: 'grant on 张东村 to a user of 大闵村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村');
      return {
        method: 'POST',
        url: `/api/users/${u.id}/roles`,
        payload: { version: u.version, role: 'viewer', organizationId: await t.orgId('张东村') },
      };
    },
    expect: statuses(404, { admin: 200 }),
  },
  {
    route: 'DELETE /api/users/{id}/roles/{assignmentId}',
    target: 'the 良田村 role of a user of 大闵村 and 良田村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村', '良田村');
      const liangtian = await t.orgId('良田村');
      const role = u.roles.find((r) => r.organizationId === liangtian)!;
      return { method: 'DELETE', url: `/api/users/${u.id}/roles/${role.id}?version=${u.version}` };
    },
    expect: statuses(404, { admin: 200, ltadmin: 200 }),
  },
  {
    route: 'DELETE /api/users/{id}/roles/{assignmentId}',
    target: 'the 张东村 role of a user of 大闵村 and 张东村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村', '张东村');
      const zhangdong = await t.orgId('张东村');
      const role = u.roles.find((r) => r.organizationId === zhangdong)!;
      return { method: 'DELETE', url: `/api/users/${u.id}/roles/${role.id}?version=${u.version}` };
    },
    expect: statuses(404, { admin: 200, ltadmin: 403 }),
  },
  {
    route: 'POST /api/users/{id}/password-reset',
    target: 'a user of 大闵村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村');
      return {
        method: 'POST',
        url: `/api/users/${u.id}/password-reset`,
        payload: { version: await userVersion(t.db, u.id), newPassword: 'reset-pass-2026' },
      };
    },
    expect: statuses(404, { admin: 204, ltadmin: 204 }),
  },
  {
    route: 'POST /api/users/{id}/password-reset',
    target: 'a user of 大闵村 and 张东村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村', '张东村');
      return { method: 'POST', url: `/api/users/${u.id}/password-reset`, payload: { version: u.version, newPassword: 'reset-pass-2026' } };
    },
    expect: statuses(404, { admin: 204, ltadmin: 403 }),
  },

  {
    route: 'GET /api/audit',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/audit' }),
    expect: statuses(403, { admin: 200, ltadmin: 200 }),
  },
];

beforeAll(async () => {
  t = await createTestApp();
  session.admin = await t.login('admin');
  await makeUser(t, session.admin, [{ role: 'district_admin', org: '良田街道' }], { username: 'ltadmin' });
  for (const who of WHO) {
    session[who] = who === 'anonymous' ? { origin: TEST_ORIGIN } : await loginAs(t, who, password(who));
  }
});
afterAll(() => t.close());

const CASES = ROWS.flatMap((row) => WHO.map((who) => ({ row, who, status: row.expect[who] })));

describe('access by role and organization scope', () => {
  it.each(CASES.map((c) => [c.row.route, c.row.target, c.who, c.status, c] as const))(
    '%s (%s) as %s → %i',
    async (_route, _target, who, status, { row }) => {
      const req = await row.request(who);
      const before = await countAuditEvents(t.db);
      const res = await t.app.inject({
        method: req.method,
        url: req.url,
        payload: req.payload as object,
        headers: req.headers ?? session[who],
      });
      expect(res.statusCode, res.body).toBe(status);
      if (status >= 400) {
        expect(res.json().error.message).toBeTruthy();
        if (status === 401) expect(res.json().error.code).toBe('UNAUTHENTICATED');
        if (status === 403) expect(res.json().error.code).toBe('FORBIDDEN');
        if (status === 404) expect(res.json().error.code).toBe('NOT_FOUND');
      }
      // Refused requests change nothing; allowed mutations write exactly one audit event.
      const written = (await countAuditEvents(t.db)) - before;
      const expected = row.writes === 'always' ? 1 : row.writes === 'on-success' && status < 300 ? 1 : 0;
      expect(written).toBe(expected);
      await row.after?.(who, res, req);
    },
  );

  it('has a row for every route in the OpenAPI document, and no row for a route that does not exist', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(spec.paths)
      .filter(([path]) => !path.startsWith('/api/docs') && path !== '/api/openapi.json')
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const tabled = new Set(ROWS.map((r) => r.route));
    expect(
      documented.filter((r) => !tabled.has(r)),
      'routes without an access row',
    ).toEqual([]);
    expect(
      [...tabled].filter((r) => !documented.includes(r)),
      'rows for undocumented routes',
    ).toEqual([]);
    // Every row states an expectation for every kind of user.
    for (const row of ROWS) expect(Object.keys(row.expect).sort()).toEqual([...WHO].sort());
  });
});
