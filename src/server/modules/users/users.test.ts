import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath } from '../../../domain/organizations.ts';
import { newId } from '../../db/ids.ts';
import {
  countAuditEvents,
  countSessions,
  loginAs,
  makeUser,
  TEST_PASSWORD,
  uniqueName,
  userVersion,
  type Headers,
} from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { hashPassword } from '../sessions/passwords.ts';
import * as users from './users.repository.ts';

let t: TestApp;
let admin: Headers;
let adminId: string;
/** A second district beside the demo one, which the demo admin knows nothing about. */
let otherDistrictId: string;
let otherUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  adminId = await t.userId('admin');
  // There is no API to create a root: operators do it with the CLI. Insert one as the CLI would.
  const now = t.clock.now().toISOString();
  otherDistrictId = newId();
  await organizations.insert(t.db.kysely, {
    id: otherDistrictId,
    parent_id: null,
    kind: 'district',
    name: '临渭区',
    code: 'LW',
    path: buildPath(null, otherDistrictId),
    depth: 0,
    is_sample: 1,
    archived_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  otherUserId = newId();
  await users.insert(t.db.kysely, {
    id: otherUserId,
    username: 'linwei-admin',
    display_name: '临渭管理员',
    phone: null,
    email: null,
    password_hash: await hashPassword(TEST_PASSWORD),
    disabled_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  await users.insertAssignment(t.db.kysely, {
    id: newId(),
    user_id: otherUserId,
    role: 'district_admin',
    organization_id: otherDistrictId,
    created_at: now,
  });
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function auditOf(entityId: string) {
  return (await api('GET', `/api/audit?entityId=${entityId}`, admin)).json().items as Array<{
    type: string;
    data: Record<string, unknown>;
    organizationId: string | null;
  }>;
}

describe('creating users', () => {
  it('creates an account with its roles and one user.created event, and the account can sign in', async () => {
    const username = uniqueName('chen.');
    const damin = await t.orgId('大闵村');
    const res = await api('POST', '/api/users', admin, {
      username,
      displayName: '陈测试',
      phone: '0913-1234567',
      password: TEST_PASSWORD,
      roles: [{ role: 'village_secretary', organizationId: damin }],
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username, displayName: '陈测试', phone: '0913-1234567', disabled: false, version: 1 });
    expect(user.roles).toEqual([
      expect.objectContaining({
        role: 'village_secretary',
        organizationId: damin,
        organizationName: '大闵村',
        organizationKind: 'village',
      }),
    ]);
    expect(user.allowedActions).toEqual(expect.arrayContaining(['edit', 'disable', 'resetPassword', 'grantRole', 'revokeRole']));
    expect(JSON.stringify(user)).not.toMatch(/password_?hash|\$argon2|test-pass/i);

    const events = await auditOf(user.id);
    expect(events.map((e) => e.type)).toEqual(['user.created']);
    expect(events[0]!.organizationId).toBe(damin);
    expect(events[0]!.data).toEqual({
      after: { username, displayName: '陈测试', phone: '0913-1234567', email: null, disabled: false },
      roles: [{ role: 'village_secretary', organizationId: damin }],
    });

    const session = (await api('GET', '/api/session', await loginAs(t, username, TEST_PASSWORD))).json();
    expect(session.user.roles[0].organizationName).toBe('大闵村');
  });

  it('refuses a username that is taken with 409 and creates nothing', async () => {
    const before = await countAuditEvents(t.db);
    const res = await api('POST', '/api/users', admin, { username: 'secretary', displayName: '重名', password: TEST_PASSWORD, roles: [] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('secretary') });
    expect(await countAuditEvents(t.db)).toBe(before);
    const list = (await api('GET', '/api/users?q=secretary', admin)).json();
    expect(list.items.filter((u: { username: string }) => u.username === 'secretary')).toHaveLength(1);
  });

  it('names the failing fields: a short password, an upper-case username, a role on a non-id', async () => {
    const res = await api('POST', '/api/users', admin, {
      username: 'Bad Name',
      displayName: 'x',
      password: 'short',
      roles: [{ role: 'village_secretary', organizationId: 'not-an-id' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const paths = res.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'roles.0.organizationId']));
    expect(res.json().error.message).toContain('密码至少 10 位');
  });

  it('lets a subdistrict-scoped admin create users only with a role in its scope', async () => {
    const ltadmin = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const h = await loginAs(t, ltadmin.username, ltadmin.password);
    const none = await api('POST', '/api/users', h, { username: uniqueName('x'), displayName: 'x', password: TEST_PASSWORD, roles: [] });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details.fields[0].path).toBe('roles');
    const outside = await api('POST', '/api/users', h, {
      username: uniqueName('x'),
      displayName: 'x',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', organizationId: await t.orgId('张东村') }],
    });
    expect(outside.statusCode).toBe(404);
    const inside = await api('POST', '/api/users', h, {
      username: uniqueName('x'),
      displayName: 'x',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', organizationId: await t.orgId('麻李村') }],
    });
    expect(inside.statusCode).toBe(201);
  });
});

describe('editing and disabling', () => {
  it('edits the name and phone with the version, and a stale version gets 409 and changes nothing', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const ok = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version, displayName: '新名字', phone: '13800000000' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ displayName: '新名字', phone: '13800000000', version: u.version + 1 });
    const stale = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version, displayName: '覆盖' });
    expect(stale.statusCode).toBe(409);
    expect((await api('GET', `/api/users/${u.id}`, admin)).json()).toMatchObject({ displayName: '新名字', version: u.version + 1 });
    expect((await auditOf(u.id)).map((e) => e.type)).toEqual(['user.updated', 'user.created']);
  });

  it('disabling a user ends their sessions and hides them from the default list', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const theirs = await loginAs(t, u.username, u.password);
    const res = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version, disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().allowedActions).toContain('enable');
    expect((await api('GET', '/api/session', theirs)).json().user).toBeNull();
    expect(await countSessions(t.db, u.id)).toBe(0);
    const q = `/api/users?q=${u.username}`;
    expect((await api('GET', q, admin)).json().total).toBe(0);
    expect((await api('GET', `${q}&includeDisabled=true`, admin)).json().items[0]).toMatchObject({ id: u.id, disabled: true });
  });

  it('does not let an admin disable their own account (422), and offers no such action', async () => {
    const version = await userVersion(t.db, adminId);
    const self = await api('GET', `/api/users/${adminId}`, admin);
    expect(self.json().allowedActions).not.toContain('disable');
    const res = await api('PATCH', `/api/users/${adminId}`, admin, { version, disabled: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
    expect(await userVersion(t.db, adminId)).toBe(version);
    expect((await api('GET', '/api/session', admin)).statusCode).toBe(200);
  });

  it('refuses an empty change with 400', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const res = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version });
    expect(res.statusCode).toBe(400);
  });
});

