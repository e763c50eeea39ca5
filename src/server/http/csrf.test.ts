import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { countAuditEvents, makeOrg, orgVersion, type Headers } from '../testing/factories.ts';
import { createTestApp, TEST_ORIGIN, testConfig, type TestApp } from '../testing/test-app.ts';

/**
 * A browser sends the session cookie with any request to our site, even one a
 * foreign page makes it send. Writes must therefore come from our own origin.
 */
let t: TestApp;
let cookie: string;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  cookie = admin.cookie!;
});
afterAll(() => t.close());

let attempts = 0;
async function renameAttempt(headers: Record<string, string>) {
  const org = await makeOrg(t, admin, '白杨街道');
  // Each its own new name: two siblings may not share one.
  const name = `被篡改${++attempts}`;
  const before = await countAuditEvents(t.db);
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/organizations/${org.id}`,
    headers: { cookie, ...headers },
    payload: { version: org.version, name },
  });
  const after = (await t.app.inject({ method: 'GET', url: `/api/organizations/${org.id}`, headers: admin })).json();
  return { res, org, after, name, written: (await countAuditEvents(t.db)) - before };
}

describe('cross-site request forgery guard', () => {
  it('refuses a write whose Origin is another site, and changes nothing', async () => {
    const { res, org, after, written } = await renameAttempt({ origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REJECTED');
    expect(res.json().error.message).toContain('https://evil.example');
    expect(after).toMatchObject({ name: org.name, version: org.version });
    expect(written).toBe(0);
  });

  it('refuses a write the browser marks Sec-Fetch-Site: cross-site, even with a matching Origin', async () => {
    const { res, org, after, written } = await renameAttempt({ origin: TEST_ORIGIN, 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_REJECTED');
    expect(after).toMatchObject({ name: org.name, version: org.version });
    expect(written).toBe(0);
  });

  it('refuses a look-alike origin: another scheme, port, or a suffix of our host', async () => {
    for (const origin of ['https://taizhang.test', 'http://taizhang.test:8080', 'http://taizhang.test.evil.example', 'null']) {
      const { res, written } = await renameAttempt({ origin });
      expect(res.statusCode, origin).toBe(403);
      expect(written).toBe(0);
    }
  });

  it('refuses a forged sign-in (login CSRF) without setting a cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'viewer', password: 'demo-pass-2016' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('guards an API path written with escapes (/%61pi/…) as the route it reaches', async () => {
    // The router decodes the path; the guards read the raw URL and let it through unchecked.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/%61pi/session',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'viewer', password: 'demo-pass-2016' },
    });
    expect(signIn.statusCode, signIn.body).toBe(403);
    expect(signIn.headers['set-cookie']).toBeUndefined();
    const read = await t.app.inject({ method: 'GET', url: '/%61pi/organizations', headers: admin });
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    const nul = await t.app.inject({ method: 'GET', url: '/%61pi/organizations?q=%00', headers: admin });
    expect(nul.statusCode).toBe(400);
  });

  it('accepts a same-origin write', async () => {
    const { res, after, name, written } = await renameAttempt({ origin: TEST_ORIGIN, 'sec-fetch-site': 'same-origin' });
    expect(res.statusCode).toBe(200);
    expect(after.name).toBe(name);
    expect(written).toBe(1);
  });

  it('accepts a write without Origin (curl, scripts): no browser, no ambient cookie risk', async () => {
    const { res, after, name } = await renameAttempt({});
    expect(res.statusCode).toBe(200);
    expect(after.name).toBe(name);
  });

  it('lets cross-site reads through (the browser will not show them to the other site)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('without a public URL, compares the Origin with the Host the request was sent to', async () => {
    const app = await buildApp({ db: t.db, config: testConfig({ publicUrl: null }), clock: t.clock, logger: false });
    try {
      const send = async (origin: string) => {
        const id = (await makeOrg(t, admin, '白杨街道')).id;
        return app.inject({
          method: 'PATCH',
          url: `/api/organizations/${id}`,
          headers: { cookie, host: 'taizhang.internal:8080', origin },
          payload: { version: await orgVersion(t.db, id), code: 'X1' },
        });
      };
      expect((await send('http://taizhang.internal:8080')).statusCode).toBe(200);
      expect((await send('http://taizhang.internal')).statusCode).toBe(403);
      expect((await send('https://evil.example')).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
