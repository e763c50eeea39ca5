import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import {
  countAuditEvents,
  loginAs,
  makeOrg,
  makeUser,
  orgVersion,
  TEST_PASSWORD,
  uniqueName,
  userVersion,
  type Headers,
} from '../testing/factories.ts';
import { oneRowLedger } from '../modules/ledger/ledger-sheets.test-support.ts';
import { makeProblem, multipart, PNG_1x1, problemIn, transition, uploadEvidence } from '../testing/ledger-factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts';
import { type AccessEnv, type AccessRequest, type AccessRow, type Signed, statuses, WHO, type Who } from '../testing/access-table.ts';
import { cadenceAccessRows } from './access-cadence.test-support.ts';
import { programAccessRows } from './access-program.test-support.ts';
import { portalAccessRows } from '../modules/portal/portal.access.test-support.ts';
import { studyAccessRows } from '../modules/study/study.access.test-support.ts';

/**
 * Every API route × every kind of user, as data. Adding a route means adding
 * a row here or in its module's `<module>.access.test-support.ts`; the last test fails for
 * any route in the OpenAPI document that has no row. Who is who: see
 * src/server/testing/access-table.ts.
 */
type Request = AccessRequest;
type Row = AccessRow;

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

/** Checks a setup request and returns its body. */
async function ok(req: { method: Request['method']; url: string; payload?: unknown }, status = 200) {
  const res = await t.app.inject({ ...req, payload: req.payload as object, headers: admin() });
  if (res.statusCode !== status) throw new Error(`setup ${req.method} ${req.url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

interface MadeVersion {
  id: string;
  standardId: string;
  version: number;
  areas: Array<{ id: string; items: Array<{ id: string }> }>;
}

/** A new standard made by admin: an empty draft, or one with an area and an item (weighing the total, 100), or that published. */
async function freshStandard(state: 'empty' | 'complete' | 'published'): Promise<MadeVersion> {
  let v: MadeVersion = await ok({ method: 'POST', url: '/api/standards', payload: { name: uniqueName('权限测试标准') } }, 201);
  if (state === 'empty') return v;
  v = await ok({
    method: 'POST',
    url: `/api/standard-versions/${v.id}/areas`,
    payload: { version: v.version, code: 'ZZSZ', name: '组织设置' },
  });
  v = await ok({
    method: 'POST',
    url: `/api/standard-versions/${v.id}/items`,
    payload: {
      version: v.version,
      areaId: v.areas[0]!.id,
      code: 'ZZSZ-01',
      title: '按期换届',
      criterion: '按期换届',
      weight: 100,
      expectedEvidence: '选举材料',
    },
  });
  if (state === 'published')
    v = await ok({ method: 'POST', url: `/api/standard-versions/${v.id}/publish`, payload: { version: v.version } });
  return v;
}

async function demoStandardVersion(): Promise<{ id: string; version: number }> {
  return t.db.kysely
    .selectFrom('standard_versions')
    .select(['id', 'version'])
    .where('version_no', '=', 1)
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
}

function editDraft(route: string, target: string, state: 'empty' | 'complete', build: (v: MadeVersion) => Omit<Request, 'headers'>): Row {
  return {
    route,
    target,
    writes: 'on-success',
    request: async () => build(await freshStandard(state)),
    expect: statuses(403, { admin: 200, officer: 200 }),
  };
}

/** A new liaison group made by admin, over a new village of `subdistrict`, seated with the demo users of 第二包联组. */
async function freshGroup(subdistrict: string, archived = false): Promise<{ id: string; version: number }> {
  const village = await makeOrg(t, admin(), subdistrict);
  const members = await Promise.all(
    (['party_office', 'department', 'subdistrict'] as const).map(async (seat, i) => ({
      seat,
      userId: await t.userId(['lg2-party', 'lg2-dept', 'lg2-sub'][i]!),
    })),
  );
  let g = await ok(
    {
      method: 'POST',
      url: '/api/liaison-groups',
      payload: { name: uniqueName('权限测试组'), departmentName: '区测试局', members, villageIds: [village.id] },
    },
    201,
  );
  if (archived) g = await ok({ method: 'POST', url: `/api/liaison-groups/${g.id}/archive`, payload: { version: g.version } });
  return g;
}

async function groupId(name: string): Promise<string> {
  return (await t.db.kysely.selectFrom('liaison_groups').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/**
 * A new village of 良田街道 whose liaison group seats the district officer
 * (beside two department accounts), so the officer may accept there: made once.
 */
let officerSeatedVillage: Promise<string> | undefined;
function villageWhereOfficerSits(): Promise<string> {
  officerSeatedVillage ??= (async () => {
    const village = await makeOrg(t, admin(), '良田街道');
    const [m, n] = await Promise.all([makeUser(t, admin(), []), makeUser(t, admin(), [])]);
    await ok(
      {
        method: 'POST',
        url: '/api/liaison-groups',
        payload: {
          name: uniqueName('四眼权限组'),
          departmentName: '区测试局',
          members: [
            { seat: 'party_office', userId: await t.userId('officer') },
            { seat: 'department', userId: m.id },
            { seat: 'subdistrict', userId: n.id },
          ],
          villageIds: [village.id],
        },
      },
      201,
    );
    return village.id;
  })();
  return officerSeatedVillage;
}

/** A fresh open problem of 大闵村 (in 良田街道), made by admin. */
async function freshProblem() {
  return makeProblem(t, admin(), '大闵村');
}

async function publishedVersionId(): Promise<string> {
  const v = await t.db.kysely.selectFrom('standard_versions').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
  return v.id;
}

/** A fresh open round over 大闵村 only, made by admin; returns its id, version and the checklist. */
async function freshRound() {
  const body = await ok(
    {
      method: 'POST',
      url: '/api/inspection-rounds',
      payload: {
        name: uniqueName('权限测试排查'),
        standardVersionId: await publishedVersionId(),
        periodStart: '2026-11-27',
        periodEnd: '2026-12-27',
        organizationIds: [await t.orgId('大闵村')],
      },
    },
    201,
  );
  return { id: body.id as string, version: body.version as number, checklist: body.checklists[0] as { id: string; version: number } };
}

/** Ledger rules on 大闵村: the village rectifies, the liaison group verifies, the district (and 良田街道's admin) manages. */
const LEDGER_EDIT = statuses(403, { admin: 200, officer: 200, liangtian: 200, ltadmin: 200, zhangdong: 404 });
const LEDGER_READ = statuses(200, { zhangdong: 404 });
const MEASURE_MANAGE = statuses(403, { admin: 201, officer: 201, secretary: 201, ltadmin: 201, zhangdong: 404 });

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
  {
    route: 'POST /login',
    target: 'own credentials, by the login page’s form (anonymous: unknown user)',
    writes: 'always',
    request: async (who) => ({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(
        who === 'anonymous' ? { username: uniqueName('nobody'), password: 'wrong-password' } : { username: who, password: password(who) },
      ).toString(),
    }),
    // A page's answer: on to the dashboard when signed in.
    expect: statuses(303, { anonymous: 401 }),
  },
  {
    route: 'GET /api/session',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/session' }),
    // Signed out is an answer (user: null), not an error.
    expect: statuses(200, { anonymous: 200 }),
  },
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
      // The change renewed this browser's cookie: the old one ended with the other sessions.
      const renewed = res.cookies.find((c) => c.name === 'tz_session');
      expect(renewed).toBeDefined();
      const back = await t.app.inject({
        method: 'POST',
        url: '/api/account/password',
        headers: { ...req.headers, cookie: `tz_session=${renewed!.value}` },
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

  patchOrg('麻李村', statuses(403, { admin: 200, ltadmin: 200, secretary: 404, zhangdong: 404 })),
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
    target: 'grant on 麻李村 to a user of 大闵村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村');
      return {
        method: 'POST',
        url: `/api/users/${u.id}/roles`,
        payload: { version: u.version, role: 'viewer', organizationId: await t.orgId('麻李村') },
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
    target: 'the 麻李村 role of a user of 大闵村 and 麻李村',
    writes: 'on-success',
    request: async () => {
      const u = await freshUser('大闵村', '麻李村');
      const liangtian = await t.orgId('麻李村');
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

  // The standard catalog: everyone reads it; only district-wide managers (admin, officer) change it.
  { route: 'GET /api/standards', target: '-', request: async () => ({ method: 'GET', url: '/api/standards' }), expect: statuses(200, {}) },
  {
    route: 'POST /api/standards',
    target: 'a new standard',
    writes: 'on-success',
    request: async () => ({ method: 'POST', url: '/api/standards', payload: { name: uniqueName('新标准') } }),
    expect: statuses(403, { admin: 201, officer: 201 }),
  },
  {
    route: 'GET /api/standard-versions/{id}',
    target: 'the demo standard, version 1',
    request: async () => ({ method: 'GET', url: `/api/standard-versions/${(await demoStandardVersion()).id}` }),
    expect: statuses(200, {}),
  },
  {
    route: 'GET /api/standard-versions/compare',
    target: 'the demo version 1 with a new standard',
    request: async () => ({
      method: 'GET',
      url: `/api/standard-versions/compare?from=${(await demoStandardVersion()).id}&to=${(await freshStandard('complete')).id}`,
    }),
    expect: statuses(200, {}),
  },
  {
    route: 'POST /api/standards/{id}/drafts',
    target: 'a published standard without a draft',
    writes: 'on-success',
    request: async () => ({ method: 'POST', url: `/api/standards/${(await freshStandard('published')).standardId}/drafts`, payload: {} }),
    expect: statuses(403, { admin: 201, officer: 201 }),
  },
  editDraft('PATCH /api/standard-versions/{id}', 'a draft', 'empty', (v) => ({
    method: 'PATCH',
    url: `/api/standard-versions/${v.id}`,
    payload: { version: v.version, title: '改过的标题' },
  })),
  {
    // Published versions are immutable, even for those who manage the catalog.
    route: 'PATCH /api/standard-versions/{id}',
    target: 'the published demo version',
    writes: 'on-success',
    request: async () => {
      const v = await demoStandardVersion();
      return { method: 'PATCH', url: `/api/standard-versions/${v.id}`, payload: { version: v.version, title: '改过的标题' } };
    },
    expect: statuses(403, { admin: 422, officer: 422 }),
  },
  editDraft('POST /api/standard-versions/{id}/publish', 'a complete draft', 'complete', (v) => ({
    method: 'POST',
    url: `/api/standard-versions/${v.id}/publish`,
    payload: { version: v.version },
  })),
  editDraft('POST /api/standard-versions/{id}/areas', 'a draft', 'empty', (v) => ({
    method: 'POST',
    url: `/api/standard-versions/${v.id}/areas`,
    payload: { version: v.version, code: 'DWJS', name: '队伍建设' },
  })),
  editDraft('PATCH /api/standard-versions/{id}/areas/{areaId}', 'an area of a draft', 'complete', (v) => ({
    method: 'PATCH',
    url: `/api/standard-versions/${v.id}/areas/${v.areas[0]!.id}`,
    payload: { version: v.version, name: '组织建设' },
  })),
  editDraft('DELETE /api/standard-versions/{id}/areas/{areaId}', 'an area of a draft', 'complete', (v) => ({
    method: 'DELETE',
    url: `/api/standard-versions/${v.id}/areas/${v.areas[0]!.id}?version=${v.version}`,
  })),
  editDraft('POST /api/standard-versions/{id}/items', 'an area of a draft', 'complete', (v) => ({
    method: 'POST',
    url: `/api/standard-versions/${v.id}/items`,
    payload: {
      version: v.version,
      areaId: v.areas[0]!.id,
      code: 'ZZSZ-02',
      title: '班子分工',
      criterion: '分工明确',
      weight: 3,
      expectedEvidence: '分工文件',
    },
  })),
  editDraft('PATCH /api/standard-versions/{id}/items/{itemId}', 'an item of a draft', 'complete', (v) => ({
    method: 'PATCH',
    url: `/api/standard-versions/${v.id}/items/${v.areas[0]!.items[0]!.id}`,
    payload: { version: v.version, weight: 4 },
  })),
  editDraft('DELETE /api/standard-versions/{id}/items/{itemId}', 'an item of a draft', 'complete', (v) => ({
    method: 'DELETE',
    url: `/api/standard-versions/${v.id}/items/${v.areas[0]!.items[0]!.id}?version=${v.version}`,
  })),

  // Liaison groups: district-wide managers see and change all; ltadmin (liaison.manage in 良田街道)
  // sees the groups working there but changes none; everyone else sees only groups they sit in.
  {
    route: 'GET /api/liaison-groups',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/liaison-groups' }),
    expect: statuses(200, {}),
  },
  {
    route: 'GET /api/liaison-groups/member-candidates',
    target: '?q=lg',
    request: async () => ({ method: 'GET', url: '/api/liaison-groups/member-candidates?q=lg' }),
    expect: statuses(403, { admin: 200, officer: 200 }),
  },
  {
    route: 'POST /api/liaison-groups',
    target: 'a group for a new village of 良田街道',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/liaison-groups',
      payload: {
        name: uniqueName('新包联组'),
        departmentName: '区测试局',
        villageIds: [(await makeOrg(t, admin(), '良田街道')).id],
        members: [
          { seat: 'party_office', userId: await t.userId('lg2-party') },
          { seat: 'department', userId: await t.userId('lg2-dept') },
          { seat: 'subdistrict', userId: await t.userId('lg2-sub') },
        ],
      },
    }),
    expect: statuses(403, { admin: 201, officer: 201 }),
  },
  {
    route: 'POST /api/liaison-groups',
    target: 'a group seating the read-only viewer (separation of duties)',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/liaison-groups',
      payload: {
        name: uniqueName('只读席位组'),
        departmentName: '区测试局',
        villageIds: [(await makeOrg(t, admin(), '良田街道')).id],
        members: [
          { seat: 'party_office', userId: await t.userId('lg2-party') },
          { seat: 'department', userId: await t.userId('lg2-dept') },
          { seat: 'subdistrict', userId: await t.userId('viewer') },
        ],
      },
    }),
    expect: statuses(403, { admin: 400, officer: 400 }),
  },
  {
    route: 'GET /api/liaison-groups/{id}',
    target: '第一包联组 (大闵村 and three more of 良田街道)',
    request: async () => ({ method: 'GET', url: `/api/liaison-groups/${await groupId('第一包联组')}` }),
    expect: statuses(404, { admin: 200, officer: 200, ltadmin: 200 }),
  },
  {
    route: 'GET /api/liaison-groups/{id}',
    target: '第三包联组 (张东村 and three more of 白杨街道)',
    request: async () => ({ method: 'GET', url: `/api/liaison-groups/${await groupId('第三包联组')}` }),
    expect: statuses(404, { admin: 200, officer: 200 }),
  },
  {
    route: 'PATCH /api/liaison-groups/{id}',
    target: 'a group of 良田街道',
    writes: 'on-success',
    request: async () => {
      const g = await freshGroup('良田街道');
      return { method: 'PATCH', url: `/api/liaison-groups/${g.id}`, payload: { version: g.version, departmentName: '区审计局' } };
    },
    expect: statuses(404, { admin: 200, officer: 200, ltadmin: 403 }),
  },
  {
    route: 'PATCH /api/liaison-groups/{id}',
    target: 'a group of 良田街道, seating the read-only viewer',
    writes: 'on-success',
    request: async () => {
      const g = await freshGroup('良田街道');
      const members = await Promise.all(
        (['party_office', 'department', 'subdistrict'] as const).map(async (seat, i) => ({
          seat,
          userId: await t.userId(['lg2-party', 'viewer', 'lg2-sub'][i]!),
        })),
      );
      return { method: 'PATCH', url: `/api/liaison-groups/${g.id}`, payload: { version: g.version, members } };
    },
    expect: statuses(404, { admin: 400, officer: 400, ltadmin: 403 }),
  },
  {
    route: 'POST /api/liaison-groups/{id}/archive',
    target: 'a group of 良田街道',
    writes: 'on-success',
    request: async () => {
      const g = await freshGroup('良田街道');
      return { method: 'POST', url: `/api/liaison-groups/${g.id}/archive`, payload: { version: g.version } };
    },
    expect: statuses(404, { admin: 200, officer: 200, ltadmin: 403 }),
  },
  {
    route: 'POST /api/liaison-groups/{id}/restore',
    target: 'an archived group of 白杨街道',
    writes: 'on-success',
    request: async () => {
      const g = await freshGroup('白杨街道', true);
      return { method: 'POST', url: `/api/liaison-groups/${g.id}/restore`, payload: { version: g.version } };
    },
    expect: statuses(404, { admin: 200, officer: 200 }),
  },
  // The problem ledger.
  {
    route: 'GET /api/problems',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/problems?overdue=1' }),
    expect: statuses(200, {}),
  },
  {
    route: 'POST /api/problems',
    target: 'a problem of 大闵村',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/problems',
      payload: { organizationId: await t.orgId('大闵村'), description: '权限测试问题' },
    }),
    expect: statuses(403, { admin: 201, officer: 201, ltadmin: 201, zhangdong: 404 }),
  },
  {
    route: 'POST /api/problems/bulk',
    target: 'a problem of 大闵村',
    writes: 'on-success',
    request: async () => {
      const p = await freshProblem();
      return { method: 'POST', url: '/api/problems/bulk', payload: { items: [{ id: p.id, version: p.version }], dueOn: '2027-01-31' } };
    },
    expect: LEDGER_EDIT,
  },
  {
    // Always 200: each problem's own outcome (closed, FORBIDDEN, NOT_FOUND without its code) is listed in the
    // answer; problems.close.test.ts checks those per role.
    route: 'POST /api/problems/bulk-close',
    target: 'an accepted problem of 大闵村',
    // One close (one audit event) for those who may close there; nothing for the others.
    writes: (who) => (['admin', 'officer', 'ltadmin'].includes(who) ? 1 : 0),
    request: async () => {
      const p = await problemIn(t, admin(), '大闵村', 'accepted');
      return { method: 'POST', url: '/api/problems/bulk-close', payload: { items: [{ id: p.id, version: p.version }] } };
    },
    expect: statuses(200, {}),
  },
  {
    route: 'GET /api/problems/{id}',
    target: 'a problem of 大闵村',
    request: async () => ({ method: 'GET', url: `/api/problems/${(await freshProblem()).id}` }),
    expect: LEDGER_READ,
  },
  {
    route: 'PATCH /api/problems/{id}',
    target: 'a problem of 大闵村',
    writes: 'on-success',
    request: async () => {
      const p = await freshProblem();
      return { method: 'PATCH', url: `/api/problems/${p.id}`, payload: { version: p.version, ownerName: '李*' } };
    },
    expect: LEDGER_EDIT,
  },
  {
    route: 'POST /api/problems/{id}/transitions',
    target: 'start on an open problem of 大闵村',
    writes: 'on-success',
    request: async () => {
      const p = await freshProblem();
      return { method: 'POST', url: `/api/problems/${p.id}/transitions`, payload: { action: 'start', version: p.version } };
    },
    expect: statuses(403, { admin: 200, secretary: 200, ltadmin: 200, zhangdong: 404 }),
  },
  {
    route: 'POST /api/problems/{id}/transitions',
    target: 'close on a problem of 大闵村 that admin accepted',
    writes: 'on-success',
    request: async () => {
      const p = await problemIn(t, admin(), '大闵村', 'accepted');
      return { method: 'POST', url: `/api/problems/${p.id}/transitions`, payload: { action: 'close', version: p.version } };
    },
    expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
  },
  {
    // Four eyes: the officer may close, but not what he accepted himself; admins are exempt.
    route: 'POST /api/problems/{id}/transitions',
    target: 'close on a problem the officer accepted (seated over a new village of 良田街道)',
    writes: 'on-success',
    request: async () => {
      const p = await problemIn(t, admin(), await villageWhereOfficerSits(), 'submitted');
      const accepted = await transition(t, session.officer, p, 'accept');
      if (accepted.statusCode !== 200) throw new Error(`setup accept: ${accepted.statusCode} ${accepted.body}`);
      const version = accepted.json().version as number;
      return { method: 'POST', url: `/api/problems/${p.id}/transitions`, payload: { action: 'close', version } };
    },
    expect: statuses(403, { admin: 200, ltadmin: 200, secretary: 404, zhangdong: 404 }),
  },
  {
    route: 'POST /api/problems/{id}/transitions',
    target: 'withdraw (撤销) an open problem of 大闵村 recorded by mistake',
    writes: 'on-success',
    request: async () => {
      const p = await freshProblem();
      return {
        method: 'POST',
        url: `/api/problems/${p.id}/transitions`,
        payload: { action: 'withdraw', version: p.version, reason: '两委会核实为误登记' },
      };
    },
    expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
  },
  {
    route: 'POST /api/problems/{id}/progress',
    target: 'an open problem of 大闵村',
    writes: 'on-success',
    request: async () => ({ method: 'POST', url: `/api/problems/${(await freshProblem()).id}/progress`, payload: { text: '已开始整改' } }),
    expect: statuses(403, { admin: 200, officer: 200, liangtian: 200, secretary: 200, ltadmin: 200, zhangdong: 404 }),
  },
  { route: 'GET /api/measures', target: '-', request: async () => ({ method: 'GET', url: '/api/measures' }), expect: statuses(200, {}) },
  {
    route: 'POST /api/measures',
    target: 'a measure of 大闵村',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/measures',
      payload: { organizationId: await t.orgId('大闵村'), description: '制定整改计划', problemIds: [(await freshProblem()).id] },
    }),
    expect: MEASURE_MANAGE,
  },
  {
    route: 'PATCH /api/measures/{id}',
    target: 'a measure of 大闵村',
    writes: 'on-success',
    request: async () => {
      const m = await ok(
        {
          method: 'POST',
          url: '/api/measures',
          payload: { organizationId: await t.orgId('大闵村'), description: '制定整改计划', problemIds: [(await freshProblem()).id] },
        },
        201,
      );
      return { method: 'PATCH', url: `/api/measures/${m.id}`, payload: { version: m.version, progress: 50 } };
    },
    expect: statuses(403, { admin: 200, officer: 200, secretary: 200, ltadmin: 200, zhangdong: 404 }),
  },
  {
    route: 'POST /api/evidence',
    target: 'a photo for a problem of 大闵村',
    writes: 'on-success',
    request: async (who) => {
      const body = multipart({ problemId: (await freshProblem()).id }, { name: '照片.png', bytes: PNG_1x1 });
      return {
        method: 'POST',
        url: '/api/evidence',
        payload: body.payload,
        headers: { ...session[who], 'content-type': body.contentType },
      };
    },
    expect: MEASURE_MANAGE,
  },
  {
    route: 'GET /api/evidence/{id}',
    target: 'a photo of a problem of 大闵村',
    request: async () => {
      const e = await uploadEvidence(t, admin(), { problemId: (await freshProblem()).id });
      return { method: 'GET', url: `/api/evidence/${e.json().id}` };
    },
    expect: LEDGER_READ,
  },

  // Inspections: the district starts and closes rounds; the liaison group records (admins may too).
  {
    route: 'GET /api/inspection-rounds',
    target: '-',
    request: async () => ({ method: 'GET', url: '/api/inspection-rounds' }),
    expect: statuses(200, {}),
  },
  {
    route: 'POST /api/inspection-rounds',
    target: 'a round over 大闵村',
    writes: 'on-success',
    request: async () => ({
      method: 'POST',
      url: '/api/inspection-rounds',
      payload: {
        name: uniqueName('排查'),
        standardVersionId: await publishedVersionId(),
        periodStart: '2026-11-27',
        periodEnd: '2026-12-27',
        organizationIds: [await t.orgId('大闵村')],
      },
    }),
    expect: statuses(403, { admin: 201, officer: 201, ltadmin: 201, zhangdong: 404 }),
  },
  {
    route: 'GET /api/inspection-rounds/{id}',
    target: 'a round over 大闵村',
    request: async () => ({ method: 'GET', url: `/api/inspection-rounds/${(await freshRound()).id}` }),
    expect: LEDGER_READ,
  },
  {
    route: 'POST /api/inspection-rounds/{id}/close',
    target: 'a round whose checklist is not done (allowed users get 422)',
    request: async () => {
      const r = await freshRound();
      return { method: 'POST', url: `/api/inspection-rounds/${r.id}/close`, payload: { version: r.version } };
    },
    expect: statuses(403, { admin: 422, officer: 422, ltadmin: 422, zhangdong: 404 }),
  },
  {
    route: 'GET /api/inspection-checklists/{id}',
    target: 'the checklist of 大闵村',
    request: async () => ({ method: 'GET', url: `/api/inspection-checklists/${(await freshRound()).checklist.id}` }),
    expect: LEDGER_READ,
  },
  {
    route: 'PUT /api/inspection-checklists/{id}/results/{checkItemId}',
    target: '"meets" on the checklist of 大闵村',
    writes: 'on-success',
    request: async () => {
      const r = await freshRound();
      const detail = await ok({ method: 'GET', url: `/api/inspection-checklists/${r.checklist.id}` });
      const item = detail.areas[0].items.find((i: { applicable: boolean }) => i.applicable);
      return {
        method: 'PUT',
        url: `/api/inspection-checklists/${r.checklist.id}/results/${item.checkItemId}`,
        payload: { result: 'meets' },
      };
    },
    expect: statuses(403, { admin: 200, ltadmin: 200, zhangdong: 404 }),
  },
  {
    route: 'POST /api/inspection-checklists/{id}/complete',
    target: 'an unfinished checklist of 大闵村 (allowed users get 422)',
    request: async () => {
      const r = await freshRound();
      return { method: 'POST', url: `/api/inspection-checklists/${r.checklist.id}/complete`, payload: { version: r.checklist.version } };
    },
    expect: statuses(403, { admin: 422, ltadmin: 422, zhangdong: 404 }),
  },
  // Excel: the export reads the reader's own scope; the import needs problem.create (dry run: writes nothing).
  {
    route: 'GET /api/ledger/export.xlsx',
    target: "the reader's ledger",
    request: async () => ({ method: 'GET', url: '/api/ledger/export.xlsx?overdue=1' }),
    expect: statuses(200, {}),
  },
  {
    route: 'GET /api/ledger/export.xlsx',
    target: '?organizationId=大闵村',
    request: async () => ({ method: 'GET', url: `/api/ledger/export.xlsx?organizationId=${await t.orgId('大闵村')}` }),
    expect: statuses(200, { zhangdong: 404 }),
  },
  {
    route: 'POST /api/ledger/import',
    target: 'a dry run of a one-row sheet for 大闵村',
    request: async (who) => {
      const body = multipart({}, { name: '台账.xlsx', bytes: await oneRowLedger() });
      return {
        method: 'POST',
        url: '/api/ledger/import?dryRun=1',
        payload: body.payload,
        headers: { ...session[who], 'content-type': body.contentType },
      };
    },
    expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200 }),
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

const ENV: AccessEnv = { t: () => t, session, ok };
ROWS.push(...cadenceAccessRows(ENV));
ROWS.push(...programAccessRows(ENV));
ROWS.push(...portalAccessRows(ENV));
ROWS.push(...studyAccessRows(ENV));

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
      const expected =
        typeof row.writes === 'function'
          ? row.writes(who)
          : row.writes === 'always'
            ? 1
            : row.writes === 'on-success' && status < 300
              ? 1
              : 0;
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