describe('email addresses', () => {
  it('takes an optional address on create, trimmed, and shows it in the DTO and the list', async () => {
    const username = uniqueName('mail.');
    const res = await api('POST', '/api/users', admin, {
      username,
      displayName: '邮箱测试',
      email: '  li.hua@liangtian.example.cn ',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', organizationId: await t.orgId('良田街道') }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().email).toBe('li.hua@liangtian.example.cn');
    const listed = (await api('GET', `/api/users?q=${username}`, admin)).json().items;
    expect(listed).toEqual([expect.objectContaining({ username, email: 'li.hua@liangtian.example.cn' })]);
    // Without one it is null; an empty string means none.
    const none = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    expect((await api('GET', `/api/users/${none.id}`, admin)).json().email).toBeNull();
    const blank = await api('POST', '/api/users', admin, {
      username: uniqueName('mail.'),
      displayName: '空邮箱',
      email: '   ',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', organizationId: await t.orgId('良田街道') }],
    });
    expect(blank.statusCode).toBe(201);
    expect(blank.json().email).toBeNull();
  });

  it('refuses a malformed or over-long address with 400 naming the field, and creates nothing', async () => {
    const before = await countAuditEvents(t.db);
    for (const email of ['not-an-address', 'a@b', 'two@@example.cn', 'line@break.cn\nBcc: x@y.cn', `${'x'.repeat(245)}@example.cn`]) {
      const res = await api('POST', '/api/users', admin, {
        username: uniqueName('mail.'),
        displayName: '坏邮箱',
        email,
        password: TEST_PASSWORD,
        roles: [{ role: 'viewer', organizationId: await t.orgId('良田街道') }],
      });
      expect(res.statusCode, email).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['email']);
    }
    expect(await countAuditEvents(t.db)).toBe(before);
  });

  it('sets, refuses and clears the address on edit; each change is one user.updated event', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const set = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version, email: 'wang.fang@example.cn' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ email: 'wang.fang@example.cn', version: u.version + 1 });

    const bad = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version + 1, email: 'wang.fang at example.cn' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('电子邮箱格式不正确');
    expect((await api('GET', `/api/users/${u.id}`, admin)).json()).toMatchObject({ email: 'wang.fang@example.cn', version: u.version + 1 });

    const cleared = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version + 1, email: '' });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ email: null, version: u.version + 2 });
    const again = await api('PATCH', `/api/users/${u.id}`, admin, { version: u.version + 2, email: 'wang.fang@example.cn' });
    const nulled = await api('PATCH', `/api/users/${u.id}`, admin, { version: again.json().version, email: null });
    expect(nulled.json().email).toBeNull();
    expect((await auditOf(u.id)).map((e) => e.type)).toEqual([
      'user.updated',
      'user.updated',
      'user.updated',
      'user.updated',
      'user.created',
    ]);
  });

  it('a scoped admin cannot set the address of a user outside their scope', async () => {
    const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const ltAdmin = await loginAs(t, lt.username, lt.password);
    const zhangdong = await t.userId('zhangdong'); // 张东村, 白杨街道
    const version = await userVersion(t.db, zhangdong);
    const res = await api('PATCH', `/api/users/${zhangdong}`, ltAdmin, { version, email: 'x@example.cn' });
    expect(res.statusCode).toBe(404);
    expect((await api('GET', `/api/users/${zhangdong}`, admin)).json().email).toBeNull();
  });
});

