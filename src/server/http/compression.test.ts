import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * The API's JSON is compressed for a client that accepts it (a phone on a weak link downloads a fraction of it);
 * small answers, and clients that do not ask, get it as it is; request bodies are never decompressed.
 */
let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  admin = await t.login('admin');
});
afterAll(() => t.close());

const LEDGER = '/api/problems?pageSize=20';

function get(url: string, acceptEncoding?: string) {
  return t.app.inject({ method: 'GET', url, headers: { ...admin, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });
}

describe('compressed API answers', () => {
  it('sends a ledger page in brotli to a browser that accepts it: the same JSON, a fraction of the bytes', async () => {
    const plain = await get(LEDGER);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const br = await get(LEDGER, 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/^application\/json/);
    const body = brotliDecompressSync(br.rawPayload).toString('utf8');
    expect(JSON.parse(body)).toEqual(plain.json());
    // 12.7 KB → 3.0 KB for the demo ledger.
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('sends gzip to a client that accepts only gzip', async () => {
    const gz = await get(LEDGER, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')).items).toHaveLength(20);
  });

  it('leaves a small answer as it is', async () => {
    const health = await get('/api/health', 'br, gzip');
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ status: 'ok' });
  });

  it("leaves what is not the API's own answers alone: the API documentation's scripts", async () => {
    const res = await get('/api/docs/static/swagger-ui-bundle.js', 'br, gzip');
    expect(res.statusCode).toBe(200);
    // Before: recompressed on every request (the plugin compresses every type mime-db calls compressible).
    expect(res.headers['content-encoding']).toBeUndefined();
    // Its JSON (a megabyte) is compressed like the API's.
    const json = await get('/api/docs/json', 'br, gzip');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-encoding']).toBe('br');
  });

  it('does not decompress a request body: a gzipped one is refused with a 4xx, not unpacked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/problems',
      headers: { ...admin, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ organizationId: await t.orgId('大闵村'), description: '压缩的请求', severity: 'minor' })),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toBeTruthy();
  });
});
