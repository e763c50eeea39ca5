import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, uniqueName, type Headers } from '../../testing/factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../../testing/test-app.ts';
import { throttleAddress } from './sessions.policy.ts';
import { judgeSignIn, pairRetryAt, waitMinutesAfter } from './sessions.policy.ts';

let t: TestApp;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function signIn(username: string, password: string, ip: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: TEST_ORIGIN },
    remoteAddress: ip,
    payload: { username, password },
  });
}

function cookieOf(res: { cookies: Array<{ name: string; value: string }> }): Headers {
  const c = res.cookies.find((x) => x.name === 'tz_session');
  if (!c) throw new Error('no session cookie');
  return { cookie: `tz_session=${c.value}`, origin: TEST_ORIGIN };
}

async function freshUser() {
  return makeUser(t, await t.login('admin'), [{ role: 'village_secretary', org: '大闵村' }]);
}

/** Passwords actually checked for a username, as the audit log tells: refused attempts say why, checked ones say the outcome. */
async function passwordsChecked(username: string, userId: string | null): Promise<number> {
  const failed = await t.db.kysely.selectFrom('audit_events').select('data').where('type', '=', 'session.login_failed').execute();
  const wrong = failed
    .map((r) => JSON.parse(r.data) as { username: string; reason: string })
    .filter((d) => d.username === username && ['wrong_password', 'unknown_user', 'disabled'].includes(d.reason)).length;
  if (!userId) return wrong;
  const created = await t.db.kysely
    .selectFrom('audit_events')
    .select('id')
    .where('type', '=', 'session.created')
    .where('entity_id', '=', userId)
    .execute();
  return wrong + created.length;
}

describe('sign-in throttling under parallel requests', () => {
  it('a burst of 40 parallel sign-ins (39 wrong, the right one last) checks at most 5 passwords and lets nobody in', async () => {
    const u = await freshUser();
    const ip = '198.51.100.40';
    const passwords = [...Array.from({ length: 39 }, (_, i) => `wrong-guess-${i}`), u.password];
    const replies = await Promise.all(passwords.map((p) => signIn(u.username, p, ip)));
    const statuses = replies.map((r) => r.statusCode);

    expect(await passwordsChecked(u.username, u.id)).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses).not.toContain(200);
  });

  it('a burst of 40 unknown usernames from one address does not get past the address limit', async () => {
    const ip = '203.0.113.40';
    // 95 failures first, then 40 at once: only 5 more may be checked.
    for (let batch = 0; batch < 95; batch += 19) {
      await Promise.all(Array.from({ length: 19 }, () => signIn(uniqueName('spray'), 'guess-password', ip)));
    }
    const names = Array.from({ length: 40 }, () => uniqueName('burst'));
    const replies = await Promise.all(names.map((n) => signIn(n, 'guess-password', ip)));
    expect(replies.filter((r) => r.statusCode === 401)).toHaveLength(5);
    expect(replies.filter((r) => r.statusCode === 429)).toHaveLength(35);
  });
});

