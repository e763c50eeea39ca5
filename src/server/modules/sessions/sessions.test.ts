import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../../app.ts';
import { countSessions, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../../testing/factories.ts';
import { createTestApp, TEST_ORIGIN, testConfig, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function signIn(username: string, password: string, opts: { app?: AppInstance; ip?: string; origin?: string; headers?: Headers } = {}) {
  return (opts.app ?? t.app).inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: opts.origin ?? TEST_ORIGIN, ...opts.headers },
    remoteAddress: opts.ip ?? '127.0.0.1',
    payload: { username, password },
  });
}

function cookieOf(res: { cookies: Array<{ name: string; value: string }> }): Headers {
  const c = res.cookies.find((x) => x.name === 'tz_session');
  if (!c) throw new Error('no session cookie');
  return { cookie: `tz_session=${c.value}`, origin: TEST_ORIGIN };
}

/** Who the cookie signs in as: GET /api/session answers 200 either way, with `user: null` when signed out. */
async function whoAmI(headers: Headers, app: AppInstance = t.app) {
  const res = await app.inject({ method: 'GET', url: '/api/session', headers });
  expect(res.statusCode).toBe(200);
  return res.json<{ user: { username: string } | null; expiresAt: string | null }>();
}

/** A fresh account of 大闵村, so each test owns its failures, locks and sessions. */
async function freshUser() {
  return makeUser(t, await t.login('admin'), [{ role: 'village_secretary', org: '大闵村' }]);
}

async function otherApp(config: Parameters<typeof testConfig>[0]): Promise<AppInstance> {
  const app = await buildApp({ db: t.db, config: testConfig(config), clock: t.clock, logger: false });
  await app.ready();
  return app;
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and answers who signed in', async () => {
    const res = await signIn('secretary', 'demo-pass-2016');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^tz_session=[\w-]{20,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect(setCookie).toContain(`Max-Age=${168 * 3600}`);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'secretary', displayName: '陈晓梅' });
    // The menu is built from these: a village secretary rectifies, but administers nothing.
    expect(body.user.permissions).toEqual(expect.arrayContaining(['organization.read', 'problem.read', 'problem.rectify']));
    expect(body.user.permissions).not.toContain('user.read');
    expect(body.user.permissions).not.toContain('problem.verify');
    expect(body.user.roles).toEqual([expect.objectContaining({ role: 'village_secretary', organizationName: '大闵村' })]);
    expect(Date.parse(body.expiresAt) - t.clock.now().getTime()).toBe(168 * 3600_000);
    expect((await whoAmI(cookieOf(res))).user!.username).toBe('secretary');
  });

  it('takes the username case-insensitively', async () => {
    const res = await signIn('  Secretary ', 'demo-pass-2016');
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('secretary');
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const app = await otherApp({ publicUrl: 'https://taizhang.example.org', secureCookies: true });
    try {
      const res = await signIn('viewer', 'demo-pass-2016', { app, origin: 'https://taizhang.example.org' });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    } finally {
      await app.close();
    }
  });

  it('keeps only an HMAC of the token in the database, so a database copy cannot sign in', async () => {
    const u = await freshUser();
    const res = await signIn(u.username, u.password);
    const token = res.cookies.find((c) => c.name === 'tz_session')!.value;
    const rows = await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    expect((await whoAmI({ cookie: `tz_session=${rows[0]!.id}` })).user).toBeNull();
  });

  it('refuses a wrong password with 401, no cookie, and the attempts left', async () => {
    const u = await freshUser();
    const res = await signIn(u.username, 'not-the-password', { ip: '198.51.100.1' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    expect(res.json().error.message).toContain('还可尝试 4 次');
    const again = await signIn(u.username, 'still-not-it', { ip: '198.51.100.1' });
    expect(again.json().error.message).toContain('还可尝试 3 次');
  });

  it('answers an unknown username exactly as a wrong password, so usernames cannot be probed', async () => {
    const u = await freshUser();
    const wrong = await signIn(u.username, 'not-the-password', { ip: '198.51.100.2' });
    const unknown = await signIn(uniqueName('ghost'), 'not-the-password', { ip: '198.51.100.3' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  // The rest of the throttling (growing waits, ceilings, bursts) is in sessions-throttle.test.ts.
  it('locks an account at one address after 5 failures (even the right password gets 429) and lifts the lock after the wait', async () => {
    const u = await freshUser();
    const ip = '198.51.100.4';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(u.username, `wrong-${i}`, { ip })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const locked = await signIn(u.username, u.password, { ip });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');
    expect(locked.json().error.message).toMatch(/请 1 分钟后再试/);
    expect(locked.headers['set-cookie']).toBeUndefined();
    // The lock is on the account at that address, not on everyone signing in from there.
    expect((await signIn('viewer', 'demo-pass-2016', { ip })).statusCode).toBe(200);

    t.clock.advance(MINUTE);
    expect((await signIn(u.username, u.password, { ip })).statusCode).toBe(200);
  });

  it('refuses a disabled user and ends their sessions at once', async () => {
    const admin = await t.login('admin');
    const u = await freshUser();
    const s = cookieOf(await signIn(u.username, u.password));
    expect((await whoAmI(s)).user).not.toBeNull();

    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${u.id}`,
      headers: admin,
      payload: { version: u.version, disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect((await whoAmI(s)).user).toBeNull();
    expect(await countSessions(t.db, u.id)).toBe(0);

    const refused = await signIn(u.username, u.password, { ip: '198.51.100.5' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toContain('已停用');

    const on = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${u.id}`,
      headers: admin,
      payload: { version: off.json().version, disabled: false },
    });
    expect(on.statusCode).toBe(200);
    expect((await signIn(u.username, u.password)).statusCode).toBe(200);
  });
});

describe('session lifetime', () => {
  it('ends a session idle for longer than 240 minutes, while use keeps it alive', async () => {
    const u = await freshUser();
    const s = cookieOf(await signIn(u.username, u.password));
    t.clock.advance(239 * MINUTE);
    expect((await whoAmI(s)).user).not.toBeNull();
    t.clock.advance(239 * MINUTE);
    expect((await whoAmI(s)).user).not.toBeNull();
    t.clock.advance(241 * MINUTE);
    expect(await whoAmI(s)).toEqual({ user: null, expiresAt: null });
  });

  it("the header bell's poll (a background request) is answered but does not keep an idle session alive", async () => {
    const u = await freshUser();
    const polled = cookieOf(await signIn(u.username, u.password));
    const used = cookieOf(await signIn(u.username, u.password));
    const unread = (headers: Headers, background: boolean) =>
      t.app.inject({
        method: 'GET',
        url: '/api/notifications/unread-count',
        headers: background ? { ...headers, 'x-taizhang-background': '1' } : headers,
      });
    // A page left open: it polls every minute for hours; the other session's page is used.
    for (let minute = 0; minute < 239; minute += 60) {
      t.clock.advance(60 * MINUTE);
      expect((await unread(polled, true)).statusCode).toBe(200);
      expect((await unread(used, false)).statusCode).toBe(200);
    }
    t.clock.advance(20 * MINUTE);
    // 260 minutes after its last use: the polled session has ended, the used one goes on.
    expect((await unread(polled, true)).statusCode).toBe(401);
    expect((await whoAmI(polled)).user).toBeNull();
    expect((await whoAmI(used)).user).not.toBeNull();
  });

  it('ends a session at its absolute lifetime even while in use (sessionMaxHours)', async () => {
    const app = await otherApp({ sessionMaxHours: 1 });
    try {
      const u = await freshUser();
      const res = await signIn(u.username, u.password, { app });
      expect(Date.parse(res.json().expiresAt) - t.clock.now().getTime()).toBe(3600_000);
      const s = cookieOf(res);
      t.clock.advance(50 * MINUTE);
      expect((await whoAmI(s, app)).user).not.toBeNull();
      t.clock.advance(11 * MINUTE);
      expect((await whoAmI(s, app)).user).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('signs out: the cookie is cleared and no longer works, other sessions of the user stay', async () => {
    const u = await freshUser();
    const s1 = cookieOf(await signIn(u.username, u.password));
    const s2 = cookieOf(await signIn(u.username, u.password));
    const res = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: s1 });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/tz_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect((await whoAmI(s1)).user).toBeNull();
    expect((await whoAmI(s2)).user).not.toBeNull();
    expect(await countSessions(t.db, u.id)).toBe(1);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers: s1 })).statusCode).toBe(401);
  });

  it('keeps sessions in the database, so another server process on the same database accepts the cookie', async () => {
    const app2 = await otherApp({});
    try {
      const u = await freshUser();
      const s = cookieOf(await signIn(u.username, u.password));
      const there = await whoAmI(s, app2);
      expect(there.user?.username).toBe(u.username);
      // Signing out in one process ends the session in the other.
      expect((await app2.inject({ method: 'DELETE', url: '/api/session', headers: s })).statusCode).toBe(204);
      expect((await whoAmI(s)).user).toBeNull();
    } finally {
      await app2.close();
    }
  });
});

