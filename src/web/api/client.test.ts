import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ApiError, apiRequest, unansweredMessage } from './client.ts';

// A real HTTP server on loopback: one path never answers, one sends its headers and then stalls, one answers.
let server: Server;
let base = '';
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/silent') {
      hanging.add(res);
      return;
    }
    if (req.url === '/stalls') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items": [');
      hanging.add(res);
      return;
    }
    if (req.url === '/refused') {
      res.writeHead(409, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'CONFLICT', message: '已被他人修改' } }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true, method: req.method, key: req.headers['idempotency-key'] ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('the request succeeded');
}

describe('apiRequest on a weak connection', () => {
  it('gives up on a server that never answers, with a timeout error that says so', async () => {
    const started = Date.now();
    const err = await failure(apiRequest(`${base}/silent`, { timeoutMs: 300 }));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('TIMEOUT');
    expect((err as ApiError).status).toBe(0);
    expect((err as ApiError).message).toContain('超时');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on an answer that stalls half way', async () => {
    const err = await failure(apiRequest(`${base}/stalls`, { timeoutMs: 300 }));
    expect((err as ApiError).code).toBe('TIMEOUT');
  });

  it('tells a write that timed out that it may or may not have been saved', async () => {
    const err = await failure(apiRequest(`${base}/silent`, { method: 'POST', body: { a: 1 }, timeoutMs: 300 }));
    expect((err as ApiError).code).toBe('TIMEOUT');
    expect((err as ApiError).message).toContain('不确定是否已保存');
  });

  it("passes the caller's own cancel through as an abort, not as a network failure", async () => {
    const controller = new AbortController();
    const pending = failure(apiRequest(`${base}/silent`, { signal: controller.signal, timeoutMs: 10_000 }));
    setTimeout(() => controller.abort(), 50);
    const err = await pending;
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as Error).name).toBe('AbortError');
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(apiRequest(`http://127.0.0.1:${port}/x`, { timeoutMs: 5_000 }));
    expect((err as ApiError).code).toBe('NETWORK');
    expect((err as ApiError).message).toContain('无法连接服务器');
    // A save whose answer never came may have arrived: not "try again", but "check first".
    const save = await failure(apiRequest(`http://127.0.0.1:${port}/x`, { method: 'POST', body: {}, timeoutMs: 5_000 }));
    expect((save as ApiError).code).toBe('NETWORK');
    expect((save as ApiError).message).toContain('不确定是否已保存');
  });

  it('says a request the offline browser never sent was not sent', () => {
    expect(unansweredMessage(true, false)).toContain('未能发送');
    expect(unansweredMessage(false, false)).toContain('未能发送');
    expect(unansweredMessage(false, true)).toContain('无法连接服务器');
  });

  it('still reads answers and refusals as before', async () => {
    await expect(apiRequest(`${base}/ok`, { method: 'POST', body: {}, timeoutMs: 5_000 })).resolves.toEqual({
      ok: true,
      method: 'POST',
      key: null,
    });
    const err = await failure(apiRequest(`${base}/refused`, { timeoutMs: 5_000 }));
    expect((err as ApiError).isConflict).toBe(true);
    expect((err as ApiError).message).toBe('已被他人修改');
  });
});

describe('ApiError: which 409 is an edit in between', () => {
  it('is stale for a version changed by someone else, not for an archived organization or a village another group holds', () => {
    const stale = new ApiError(409, 'CONFLICT', '已被他人修改');
    expect([stale.isConflict, stale.isStale, stale.isArchived]).toEqual([true, true, false]);
    const archived = new ApiError(409, 'CONFLICT', '“大闵村”已归档，不能登记问题', { reason: 'archived' });
    expect([archived.isConflict, archived.isStale, archived.isArchived]).toEqual([true, false, true]);
    const taken = new ApiError(409, 'CONFLICT', '大闵村已由“第一包联组”包联', { conflicts: [{ organizationId: 'x' }] });
    expect([taken.isConflict, taken.isStale, taken.isArchived]).toEqual([true, false, false]);
    const refused = new ApiError(400, 'VALIDATION_FAILED', '输入有误', { reason: 'archived' });
    expect([refused.isConflict, refused.isStale, refused.isArchived]).toEqual([false, false, false]);
  });
});

describe('a version-guarded edit', () => {
  type Echo = { method: string; key: string | null };
  it('carries a key made of its method, path and body, so the same edit sent again is the same request', async () => {
    const first = await api.patch<Echo>(`${base}/m1`, { description: '细化', version: 3 });
    const again = await api.patch<Echo>(`${base}/m1`, { description: '细化', version: 3 });
    expect(first.key).toMatch(/^s-[0-9a-f]{28}$/);
    expect(again.key).toBe(first.key);
    // Another version, body, path or method is another request.
    const others = await Promise.all([
      api.patch<Echo>(`${base}/m1`, { description: '细化', version: 4 }),
      api.patch<Echo>(`${base}/m1`, { description: '再细化', version: 3 }),
      api.patch<Echo>(`${base}/m2`, { description: '细化', version: 3 }),
      api.put<Echo>(`${base}/m1`, { description: '细化', version: 3 }),
    ]);
    expect(new Set([first.key, ...others.map((o) => o.key)]).size).toBe(5);
    expect(others[3].method).toBe('PUT');
  });

  it('carries none when it has no version: it sets what it says and may run again', async () => {
    expect((await api.put<Echo>(`${base}/settings`, { title: '村务公开' })).key).toBeNull();
    expect((await api.patch<Echo>(`${base}/m1`, { version: '3' })).key).toBeNull();
  });
});