describe('IPv6 addresses', () => {
  it('count by their /64: a household or a phone network cannot take a fresh allowance per address', async () => {
    expect(throttleAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(throttleAddress('198.51.100.7')).toBe('198.51.100.7');
    const u = await freshUser();
    for (let i = 1; i <= 5; i++) expect((await signIn(u.username, 'wrong-guess', `2001:db8:5:6::${i}`)).statusCode).toBe(401);
    // The sixth address of the same /64 is the same address to the throttle: the pair waits.
    expect((await signIn(u.username, u.password, '2001:db8:5:6::99')).statusCode).toBe(429);
    // Another /64 is another address.
    expect((await signIn(u.username, u.password, '2001:db8:5:7::1')).statusCode).toBe(200);
  });
});

describe('refused sign-ins in the audit log', () => {
  it('are audited once per wait, not once per request (a client could add hundreds of permanent rows a second)', async () => {
    const ip = '198.51.100.77';
    const name = uniqueName('flood');
    for (let i = 0; i < 5; i++) expect((await signIn(name, 'guess-password', ip)).statusCode).toBe(401);
    const refusals = async () =>
      (await t.db.kysely.selectFrom('audit_events').select('data').where('type', '=', 'session.login_failed').execute())
        .map((r) => JSON.parse(r.data) as { username: string; reason: string })
        .filter((d) => d.username === name && d.reason === 'locked').length;
    const replies = await Promise.all(Array.from({ length: 100 }, () => signIn(name, 'guess-password', ip)));
    expect(replies.every((r) => r.statusCode === 429)).toBe(true);
    expect(await refusals()).toBe(1);
    // The next wait (after this one ends) is audited again.
    t.clock.advance(16 * MINUTE);
    expect((await signIn(name, 'guess-password', ip)).statusCode).toBe(401);
    expect((await signIn(name, 'guess-password', ip)).statusCode).toBe(429);
    expect(await refusals()).toBe(2);
  });
});

describe('sign-in throttling is no lock-out weapon', () => {
  it('a stranger failing at one address locks only that address out of the account', async () => {
    const u = await freshUser();
    for (let i = 0; i < 5; i++) expect((await signIn(u.username, `wrong-${i}`, '203.0.113.60')).statusCode).toBe(401);
    expect((await signIn(u.username, u.password, '203.0.113.60')).statusCode).toBe(429);
    // The owner, even from an address never seen before, is not affected.
    expect((await signIn(u.username, u.password, '198.51.100.60')).statusCode).toBe(200);
  });

  it('a stranger failing from many addresses does not lock out the owner at their usual address', async () => {
    const u = await freshUser();
    const home = '198.51.100.61';
    expect((await signIn(u.username, u.password, home)).statusCode).toBe(200);
    t.clock.advance(3 * 24 * 60 * MINUTE);

    // 50 failures from 10 addresses: the account's ceiling for strangers.
    for (let a = 1; a <= 10; a++) {
      for (let i = 0; i < 5; i++) expect((await signIn(u.username, `wrong-${i}`, `203.0.113.${a}`)).statusCode).toBe(401);
    }
    const stranger = await signIn(u.username, u.password, '203.0.113.11');
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().error.message).toMatch(/请 15 分钟后再试/);

    // The owner at home keeps their own budget: a typo, then the right password.
    const typo = await signIn(u.username, 'owner-typo', home);
    expect(typo.statusCode).toBe(401);
    expect(typo.json().error.message).toContain('还可尝试 4 次');
    expect((await signIn(u.username, u.password, home)).statusCode).toBe(200);

    // The ceiling lifts as the failures age out of the window.
    t.clock.advance(16 * MINUTE);
    expect((await signIn(u.username, u.password, '203.0.113.11')).statusCode).toBe(200);
  });

  it('many usernames from one address hit the per-address limit of 100, but not users who signed in there before', async () => {
    const ip = '203.0.113.70';
    const regular = await freshUser();
    expect((await signIn(regular.username, regular.password, ip)).statusCode).toBe(200);
    const newcomer = await freshUser();

    for (let batch = 0; batch < 100; batch += 20) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => signIn(uniqueName('spray'), 'guess-password', ip)));
      expect(replies.map((r) => r.statusCode)).toEqual(Array(20).fill(401));
    }
    const blocked = await signIn(newcomer.username, newcomer.password, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await signIn(uniqueName('spray'), 'guess-password', ip)).statusCode).toBe(429);
    // A forged X-Forwarded-For does not change the address (TRUST_PROXY is off).
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: TEST_ORIGIN, 'x-forwarded-for': '192.0.2.99' },
      remoteAddress: ip,
      payload: { username: newcomer.username, password: newcomer.password },
    });
    expect(forged.statusCode).toBe(429);

    expect((await signIn(regular.username, regular.password, ip)).statusCode).toBe(200);
    expect((await signIn(newcomer.username, newcomer.password, '203.0.113.71')).statusCode).toBe(200);
    t.clock.advance(16 * MINUTE);
    expect((await signIn(newcomer.username, newcomer.password, ip)).statusCode).toBe(200);
  });

  it('wrong current passwords at the password change do not lock sign-in, and are limited on their own', async () => {
    const u = await freshUser();
    const ip = '198.51.100.62';
    const headers = cookieOf(await signIn(u.username, u.password, ip));
    const change = (currentPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/account/password',
        headers,
        remoteAddress: ip,
        payload: { currentPassword, newPassword: 'a-new-password-1' },
      });
    for (let i = 0; i < 5; i++) expect((await change(`guess-${i}`)).statusCode).toBe(400);
    const locked = await change(u.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');

    // Signing in is not affected, from the same address or any other.
    expect((await signIn(u.username, u.password, ip)).statusCode).toBe(200);
    const wrong = await signIn(u.username, 'not-it', '198.51.100.63');
    expect(wrong.json().error.message).toContain('还可尝试 4 次');

    // Nothing was changed: the old password still signs in, and once the wait is over it changes.
    t.clock.advance(MINUTE);
    expect((await change(u.password)).statusCode).toBe(204);
  });
});

