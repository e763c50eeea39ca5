import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * The built web app as a phone on a slow line gets it: the brotli or gzip copy
 * the build wrote (never the raw file to a browser that accepts either), hashed
 * assets kept for a year, index.html always revalidated.
 */
let t: TestApp;
let webDir: string;

const APP_JS = `export const greeting = ${JSON.stringify('台账 '.repeat(400))};\n`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'taizhang-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(
    path.join(webDir, 'index.html'),
    '<!doctype html><title>台账</title><script type="module" src="/assets/app-3f9a1c2b.js"></script>' +
      '<meta name="taizhang-preload-signed-in" content="/assets/shell-5e6f7a8b.js">',
  );
  writeFileSync(path.join(webDir, 'assets', 'app-3f9a1c2b.js'), APP_JS);
  writeFileSync(path.join(webDir, 'assets', 'app-3f9a1c2b.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(path.join(webDir, 'assets', 'app-3f9a1c2b.js.gz'), gzipSync(APP_JS));
  // Too small to be worth compressing: the build leaves it alone.
  writeFileSync(path.join(webDir, 'assets', 'tiny-0d1e2f3a.js'), 'export {};\n');
  t = await createTestApp({ config: { webDir } });
});
afterAll(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

describe('hashed assets', () => {
  it('answers a browser that accepts brotli with the brotli copy, kept for a year', async () => {
    const res = await get('/assets/app-3f9a1c2b.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(APP_JS);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(APP_JS) / 5);
  });

  it('answers a browser that accepts gzip only (Chromium on plain http) with the gzip copy', async () => {
    const res = await get('/assets/app-3f9a1c2b.js', 'gzip, deflate');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(APP_JS);
  });

  it('sends the file as it is to a client that accepts no compression', async () => {
    const res = await get('/assets/app-3f9a1c2b.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.body).toBe(APP_JS);
  });

  it('sends a file that has no compressed copy as it is, still immutable', async () => {
    const res = await get('/assets/tiny-0d1e2f3a.js', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.body).toBe('export {};\n');
  });

  it('keeps the security headers on assets', async () => {
    const res = await get('/assets/app-3f9a1c2b.js', 'br');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([undefined, 'br', 'gzip'])('answers a missing asset with 404 in the error shape (accept-encoding %s)', async (encoding) => {
    const res = await get('/assets/gone-9b8a7c6d.js', encoding);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).not.toBe(IMMUTABLE);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

describe('the app shell', () => {
  it('is index.html for the login page (and the file itself), revalidated on every visit', async () => {
    for (const url of ['/login', '/login?next=%2Fledger', '/index.html']) {
      const res = await get(url, 'gzip, deflate, br');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('/assets/app-3f9a1c2b.js');
      expect(res.body).not.toContain('modulepreload');
    }
  });

  it.each([
    ['/', '/login'],
    ['/dashboard', '/login?next=%2Fdashboard'],
    ['/ledger/abc?x=1', '/login?next=%2Fledger%2Fabc%3Fx%3D1'],
  ])('sends a browser that is not signed in from %s to the login page at once, the page kept as ?next=', async (url, to) => {
    const res = await get(url, 'gzip');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(to);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('a page for a browser that is signed in', () => {
  const page = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip', cookie } });
  const preload = '<link rel="modulepreload" crossorigin href="/assets/shell-5e6f7a8b.js">';
  /** The data block's JSON, read as the web app reads it (src/web/api/session.ts); null when the page has none. */
  const sessionIn = (html: string): unknown => {
    const m = /<script type="application\/json" id="tz-session">([^<]*)<\/script>/.exec(html);
    return m ? JSON.parse(m[1]!) : null;
  };

  it.each(['/', '/dashboard', '/ledger/abc?x=1'])('%s asks for the shell with the entry', async (url) => {
    const officer = await t.login('officer');
    const res = await page(url, officer.cookie!);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(preload);
    expect(res.body).not.toContain('taizhang-preload-signed-in');
    expect(String(res.headers.vary).toLowerCase()).toContain('cookie');
  });

  it("carries GET /api/session's own answer, in a page no cache keeps", async () => {
    const officer = await t.login('officer');
    const res = await page('/dashboard', officer.cookie!);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(String(res.headers.vary).toLowerCase()).toContain('cookie');
    const api = await t.app.inject({ method: 'GET', url: '/api/session', headers: officer });
    expect(sessionIn(res.body)).toEqual(api.json());
    expect(api.json().user.username).toBe('officer');
  });

  it('sends a session that has ended, or a cookie that is none, to the login page', async () => {
    const secretary = await t.login('secretary');
    for (const cookie of ['tz_session=not-a-session', secretary.cookie!]) {
      if (cookie === secretary.cookie) t.clock.advance((t.config.sessionIdleMinutes + 1) * 60_000);
      const res = await page('/ledger', cookie);
      expect(res.statusCode, cookie).toBe(302);
      expect(res.headers.location).toBe('/login?next=%2Fledger');
      expect(res.body).not.toContain('tz-session');
    }
  });

  it('sends the login page on to where the sign-in would have led: ?next= when it is of this site', async () => {
    const officer = await t.login('officer');
    for (const [url, to] of [
      ['/login', '/dashboard'],
      ['/login?next=%2Fledger%3Fstatus%3Dopen', '/ledger?status=open'],
      ['/login?next=%2F%2Fevil.example', '/dashboard'],
    ]) {
      const res = await page(url!, officer.cookie!);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe(to);
    }
  });

  it('counts the page load as use of the session, as the request it replaces did', async () => {
    const officer = await t.login('officer');
    const lastSeen = () =>
      t.db.kysely.selectFrom('sessions').select('last_seen_at').orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow();
    const before = (await lastSeen()).last_seen_at;
    t.clock.advance(10 * 60_000);
    await page('/dashboard', officer.cookie!);
    expect((await lastSeen()).last_seen_at > before).toBe(true);
  });

  it('cannot be ended early by what a name holds: every < is escaped, and reads back whole', async () => {
    const name = '</script><script>alert(1)</script><!--';
    const user = await t.userId('secretary');
    await t.db.kysely.updateTable('users').set({ display_name: name }).where('id', '=', user).execute();
    const secretary = await t.login('secretary');
    const res = await page('/dashboard', secretary.cookie!);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body.split('</script>').length).toBe(res.body.split('<script').length); // no element ended early
    expect((sessionIn(res.body) as { user: { displayName: string } }).user.displayName).toBe(name);
  });
});
