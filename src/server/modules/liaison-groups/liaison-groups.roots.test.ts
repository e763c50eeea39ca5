import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath } from '../../../domain/organizations.ts';
import { newId } from '../../db/ids.ts';
import { loginAs, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import { hashPassword } from '../sessions/passwords.ts';
import * as users from '../users/users.repository.ts';

/**
 * A database of two roots (districts): a liaison group belongs to the district of its villages. The other district's
 * officer, who holds liaison.manage at their own root, neither sees nor edits it (they did both, and could seat
 * their own people on its villages).
 */
let t: TestApp;
let admin: Headers;
let otherDistrictId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
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
  for (const [username, role] of [
    ['lw-officer', 'district_officer'],
    ['lw-admin', 'district_admin'],
  ] as const) {
    const id = newId();
    await users.insert(t.db.kysely, {
      id,
      username,
      display_name: username,
      phone: null,
      email: null,
      password_hash: await hashPassword(TEST_PASSWORD),
      disabled_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await users.insertAssignment(t.db.kysely, { id: newId(), user_id: id, role, organization_id: otherDistrictId, created_at: now });
  }
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

/**
 * A liaison group of the demo district, set up by its admin: a new village of 良田街道, its three seats (the
 * department's an account without a role). Answers the creation's response and the department's account.
 */
async function demoGroup(villageName: string, groupName: string, departmentName: string, deptPrefix: string) {
  const po = await makeUser(t, admin, [{ role: 'district_officer', org: '渭南高新区' }]);
  const dept = await makeUser(t, admin, [], { username: uniqueName(deptPrefix) });
  const sd = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }]);
  const village = (
    await api('POST', '/api/organizations', admin, { parentId: await t.orgId('良田街道'), kind: 'village', name: uniqueName(villageName) })
  ).json<{ id: string }>();
  const created = await api('POST', '/api/liaison-groups', admin, {
    name: uniqueName(groupName),
    departmentName,
    members: [
      { seat: 'party_office', userId: po.id },
      { seat: 'department', userId: dept.id },
      { seat: 'subdistrict', userId: sd.id },
    ],
    villageIds: [village.id],
  });
  expect(created.statusCode, created.body).toBe(201);
  return { created, dept };
}

describe("another district's liaison group", () => {
  it('is neither seen nor edited by this district’s officer; its own district’s managers keep it', async () => {
    const { created } = await demoGroup('包联村', '第九包联组', '区财政局', 'dept');
    const group = created.json<{ id: string; version: number; allowedActions: string[] }>();
    expect(group.allowedActions).toEqual(['edit', 'archive']);

    const other = await loginAs(t, 'lw-officer', TEST_PASSWORD);
    const list = await api('GET', '/api/liaison-groups', other);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((g) => g.id)).not.toContain(group.id);
    expect((await api('GET', `/api/liaison-groups/${group.id}`, other)).statusCode).toBe(404);
    const renamed = await api('PATCH', `/api/liaison-groups/${group.id}`, other, { version: group.version, name: '被改名的包联组' });
    expect(renamed.statusCode, renamed.body).toBe(404);
    // Its own district's admin still manages it.
    const own = await api('PATCH', `/api/liaison-groups/${group.id}`, admin, { version: group.version, name: uniqueName('第九包联组改') });
    expect(own.statusCode, own.body).toBe(200);
  });
});

describe('audit events without an organization, in a database of two roots', () => {
  it("are shown to a root's administrators only when their actor holds a role in that root", async () => {
    // A liaison group's events are filed without an organization; the demo district's admin creates one.
    const { created } = await demoGroup('审计村', '审计包联组', '区审计局', 'dept');
    const groupId = created.json<{ id: string }>().id;
    const seen = async (who: Headers) =>
      (await api('GET', `/api/audit?entityId=${groupId}&pageSize=50`, who))
        .json<{ items: Array<{ type: string }> }>()
        .items.map((e) => e.type);
    expect(await seen(admin)).toContain('liaison_group.created');
    const otherAdmin = await loginAs(t, 'lw-admin', TEST_PASSWORD);
    // Before: every root's administrators read it, with the members' names.
    expect(await seen(otherAdmin)).toEqual([]);
    // Their own district's sign-ins they still see, and only those.
    const own = (await api('GET', '/api/audit?type=session.created&pageSize=200', otherAdmin)).json<{
      items: Array<{ actorId: string | null }>;
    }>();
    expect(own.items.length).toBeGreaterThan(0);
    const ours = new Set([await t.userId('lw-admin'), await t.userId('lw-officer')]);
    expect(own.items.every((e) => e.actorId !== null && ours.has(e.actorId))).toBe(true);
  });
});

describe('an account without a role, seated in a liaison group, in a database of two roots', () => {
  it('is its group’s district’s: another district’s admin neither finds, reads nor resets it', async () => {
    const { dept } = await demoGroup('座席村', '座席包联组', '区财政局', 'deptseat');
    const otherAdmin = await loginAs(t, 'lw-admin', TEST_PASSWORD);
    // Before: found (total 1), read, and its password reset by the other district's admin, who then signed in as it.
    const found = (await api('GET', `/api/users?q=${dept.username}`, otherAdmin)).json<{ total: number }>();
    expect(found.total).toBe(0);
    expect((await api('GET', `/api/users/${dept.id}`, otherAdmin)).statusCode).toBe(404);
    expect(
      (await api('POST', `/api/users/${dept.id}/password-reset`, otherAdmin, { version: 1, newPassword: 'Another-pass-2026x' })).statusCode,
    ).toBe(404);
    // Its own district's admin keeps it.
    expect((await api('GET', `/api/users?q=${dept.username}`, admin)).json<{ total: number }>().total).toBe(1);
    const mine = (await api('GET', `/api/users/${dept.id}`, admin)).json<{ allowedActions: string[] }>();
    expect(mine.allowedActions).toContain('resetPassword');
  });
});
