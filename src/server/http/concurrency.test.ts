import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, makeOrg, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Two people press "save" at the same moment. On PostgreSQL the requests run
 * in parallel transactions; the conditional write must let exactly one win.
 */
let t: TestApp;
let admin: Headers;
let other: Headers;
const ROUNDS = 3;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  other = await t.login('admin');
});
afterAll(() => t.close());

const sorted = (rs: Array<{ statusCode: number }>) => rs.map((r) => r.statusCode).sort();

async function eventsFor(entityId: string, type: string): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: `/api/audit?entityId=${entityId}&type=${type}`, headers: admin });
  return res.json().total as number;
}

describe('simultaneous changes', () => {
  it('archiving a parent while a child is added under it: never an active child under an archived parent', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const parent = await makeOrg(t, admin, '白杨街道');
      const [archive, create] = await Promise.all([
        t.app.inject({
          method: 'PATCH',
          url: `/api/organizations/${parent.id}`,
          headers: admin,
          payload: { version: parent.version, archived: true },
        }),
        t.app.inject({
          method: 'POST',
          url: '/api/organizations',
          headers: other,
          payload: { parentId: parent.id, kind: 'branch', name: uniqueName('支部') },
        }),
      ]);
      const archived = archive.statusCode === 200;
      const created = create.statusCode === 201;
      expect(archived !== created).toBe(true);
      const detail = (await t.app.inject({ method: 'GET', url: `/api/organizations/${parent.id}`, headers: admin })).json();
      expect(detail.archived).toBe(archived);
      expect(detail.activeChildCount).toBe(created ? 1 : 0);
    }
  });

  it('two edits of one organization at the same version: one 200, one 409, one audit event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const org = await makeOrg(t, admin, '白杨街道');
      const rs = await Promise.all(
        [admin, other].map((h, i) =>
          t.app.inject({
            method: 'PATCH',
            url: `/api/organizations/${org.id}`,
            headers: h,
            payload: { version: org.version, name: `${org.name}-${i}` },
          }),
        ),
      );
      expect(sorted(rs)).toEqual([200, 409]);
      const winner = rs.find((r) => r.statusCode === 200)!.json();
      const now = (await t.app.inject({ method: 'GET', url: `/api/organizations/${org.id}`, headers: admin })).json();
      expect(now).toMatchObject({ name: winner.name, version: org.version + 1 });
      expect(await eventsFor(org.id, 'organization.updated')).toBe(1);
    }
  });

  it('two accounts created with the same username: one 201, one 409, one user and one event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const username = uniqueName('race');
      const organizationId = await t.orgId('良田村');
      const rs = await Promise.all(
        [admin, other].map((h, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/users',
            headers: h,
            payload: { username, displayName: `竞争${i}`, password: TEST_PASSWORD, roles: [{ role: 'viewer', organizationId }] },
          }),
        ),
      );
      expect(sorted(rs)).toEqual([201, 409]);
      expect(rs.find((r) => r.statusCode === 409)!.json().error.code).toBe('CONFLICT');
      const rows = await t.db.kysely.selectFrom('users').select('id').where('username', '=', username).execute();
      expect(rows).toHaveLength(1);
      expect(await eventsFor(rows[0]!.id, 'user.created')).toBe(1);
      const roles = await t.db.kysely.selectFrom('role_assignments').select('id').where('user_id', '=', rows[0]!.id).execute();
      expect(roles).toHaveLength(1);
    }
  });

  it('the same role granted twice at once: one 200, one 409 (not 500), one assignment', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const u = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
      const organizationId = await t.orgId('良田村');
      const rs = await Promise.all(
        [admin, other].map((h) =>
          t.app.inject({
            method: 'POST',
            url: `/api/users/${u.id}/roles`,
            headers: h,
            payload: { version: u.version, role: 'viewer', organizationId },
          }),
        ),
      );
      expect(sorted(rs)).toEqual([200, 409]);
      const roles = await t.db.kysely.selectFrom('role_assignments').select('role').where('user_id', '=', u.id).execute();
      expect(roles.map((r) => r.role).sort()).toEqual(['viewer', 'village_secretary']);
      expect(await eventsFor(u.id, 'user.role_granted')).toBe(1);
    }
  });

  it('an edit and a password reset of one account at the same version: exactly one wins', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }]);
      const before = await countAuditEvents(t.db);
      const rs = await Promise.all([
        t.app.inject({
          method: 'PATCH',
          url: `/api/users/${u.id}`,
          headers: admin,
          payload: { version: u.version, displayName: '同时改' },
        }),
        t.app.inject({
          method: 'POST',
          url: `/api/users/${u.id}/password-reset`,
          headers: other,
          payload: { version: u.version, newPassword: 'raced-pass-2026' },
        }),
      ]);
      expect(rs.filter((r) => r.statusCode < 300)).toHaveLength(1);
      expect(rs.filter((r) => r.statusCode === 409)).toHaveLength(1);
      expect(await countAuditEvents(t.db)).toBe(before + 1);
      const row = await t.db.kysely.selectFrom('users').select('version').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(u.version + 1);
    }
  });
});