describe('growing waits for an (account, address) pair', () => {
  it('waits 1, 5, then 15 minutes after the 5th, 6th and later failures; a success starts afresh', async () => {
    const u = await freshUser();
    const ip = '198.51.100.64';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push((await signIn(u.username, `wrong-${i}`, ip)).json().error.message);
    expect(messages.slice(0, 4).map((m) => /还可尝试 (\d) 次/.exec(m)?.[1])).toEqual(['4', '3', '2', '1']);
    expect(messages[4]).toMatch(/请 1 分钟后再试/);

    t.clock.advance(30_000);
    expect((await signIn(u.username, u.password, ip)).statusCode).toBe(429);
    t.clock.advance(30_000);
    const sixth = await signIn(u.username, 'wrong-5', ip);
    expect(sixth.statusCode).toBe(401);
    expect(sixth.json().error.message).toMatch(/请 5 分钟后再试/);

    t.clock.advance(4 * MINUTE);
    const early = await signIn(u.username, u.password, ip);
    expect(early.statusCode).toBe(429);
    expect(early.json().error.message).toMatch(/请 1 分钟后再试/);
    t.clock.advance(MINUTE);
    expect((await signIn(u.username, 'wrong-6', ip)).json().error.message).toMatch(/请 15 分钟后再试/);

    // Attempts refused during the wait do not extend it.
    for (let m = 0; m < 14; m += 2) {
      t.clock.advance(2 * MINUTE);
      expect((await signIn(u.username, 'still-wrong', ip)).statusCode).toBe(429);
    }
    t.clock.advance(MINUTE);
    expect((await signIn(u.username, u.password, ip)).statusCode).toBe(200);
    expect((await signIn(u.username, 'wrong-again', ip)).json().error.message).toContain('还可尝试 4 次');
  });
});

describe('the throttling rules', () => {
  const now = new Date('2026-12-02T08:00:00.000Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE).toISOString();
  const clear = { count: 0, lastAt: null };

  it('grows the wait 0, 1, 5, 15 minutes and stays at 15', () => {
    expect([1, 4, 5, 6, 7, 8, 50].map(waitMinutesAfter)).toEqual([0, 0, 1, 5, 15, 15, 15]);
    expect(pairRetryAt({ count: 6, lastAt: ago(4) }, now)).toEqual(new Date(now.getTime() + MINUTE));
    expect(pairRetryAt({ count: 6, lastAt: ago(5) }, now)).toBeNull();
  });

  it('applies the pair wait everywhere, but the account ceiling and address limit not at a usual address', () => {
    const over = { pair: clear, accountCeilingAt: ago(10), addressCeilingAt: ago(1) };
    expect(judgeSignIn({ ...over, usualAddress: false }, now)).toMatchObject({ allowed: false, reason: 'account_locked' });
    expect(judgeSignIn({ ...over, accountCeilingAt: null, usualAddress: false }, now)).toMatchObject({ reason: 'address_locked' });
    expect(judgeSignIn({ ...over, usualAddress: true }, now)).toEqual({ allowed: true });
    expect(judgeSignIn({ ...over, pair: { count: 5, lastAt: ago(0) }, usualAddress: true }, now)).toMatchObject({ reason: 'locked' });
    // A ceiling lifts when its oldest counted failure leaves the 15-minute window.
    expect(judgeSignIn({ ...over, accountCeilingAt: ago(15), addressCeilingAt: null, usualAddress: false }, now)).toEqual({
      allowed: true,
    });
  });
});
