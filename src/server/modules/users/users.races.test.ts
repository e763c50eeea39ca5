import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeOrg, makeUser, uniqueName, type Headers } from '../../testing/factories.ts';
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

/** Waits until `n` sessions of this database wait for a lock. */
async function waiting(n: number) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db.kysely);
    if (Number(rows[0]!.n) >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} sessions waiting for a lock`);
}

/** Starts `first`, then `second` once `first` waits, and lets both go once `second` waits too. */
async function inTurn<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  const holder = t.db.kysely.transaction().execute(async (trx) => {
    await trx.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).forUpdate().execute();
    held();
    await released;
  });
  await holding;
  const a = first();
  await waiting(1);
  const b = second();
  await waiting(2);
  release();
  await holder;
  return Promise.all([a, b]);
}

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
