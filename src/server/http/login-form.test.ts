import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATIC_LOGIN_FILE } from '../../domain/page-session.ts';
import { staticLoginPageHtml } from '../../web/pages/login/static-login-page.tsx';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts';

/**
 * The login page a phone shows before the app's code has arrived: the build writes the page's HTML beside
 * index.html (the same markup the app renders: LoginView), the server puts it into the page for /login, and a post
 * of its form signs in as the API does (POST /login).
 */
let t: TestApp;
let webDir: string;
const INDEX =
  '<!doctype html><title>台账</title><script type="module" src="/assets/app-3f9a1c2b.js"></script><body><div id="root"></div></body>';

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'taizhang-login-'));
  writeFileSync(path.join(webDir, 'index.html'), INDEX);
  writeFileSync(path.join(webDir, STATIC_LOGIN_FILE), staticLoginPageHtml());
  t = await createTestApp({ config: { webDir } });
});
afterAll(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

const page = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const FORM = '<form class="login-form"';

function post(fields: Record<string, string>, options: { next?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({
    method: 'POST',
    url: options.next === undefined ? '/login' : `/login?next=${encodeURIComponent(options.next)}`,
    headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

const cookieOf = (res: Awaited<ReturnType<typeof post>>, name: string) => res.cookies.find((c) => c.name === name);

describe('the login page written into the page', () => {
  it('is inside the app’s root for /login, its form posting to the page’s own address', async () => {
    for (const url of ['/login', '/login?next=%2Fledger']) {
      const res = await page(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain(`<div id="root"><div class="login-page">`);
      const form = res.body.slice(res.body.indexOf(FORM), res.body.indexOf('>', res.body.indexOf(FORM)) + 1);
      expect(form).toContain('method="post"');
      expect(form).toContain('data-static-login');
      expect(form).not.toContain('action=');
      expect(res.body).toContain('name="username"');
      expect(res.body).toContain('type="password"');
    }
  });

  it('comes compressed once for everyone (brotli, else gzip), the same page when unpacked', async () => {
    const plain = await page('/login');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const get = (encoding: string) => t.app.inject({ method: 'GET', url: '/login', headers: { 'accept-encoding': encoding } });
    const br = await get('gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(plain.body) / 2);
    const gz = await get('gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('is not in any other page: a browser that is not signed in is sent to /login, one that is gets no form', async () => {
    for (const url of ['/', '/dashboard', '/ledger?status=open']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toMatch(/^\/login/);
    }
    const officer = await t.login('officer');
    const res = await page('/dashboard', officer.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('login-page');
    const login = await page('/login', officer.cookie);
    expect(login.statusCode).toBe(302);
    expect(login.headers.location).toBe('/dashboard');
  });
});

describe('POST /login (the written page’s form)', () => {
  it('signs in and sends the browser on to ?next=, with the session', async () => {
    const res = await post({ username: 'secretary', password: DEMO_PASSWORD }, { next: '/ledger?status=open' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/ledger?status=open');
    expect(res.headers['cache-control']).toBe('no-store');
    const session = cookieOf(res, 'tz_session');
    expect(session?.httpOnly).toBe(true);
    // The cookie is a session like the API's.
    const me = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `tz_session=${session!.value}` } });
    expect(me.json()).toMatchObject({ user: { username: 'secretary' } });
  });

  it('sends a sign-in without ?next=, or with one that leaves the site, to the dashboard', async () => {
    for (const next of [undefined, '//evil.example/', '/\\evil.example', 'https://evil.example/']) {
      const res = await post({ username: 'secretary', password: DEMO_PASSWORD }, { next });
      expect(res.statusCode, String(next)).toBe(303);
      expect(res.headers.location, String(next)).toBe('/dashboard');
    }
  });

  it('answers a wrong password with the login page again: the service’s message above the form, the username kept', async () => {
    const res = await post({ username: 'secretary', password: 'not-the-password' }, { next: '/ledger' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(cookieOf(res, 'tz_session')).toBeUndefined();
    const notice =
      /<div class="login-notice login-notice-error" role="alert" data-testid="login-error"><span>([^<]+)<\/span><\/div><form class="login-form"/.exec(
        res.body,
      );
    expect(notice?.[1]).toMatch(/密码/);
    expect(res.body).toContain('name="username" value="secretary"');
    expect(res.body).not.toContain('not-the-password');
  });

  it('writes the username back as text, whatever was typed', async () => {
    const typed = '<img src=x onerror=alert(1)>"';
    const res = await post({ username: typed, password: 'x' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('name="username" value="&lt;img src=x onerror=alert(1)&gt;&quot;"');
    expect(res.body).not.toContain('<img');
  });

  it('answers an empty form with the login page and what is missing', async () => {
    const res = await post({ username: ' ', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/data-testid="login-error"><span>[^<]*请输入用户名[^<]*请输入密码/);
  });

  it('refuses a post from another site, and signs nobody in', async () => {
    const res = await post(
      { username: 'secretary', password: DEMO_PASSWORD },
      { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
    );
    expect(res.statusCode).toBe(403);
    expect(cookieOf(res, 'tz_session')).toBeUndefined();
  });

  it('is the only place a form post is read: the API still takes JSON alone', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: TEST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'secretary', password: DEMO_PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(415);
    expect(cookieOf(res, 'tz_session')).toBeUndefined();
  });
});
