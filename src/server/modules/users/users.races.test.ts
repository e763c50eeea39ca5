import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeOrg, makeUser, uniqueName, type Headers } from '../../testing/factories.ts';
import { auditChainHead, inTurn as raceInTurn } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// Concurrent changes to accounts, made deterministic on PostgreSQL: audited writers take turns at the audit chain's
// head, so a transaction holding that row's lock stops each request there (or at an earlier lock) until released.

let t: TestApp;
let admin: Headers;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const api = (method: 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

/** Starts `first`, then `second` once `first` waits at the audit chain's head, and lets both go. */
const inTurn = <A, B>(first: () => Promise<A>, second: () => Promise<B>) => raceInTurn(t.db, auditChainHead, first, second);

async function enabledAdmins(ids: string[]) {
  const rows = await t.db.kysely
    .selectFrom('users as u')
    .innerJoin('role_assignments as a', 'a.user_id', 'u.id')
    .select('u.id')
    .where('u.id', 'in', ids)
    .where('a.role', '=', 'district_admin')
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.length;
}

describe.runIf(process.env.TEST_DATABASE_URL)('concurrent account changes (PostgreSQL, read committed)', () => {
  it('two admins disabling each other at once: the second is refused, one stays enabled', async () => {
    const a = await makeUser(t, admin, [{ role: 'district_admin', org: '渭南高新区' }]);
    const b = await makeUser(t, admin, [{ role: 'district_admin', org: '渭南高新区' }]);
    const ha = await loginAs(t, a.username, a.password);
    const hb = await loginAs(t, b.username, b.password);
    const [r1, r2] = await inTurn(
      () => api('PATCH', `/api/users/${b.id}`, ha, { version: b.version, disabled: true }),
      () => api('PATCH', `/api/users/${a.id}`, hb, { version: a.version, disabled: true }),
    );
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r2.statusCode, r2.body).toBe(403);
    expect(await enabledAdmins([a.id, b.id])).toBe(1);
  });

  it("two admins revoking each other's admin role at once: the second is refused, one keeps it", async () => {
    const a = await makeUser(t, admin, [{ role: 'district_admin', org: '渭南高新区' }]);
    const b = await makeUser(t, admin, [{ role: 'district_admin', org: '渭南高新区' }]);
    const ha = await loginAs(t, a.username, a.password);
    const hb = await loginAs(t, b.username, b.password);
    const [r1, r2] = await inTurn(
      () => api('DELETE', `/api/users/${b.id}/roles/${b.roles[0]!.id}?version=${b.version}`, ha),
      () => api('DELETE', `/api/users/${a.id}/roles/${a.roles[0]!.id}?version=${a.version}`, hb),
    );
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r2.statusCode, r2.body).toBe(403);
    expect(await enabledAdmins([a.id, b.id])).toBe(1);
  });

  it('a barring role granted while the user is being seated in a liaison group: one of the two is refused', async () => {
    const admin2 = await t.login('admin');
    const u = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }]);
    const po = await makeUser(t, admin, [{ role: 'district_officer', org: '渭南高新区' }]);
    const sd = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }]);
    const v = await makeOrg(t, admin, '良田街道');
    const seat = () =>
      api('POST', '/api/liaison-groups', admin, {
        name: uniqueName('组'),
        departmentName: '部门',
        members: [
          { seat: 'party_office', userId: po.id },
          { seat: 'department', userId: u.id },
          { seat: 'subdistrict', userId: sd.id },
        ],
        villageIds: [v.id],
      });
    const grant = () =>
      api('POST', `/api/users/${u.id}/roles`, admin2, { version: u.version, role: 'village_secretary', organizationId: v.id });
    // The grant first, then the seating, and the other way round.
    const [r, g] = await inTurn(grant, seat);
    expect([r.statusCode, g.statusCode], `${r.body} ${g.body}`).toEqual([200, 400]);
    const u2 = await makeUser(t, admin, [{ role: 'subdistrict_officer', org: '良田街道' }]);
    const v2 = await makeOrg(t, admin, '良田街道');
    const [g2, r2] = await inTurn(
      () =>
        api('POST', '/api/liaison-groups', admin, {
          name: uniqueName('组'),
          departmentName: '部门',
          members: [
            { seat: 'party_office', userId: po.id },
            { seat: 'department', userId: u2.id },
            { seat: 'subdistrict', userId: sd.id },
          ],
          villageIds: [v2.id],
        }),
      () => api('POST', `/api/users/${u2.id}/roles`, admin2, { version: u2.version, role: 'village_secretary', organizationId: v2.id }),
    );
    expect(g2.statusCode, g2.body).toBe(201);
    expect(r2.statusCode, r2.body).toBe(400);
  });
});