describe('granting and revoking roles', () => {
  it('does not give a liaison group member a role that bars the seat (read-only, village secretary, admin), but does an officer role', async () => {
    const liaison = await t.userId('liaison');
    const version = async () => (await api('GET', `/api/users/${liaison}`, admin)).json().version as number;
    for (const [role, org] of [
      ['viewer', '渭南高新区'],
      ['village_secretary', '大闵村'],
      ['district_admin', '渭南高新区'],
    ] as const) {
      const before = await countAuditEvents(t.db);
      const res = await api('POST', `/api/users/${liaison}/roles`, admin, {
        version: await version(),
        role,
        organizationId: await t.orgId(org),
      });
      expect(res.statusCode, role).toBe(400);
      expect(res.json().error.message).toContain('包联组');
      expect(res.json().error.details.fields[0].path).toBe('role');
      expect(await countAuditEvents(t.db)).toBe(before);
    }
    const officer = await api('POST', `/api/users/${liaison}/roles`, admin, {
      version: await version(),
      role: 'subdistrict_officer',
      organizationId: await t.orgId('良田街道'),
    });
    expect(officer.statusCode, officer.body).toBe(200);
  });

  it('grants with the current version, bumps it, and a stale grant gets 409 without a new role', async () => {
    const u = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    const liangtian = await t.orgId('良田村');
    const ok = await api('POST', `/api/users/${u.id}/roles`, admin, { version: u.version, role: 'viewer', organizationId: liangtian });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(u.version + 1);
    expect(
      ok
        .json()
        .roles.map((r: { organizationName: string }) => r.organizationName)
        .sort(),
    ).toEqual(['大闵村', '良田村']);

    const before = await countAuditEvents(t.db);
    const stale = await api('POST', `/api/users/${u.id}/roles`, admin, {
      version: u.version,
      role: 'viewer',
      organizationId: await t.orgId('上庄村'),
    });
    expect(stale.statusCode).toBe(409);
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await api('GET', `/api/users/${u.id}`, admin)).json().roles).toHaveLength(2);

    const again = await api('POST', `/api/users/${u.id}/roles`, admin, {
      version: u.version + 1,
      role: 'viewer',
      organizationId: liangtian,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已拥有');

    const events = await auditOf(u.id);
    expect(events[0]).toMatchObject({
      type: 'user.role_granted',
      organizationId: liangtian,
      data: { after: { role: 'viewer', organizationId: liangtian } },
    });
  });

  it('the granted role takes effect on the user’s next request', async () => {
    const u = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    const theirs = await loginAs(t, u.username, u.password);
    const zhangdong = await t.orgId('张东村');
    expect((await api('GET', `/api/organizations/${zhangdong}`, theirs)).statusCode).toBe(404);
    await api('POST', `/api/users/${u.id}/roles`, admin, { version: u.version, role: 'viewer', organizationId: zhangdong });
    expect((await api('GET', `/api/organizations/${zhangdong}`, theirs)).statusCode).toBe(200);
  });

  it('revokes with the version; a stale revoke gets 409 and the role stays', async () => {
    const u = await makeUser(t, admin, [
      { role: 'village_secretary', org: '大闵村' },
      { role: 'viewer', org: '良田村' },
    ]);
    const role = u.roles.find((r) => r.role === 'viewer')!;
    const theirs = await loginAs(t, u.username, u.password);
    const liangtian = await t.orgId('良田村');
    expect((await api('GET', `/api/organizations/${liangtian}`, theirs)).statusCode).toBe(200);

    const stale = await api('DELETE', `/api/users/${u.id}/roles/${role.id}?version=${u.version + 5}`, admin);
    expect(stale.statusCode).toBe(409);
    expect((await api('GET', `/api/users/${u.id}`, admin)).json().roles).toHaveLength(2);

    const ok = await api('DELETE', `/api/users/${u.id}/roles/${role.id}?version=${u.version}`, admin);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().roles.map((r: { organizationName: string }) => r.organizationName)).toEqual(['大闵村']);
    expect((await api('GET', `/api/organizations/${liangtian}`, theirs)).statusCode).toBe(404);
    expect((await auditOf(u.id))[0]).toMatchObject({
      type: 'user.role_revoked',
      data: { assignmentId: role.id, before: { role: 'viewer', organizationId: liangtian } },
    });

    const gone = await api('DELETE', `/api/users/${u.id}/roles/${role.id}?version=${ok.json().version}`, admin);
    expect(gone.statusCode).toBe(404);
  });

  it('does not let an admin revoke their own admin role', async () => {
    const self = (await api('GET', `/api/users/${adminId}`, admin)).json();
    const role = self.roles.find((r: { role: string }) => r.role === 'district_admin');
    const res = await api('DELETE', `/api/users/${adminId}/roles/${role.id}?version=${self.version}`, admin);
    expect(res.statusCode).toBe(422);
    expect((await api('GET', '/api/audit?type=user.role_revoked&entityId=' + adminId, admin)).json().total).toBe(0);
  });

  it('an admin cannot reach an organization or a user of another district: they do not exist for it', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }]);
    const before = await countAuditEvents(t.db);
    const grant = await api('POST', `/api/users/${u.id}/roles`, admin, {
      version: u.version,
      role: 'viewer',
      organizationId: otherDistrictId,
    });
    expect(grant.statusCode).toBe(404);
    const create = await api('POST', '/api/users', admin, {
      username: uniqueName('x'),
      displayName: 'x',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', organizationId: otherDistrictId }],
    });
    expect(create.statusCode).toBe(404);
    expect(create.json().error.code).toBe('NOT_FOUND');
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await api('GET', `/api/organizations/${otherDistrictId}`, admin)).statusCode).toBe(404);
    expect(JSON.stringify((await api('GET', '/api/organizations/tree', admin)).json())).not.toContain('临渭区');
    expect((await api('GET', `/api/users/${otherUserId}`, admin)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/users/${otherUserId}`, admin, { version: 1, displayName: 'x' })).statusCode).toBe(404);
    expect((await api('GET', '/api/users?q=linwei', admin)).json().total).toBe(0);
    // Nor does the other district's admin see ours.
    const theirs = await loginAs(t, 'linwei-admin', TEST_PASSWORD);
    expect((await api('GET', `/api/users/${adminId}`, theirs)).statusCode).toBe(404);
  });

  it('a scoped admin who can see an organization but not manage it gets 403 for a grant there', async () => {
    const lt = await makeUser(t, admin, [
      { role: 'district_admin', org: '良田街道' },
      { role: 'viewer', org: '渭南高新区' },
    ]);
    const h = await loginAs(t, lt.username, lt.password);
    const target = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    const zhangdong = await t.orgId('张东村');
    expect((await api('GET', `/api/organizations/${zhangdong}`, h)).statusCode).toBe(200);
    const res = await api('POST', `/api/users/${target.id}/roles`, h, {
      version: target.version,
      role: 'viewer',
      organizationId: zhangdong,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('张东村');
    expect(
      (
        await api('POST', `/api/users/${target.id}/roles`, h, {
          version: target.version,
          role: 'viewer',
          organizationId: await t.orgId('麻李村'),
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('password reset by an admin', () => {
  it('sets the new password, ends the user’s sessions, and records no secret', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const theirs = await loginAs(t, u.username, u.password);
    const res = await api('POST', `/api/users/${u.id}/password-reset`, admin, { version: u.version, newPassword: 'reset-by-admin-1' });
    expect(res.statusCode).toBe(204);
    expect((await api('GET', '/api/session', theirs)).json().user).toBeNull();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/session',
          remoteAddress: '198.51.100.20',
          headers: { origin: admin.origin! },
          payload: { username: u.username, password: u.password },
        })
      ).statusCode,
    ).toBe(401);
    await loginAs(t, u.username, 'reset-by-admin-1');
    const events = await auditOf(u.id);
    expect(events.map((e) => e.type)).toContain('user.password_reset');
    expect(JSON.stringify(events)).not.toContain('reset-by-admin-1');
  });

  it('lifts the wait that wrong guesses put on the account, so the owner signs in with the new password at once', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { origin: admin.origin! },
        payload: { username: u.username, password },
      });
    for (let i = 0; i < 6; i++) await attempt('wrong-guess-000');
    const waiting = await attempt(u.password);
    expect(waiting.statusCode).toBe(429);
    const res = await api('POST', `/api/users/${u.id}/password-reset`, admin, { version: u.version, newPassword: 'reset-by-admin-2' });
    expect(res.statusCode).toBe(204);
    expect((await attempt('reset-by-admin-2')).statusCode).toBe(200);
  });

  it('is not offered for oneself, and refused: a stolen session could otherwise set a new password without the old', async () => {
    const self = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const mine = await loginAs(t, self.username, self.password);
    const read = await api('GET', `/api/users/${self.id}`, mine);
    expect(read.statusCode).toBe(200);
    expect(read.json().allowedActions).not.toContain('resetPassword');
    const res = await api('POST', `/api/users/${self.id}/password-reset`, mine, {
      version: read.json().version,
      newPassword: 'taken-over-2026',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('我的账户');
    // Nothing changed: the session goes on and the old password still signs in.
    expect((await api('GET', '/api/session', mine)).json().user).not.toBeNull();
    await loginAs(t, self.username, self.password);
    // Another admin may still reset it.
    expect(
      (await api('POST', `/api/users/${self.id}/password-reset`, admin, { version: read.json().version, newPassword: 'reset-by-admin-3' }))
        .statusCode,
    ).toBe(204);
  });

  it('refuses a stale version and a short password', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田街道' }]);
    expect(
      (await api('POST', `/api/users/${u.id}/password-reset`, admin, { version: u.version + 1, newPassword: 'reset-by-admin-1' }))
        .statusCode,
    ).toBe(409);
    const short = await api('POST', `/api/users/${u.id}/password-reset`, admin, { version: u.version, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields[0].path).toBe('newPassword');
    await loginAs(t, u.username, u.password);
  });
});

describe('listing users', () => {
  it('searches username and name, and pages with a total', async () => {
    const prefix = uniqueName('pg');
    for (const n of ['a', 'b', 'c'])
      await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }], { username: `${prefix}-${n}`, displayName: `翻页${n}` });
    const page1 = (await api('GET', `/api/users?q=${prefix}&pageSize=2`, admin)).json();
    expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.items.map((u: { username: string }) => u.username)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    const page2 = (await api('GET', `/api/users?q=${prefix}&pageSize=2&page=2`, admin)).json();
    expect(page2.total).toBe(3);
    expect(page2.items.map((u: { username: string }) => u.username)).toEqual([`${prefix}-c`]);
    const page3 = (await api('GET', `/api/users?q=${prefix}&pageSize=2&page=3`, admin)).json();
    expect(page3).toMatchObject({ total: 3, items: [] });
    // By display name, case-insensitively by username.
    expect(
      (await api('GET', `/api/users?q=${encodeURIComponent('陈晓梅')}`, admin)).json().items.map((u: { username: string }) => u.username),
    ).toEqual(['secretary']);
    expect((await api('GET', `/api/users?q=${prefix.toUpperCase()}`, admin)).json().total).toBe(3);
  });

  it('takes % and _ in the search text literally', async () => {
    const stem = uniqueName('lit');
    await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }], { username: `${stem}_x` });
    await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }], { username: `${stem}zx` });
    const underscore = (await api('GET', `/api/users?q=${stem}_`, admin)).json();
    expect(underscore.items.map((u: { username: string }) => u.username)).toEqual([`${stem}_x`]);
    expect((await api('GET', `/api/users?q=${stem}%25`, admin)).json().total).toBe(0);
  });

  it('shows a scoped admin only the users whose roles lie in its scope', async () => {
    const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const h = await loginAs(t, lt.username, lt.password);
    const res = await api('GET', '/api/users?pageSize=200', h);
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('secretary');
    expect(names).toContain('liangtian');
    expect(names).not.toContain('zhangdong');
    expect(names).not.toContain('admin');
    expect(names).not.toContain('officer');
    expect(res.json().total).toBe(names.length);
  });

  it('refuses bad paging with 400', async () => {
    for (const q of ['page=0', 'pageSize=201', 'pageSize=abc', 'includeDisabled=maybe']) {
      const res = await api('GET', `/api/users?${q}`, admin);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.details.fields[0].in).toBe('query');
    }
  });
});