describe('changing one’s own password', () => {
  const NEW = 'brand-new-pass-2026';
  const change = (headers: Headers, payload: object) => t.app.inject({ method: 'POST', url: '/api/account/password', headers, payload });

  it('requires the current password and changes nothing without it', async () => {
    const u = await freshUser();
    const s = cookieOf(await signIn(u.username, u.password));
    const res = await change(s, { currentPassword: 'not-my-password', newPassword: NEW });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    expect((await signIn(u.username, NEW, { ip: '198.51.100.6' })).statusCode).toBe(401);
    expect((await signIn(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a new password that is too short or equal to the current one', async () => {
    const u = await freshUser();
    const s = cookieOf(await signIn(u.username, u.password));
    const short = await change(s, { currentPassword: u.password, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields).toEqual([expect.objectContaining({ in: 'body', path: 'newPassword' })]);
    const same = await change(s, { currentPassword: u.password, newPassword: u.password });
    expect(same.statusCode).toBe(400);
  });

  it('ends every session, goes on here under a new token, and the new password is the one that works', async () => {
    const u = await freshUser();
    const signedIn = await signIn(u.username, u.password);
    const here = cookieOf(signedIn);
    const elsewhere = cookieOf(await signIn(u.username, u.password));
    t.clock.advance(10 * MINUTE);
    const res = await change(here, { currentPassword: u.password, newPassword: NEW });
    expect(res.statusCode).toBe(204);
    const renewed = cookieOf(res);
    expect(renewed.cookie).not.toBe(here.cookie);
    // The old token (whoever else holds it) no longer works; the browser that changed the password goes on.
    expect((await whoAmI(here)).user).toBeNull();
    expect((await whoAmI(elsewhere)).user).toBeNull();
    const state = await whoAmI(renewed);
    expect(state.user?.username).toBe(u.username);
    // The session keeps its end: a password change does not lengthen it.
    expect(state.expiresAt).toBe(signedIn.json().expiresAt);
    expect((await signIn(u.username, u.password, { ip: '198.51.100.7' })).statusCode).toBe(401);
    expect((await signIn(u.username, NEW)).statusCode).toBe(200);
  });
});
