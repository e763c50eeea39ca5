import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Limits and shapes at the edges of HTTP: one paging schema for every list,
 * decimal-only numbers in query strings, and the parser's and the static
 * handler's refusals in the one error shape, with their own status.
 */
let t: TestApp;
let admin: Headers;
let webDir: string;
let lists: Array<{ path: string; query: string[] }>;

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'taizhang-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>台账</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ config: { webDir } });
  admin = await t.login('admin');
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
  }>();
  lists = Object.entries(spec.paths).flatMap(([p, methods]) => {
    const get = methods.get;
    const query = (get?.parameters ?? []).filter((q) => q.in === 'query').map((q) => q.name);
    // The JSON API's lists; the public portal's HTML pages page on their own terms.
    return get && p.startsWith('/api/') && query.includes('page') && !p.includes('{') ? [{ path: p, query }] : [];
  });
});
afterAll(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('paging', () => {
  it('finds the paged lists in the OpenAPI document (problems, measures, notifications, interviews, users, audit)', () => {
    expect(lists.map((l) => l.path).sort()).toEqual(
      expect.arrayContaining(['/api/problems', '/api/measures', '/api/notifications', '/api/interviews', '/api/users', '/api/audit']),
    );
  });

  it.each(['1e9', '0x10', '100001', '0', '-1', '1.5', '', ' 2', 'abc', '１'])(
    'refuses page=%j on every list with 400 naming the range',
    async (bad) => {
      for (const list of lists) {
        const res = await t.app.inject({ method: 'GET', url: `${list.path}?page=${encodeURIComponent(bad)}`, headers: admin });
        expect(res.statusCode, `${list.path}?page=${bad}: ${res.body}`).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
        expect(res.json().error.message).toContain('1–100000');
      }
    },
  );

  it('takes page=2 and pageSize=200 on every list, and refuses pageSize=201', async () => {
    for (const list of lists) {
      const ok = await t.app.inject({ method: 'GET', url: `${list.path}?page=2&pageSize=200`, headers: admin });
      expect(ok.statusCode, `${list.path}: ${ok.body}`).toBe(200);
      expect(ok.json()).toMatchObject({ page: 2, pageSize: 200 });
      const big = await t.app.inject({ method: 'GET', url: `${list.path}?pageSize=201`, headers: admin });
      expect(big.statusCode, list.path).toBe(400);
    }
  });
});

describe('numbers in other query strings', () => {
  it('reads only decimal digits: weeks=0x10 and limit=1e2 are refused, weeks=16 is taken', async () => {
    const hex = await t.app.inject({ method: 'GET', url: '/api/statistics/trend?weeks=0x10', headers: admin });
    const dec = await t.app.inject({ method: 'GET', url: '/api/statistics/trend?weeks=16', headers: admin });
    const exp = await t.app.inject({ method: 'GET', url: '/api/organizations/search?q=村&limit=1e2', headers: admin });
    expect([hex.statusCode, exp.statusCode]).toEqual([400, 400]);
    expect(dec.statusCode, dec.body).toBe(200);
  });
});

/** A raw request over TCP, so that Node's own HTTP parser sees it. */
function rawGet(port: number, urlPath: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: urlPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('refusals before any route runs', () => {
  it('answers a 20,000-character URL with 431 in the error shape', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));
    const res = await rawGet(port, `/api/problems?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.type).toContain('application/json');
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(body.error.message).toContain('16 KB');
  });

  it('answers a static path that climbs out of the web folder with 403 FORBIDDEN, not 400', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/..%2f..%2findex.html' });
    const body = res.json();
    expect(res.statusCode).toBe(403);
    expect(body.error.code).toBe('FORBIDDEN');
  });
});
