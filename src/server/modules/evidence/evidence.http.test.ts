import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, PNG_1x1, problemIn } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Over a real socket (inject cannot show it): an upload refused before its body is read is answered at once and
 * the connection stays usable, rather than the browser waiting on a body nobody reads.
 */
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

async function post(url: string, headers: Record<string, string>, fields: Record<string, string>, bytes: Buffer) {
  const body = multipart(fields, { name: '现场照片.png', bytes });
  const started = performance.now();
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': body.contentType },
    body: body.payload,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

describe('a refused upload over HTTP', () => {
  it('is answered (404, 403) without waiting, for a body of several megabytes, and the next request goes through', async () => {
    const admin = await t.login('admin');
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(6 * 1024 * 1024, 0x80)]);
    const outsider = await post('/api/evidence', await t.login('zhangdong'), { problemId: p.id }, big);
    expect(outsider.status).toBe(404);
    expect(outsider.ms).toBeLessThan(8_000);
    const viewer = await post('/api/evidence', await t.login('viewer'), { problemId: p.id }, big);
    expect(viewer.status).toBe(403);
    const ok = await post('/api/evidence', await t.login('secretary'), { problemId: p.id }, PNG_1x1);
    expect(ok.status).toBe(201);
    // Nothing is left hanging: the server closes at once. (With the refused bodies left unread, their connections
    // stayed busy and closing waited for them: a minute, until the keep-alive timeout.)
    const closing = performance.now();
    await Promise.race([
      t.app.close(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the server did not close within 5 s')), 5_000)),
    ]);
    expect(performance.now() - closing).toBeLessThan(5_000);
  });
});
