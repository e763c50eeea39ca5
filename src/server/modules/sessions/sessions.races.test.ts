import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type Headers } from '../../testing/factories.ts';
import { lockWaiters, whileHolding } from '../../testing/pg-race.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import * as repo from './sessions.repository.ts';

let t: TestApp;
let admin: Headers;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe.runIf(process.env.TEST_DATABASE_URL)('a sign-in racing a change of the account (PostgreSQL)', () => {
  /**
   * Holds the account's sign-in throttle lock, so a sign-in that has read the account stops before its password is
   * checked; runs `change` meanwhile, then lets the sign-in go.
   */
  async function signInAcross(username: string, password: string, change: () => Promise<{ statusCode: number; body: string }>) {
    // The sign-in's answer comes once the lock is let go: kept in a box, not awaited while held.
    const [login] = await whileHolding(
      t.db,
      (trx) => repo.lockThrottleKeys(trx, t.db.kind, [`login:account:${username}`]),
      async () => {
        const login = t.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { origin: 'http://taizhang.test' },
          payload: { username, password },
        });
        await lockWaiters(t.db, 1);
        const changed = await change();
        expect(changed.statusCode, changed.body).toBe(204);
        return [login] as const;
      },
    );
    return login;
  }

  it('refuses the old password once a reset has committed meanwhile', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }]);
    const l = await signInAcross(u.username, u.password, () =>
      t.app.inject({
        method: 'POST',
        url: `/api/users/${u.id}/password-reset`,
        headers: admin,
        payload: { version: u.version, newPassword: 'brand-new-pass-2026' },
      }),
    );
    expect(l.statusCode, l.body).toBe(401);
    expect(await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });

  it('refuses a sign-in to an account disabled meanwhile', async () => {
    const u = await makeUser(t, admin, [{ role: 'viewer', org: '良田村' }]);
    const l = await signInAcross(u.username, u.password, async () => {
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${u.id}`,
        headers: admin,
        payload: { version: u.version, disabled: true },
      });
      return { statusCode: r.statusCode === 200 ? 204 : r.statusCode, body: r.body };
    });
    expect(l.statusCode, l.body).toBe(401);
    expect(await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });
});
