import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ErrorBodySchema } from '../../domain/contracts/common.ts';
import { countAuditEvents, makeOrg, type Headers } from '../testing/factories.ts';
import { multipart } from '../testing/ledger-factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../testing/test-app.ts';
import { registerErrorHandling } from './errors.ts';

let t: TestApp;
let admin: Headers;
const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

function send(method: Method, url: string, opts: { body?: string | object; type?: string; headers?: Headers } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? admin) };
  if (opts.type) headers['content-type'] = opts.type;
  return t.app.inject({ method, url, headers, ...(opts.body !== undefined ? { payload: opts.body } : {}) });
}

/** The one error shape: {error:{code,message,details?}}, a known code, a sentence for people. */
function expectErrorBody(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = ErrorBodySchema.parse(JSON.parse(res.body));
  expect(ERROR_CODES).toContain(body.error.code);
  expect(body.error.code).toBe(code);
  expect(body.error.message.trim().length).toBeGreaterThan(3);
  return body.error;
}

function fieldPaths(error: { details?: unknown }) {
  return ((error.details as { fields: Array<{ in: string; path: string }> }).fields ?? []).map((f) => `${f.in}:${f.path}`);
}

describe('malformed requests', () => {
  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const error = expectErrorBody(
      await send('POST', '/api/organizations', { body: '{"name": "x",', type: 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('JSON');
  });

  it('answers an empty JSON body with 400', async () => {
    expectErrorBody(await send('POST', '/api/organizations', { body: '', type: 'application/json' }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a __proto__ key rather than letting it through', async () => {
    const body = `{"parentId":"${UNKNOWN_ID}","kind":"village","name":"x","__proto__":{"admin":true}}`;
    expectErrorBody(await send('POST', '/api/organizations', { body, type: 'application/json' }), 400, 'VALIDATION_FAILED');
  });

  it('names every wrong or missing field with its path', async () => {
    const error = expectErrorBody(
      await send('POST', '/api/organizations', { body: { parentId: 5, kind: 'planet' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldPaths(error).sort()).toEqual(['body:kind', 'body:name', 'body:parentId']);
    expect(error.message).toContain('parentId');
  });

  it('names nested fields with dotted paths', async () => {
    const error = expectErrorBody(
      await send('POST', '/api/users', {
        body: { username: 'ok-name', displayName: 'x', password: 'long-enough-1', roles: [{ role: 'king', organizationId: UNKNOWN_ID }] },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fieldPaths(error)).toEqual(['body:roles.0.role']);
  });

  it('does not coerce types: a version sent as a string or a fraction is refused', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    for (const version of ['1', 1.5, 0, -1, null]) {
      const error = expectErrorBody(
        await send('PATCH', `/api/organizations/${org.id}`, { body: { version, name: 'x' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldPaths(error)).toEqual(['body:version']);
    }
  });

  it('refuses a request that changes nothing, or two kinds of change at once', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    expectErrorBody(await send('PATCH', `/api/organizations/${org.id}`, { body: { version: 1 } }), 400, 'VALIDATION_FAILED');
    const both = expectErrorBody(
      await send('PATCH', `/api/organizations/${org.id}`, { body: { version: 1, name: 'x', archived: true } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(both.message).toContain('一次只能做一种修改');
  });

  it('answers a non-uuid id with 400 naming the path parameter', async () => {
    for (const url of ['/api/organizations/123', '/api/users/abc', `/api/users/${UNKNOWN_ID}/roles/nope?version=1`]) {
      const error = expectErrorBody(await send(url.includes('roles') ? 'DELETE' : 'GET', url), 400, 'VALIDATION_FAILED');
      expect(fieldPaths(error)[0]).toMatch(/^path:/);
    }
  });

  it('answers bad query parameters with 400 naming them', async () => {
    for (const [url, field] of [
      ['/api/organizations?limit=0', 'query:limit'],
      ['/api/organizations?kind=planet', 'query:kind'],
      ['/api/organizations/tree?includeArchived=maybe', 'query:includeArchived'],
      ['/api/audit?pageSize=1000', 'query:pageSize'],
      ['/api/audit?entityType=planet', 'query:entityType'],
      [`/api/users/${UNKNOWN_ID}/roles/${UNKNOWN_ID}`, 'query:version'],
    ] as const) {
      const error = expectErrorBody(await send(url.includes('/roles/') ? 'DELETE' : 'GET', url), 400, 'VALIDATION_FAILED');
      expect(fieldPaths(error), url).toEqual([field]);
    }
  });

  it('answers an unknown but well-formed id with 404', async () => {
    expectErrorBody(await send('GET', `/api/organizations/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
    expectErrorBody(await send('GET', `/api/users/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
    expectErrorBody(await send('PATCH', `/api/organizations/${UNKNOWN_ID}`, { body: { version: 1, name: 'x' } }), 404, 'NOT_FOUND');
    expectErrorBody(
      await send('POST', '/api/organizations', { body: { parentId: UNKNOWN_ID, kind: 'village', name: 'x' } }),
      404,
      'NOT_FOUND',
    );
    const secretary = await t.userId('secretary');
    expectErrorBody(await send('DELETE', `/api/users/${secretary}/roles/${UNKNOWN_ID}?version=1`), 404, 'NOT_FOUND');
  });

  it('answers a body over the limit (64 KiB in tests) with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ parentId: UNKNOWN_ID, kind: 'village', name: 'x'.repeat(70 * 1024) });
    expectErrorBody(await send('POST', '/api/organizations', { body, type: 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415 or 400, never 500', async () => {
    expectErrorBody(await send('POST', '/api/organizations', { body: '<org/>', type: 'application/xml' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const plain = await send('POST', '/api/organizations', { body: 'name=x', type: 'text/plain' });
    expect([400, 415]).toContain(plain.statusCode);
    ErrorBodySchema.parse(plain.json());
    const form = await send('POST', '/api/organizations', { body: 'name=x', type: 'application/x-www-form-urlencoded' });
    expect([400, 415]).toContain(form.statusCode);
    ErrorBodySchema.parse(form.json());
  });

  it('answers an unknown API route with a 404 in the error shape', async () => {
    const error = expectErrorBody(await send('GET', '/api/no-such-thing?x=1'), 404, 'NOT_FOUND');
    expect(error.message).toContain('GET /api/no-such-thing');
    expect(error.message).not.toContain('x=1');
    expectErrorBody(await send('PUT', '/api/organizations', { body: {} }), 404, 'NOT_FOUND');
  });

  it('tells an anonymous caller only to sign in, whatever is wrong with the request', async () => {
    const anon = { origin: TEST_ORIGIN };
    expectErrorBody(
      await send('POST', '/api/organizations', { headers: anon, body: '{bad json', type: 'application/json' }),
      401,
      'UNAUTHENTICATED',
    );
    expectErrorBody(await send('POST', '/api/organizations', { headers: anon, body: { parentId: 5 } }), 401, 'UNAUTHENTICATED');
    expectErrorBody(await send('GET', '/api/organizations/not-a-uuid', { headers: anon }), 401, 'UNAUTHENTICATED');
    expectErrorBody(await send('GET', '/api/audit?pageSize=9999', { headers: anon }), 401, 'UNAUTHENTICATED');
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
    expectErrorBody(
      await send('POST', '/api/organizations', { headers: anon, body: big, type: 'application/json' }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('text that a database may choke on', () => {
  // PostgreSQL cannot store NUL in text; without validation it answered 500.
  it('refuses control characters in names, search text and sign-in names with 400, changing nothing', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    const before = await countAuditEvents(t.db);
    for (const name of ['a\u0000b', 'line\nbreak', 'tab\there']) {
      const error = expectErrorBody(
        await send('PATCH', `/api/organizations/${org.id}`, { body: { version: org.version, name } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldPaths(error)).toEqual(['body:name']);
    }
    expectErrorBody(
      await send('POST', '/api/organizations', { body: { parentId: org.id, kind: 'branch', name: 'x\u0000' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(
      await send('POST', '/api/users', { body: { username: 'nul-user', displayName: 'a\u0000', password: 'long-enough-1', roles: [] } }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(await send('GET', '/api/organizations?q=%00'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await send('GET', '/api/users?q=a%00b'), 400, 'VALIDATION_FAILED');
    expectErrorBody(await send('GET', '/api/audit?type=x%00'), 400, 'VALIDATION_FAILED');
    expectErrorBody(
      await send('POST', '/api/session', { headers: { origin: TEST_ORIGIN }, body: { username: 'admin\u0000', password: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await send('GET', `/api/organizations/${org.id}`)).json()).toMatchObject({ name: org.name, version: org.version });
  });

  it('refuses NUL, U+FFFE, U+FFFF and a lone surrogate in any text of a write (a problem’s description had no check), 400', async () => {
    const village = await t.orgId('大闵村');
    const before = await countAuditEvents(t.db);
    for (const bad of ['a\u0000b', '问题\uFFFE', '问题\uFFFF', '问题\uD800', '\uDC00问题']) {
      const error = expectErrorBody(
        await send('POST', '/api/problems', {
          body: { organizationId: village, description: `村务公开栏${bad}未更新`, severity: 'minor' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldPaths(error)).toEqual(['body:description']);
    }
    expectErrorBody(await send('GET', '/api/problems?q=%EF%BF%BE'), 400, 'VALIDATION_FAILED');
    expect(await countAuditEvents(t.db)).toBe(before);
    // A pair (an emoji) is a character like any other.
    const ok = await send('POST', '/api/problems', {
      body: { organizationId: village, description: '村务公开栏未更新 😀', severity: 'minor' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a bidirectional control in any text (a progress note reversed on the public ledger), and a text of invisible characters alone', async () => {
    const village = await t.orgId('大闵村');
    const problem = (
      await send('POST', '/api/problems', { body: { organizationId: village, description: '方向控制符测试问题', severity: 'minor' } })
    ).json();
    const before = await countAuditEvents(t.db);
    // Before: 200, and the note went to the portal and the append-only public ledger reversed.
    for (const bad of ['\u202Eabc\u200F', '进展\u2066说明\u2069']) {
      const error = expectErrorBody(
        await send('POST', `/api/problems/${problem.id}/progress`, { body: { text: bad } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(fieldPaths(error)).toEqual(['body:text']);
      expect(error.message).toContain('文字方向控制符');
    }
    // A zero-width space alone is no text: 请填写… refused it only once trimmed of ordinary spaces.
    for (const [path, body] of [
      [`/api/problems/${problem.id}/progress`, { text: '\u200B\u200B' }],
      ['/api/problems', { organizationId: village, description: '\u200B', severity: 'minor' }],
    ] as const) {
      expectErrorBody(await send('POST', path, { body }), 400, 'VALIDATION_FAILED');
    }
    expect(await countAuditEvents(t.db)).toBe(before);
    // A zero-width space inside real text, as pasted from a document, is kept; so is a right-to-left mark.
    const kept = await send('POST', `/api/problems/${problem.id}/progress`, { body: { text: '已完成\u200B制度上墙\u200F' } });
    expect(kept.statusCode, kept.body).toBe(200);
  });

  it('refuses them in an upload’s fields and file name too (read in the route, after the guard), and stores nothing', async () => {
    const village = await t.orgId('大闵村');
    const problem = (
      await send('POST', '/api/problems', { body: { organizationId: village, description: '上传测试问题', severity: 'minor' } })
    ).json();
    const before = await countAuditEvents(t.db);
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    for (const [fields, name, path] of [
      [{ problemId: problem.id }, '现场\uFFFE照片.png', 'file'],
      [{ problemId: problem.id, note: '备注\uFFFF' }, '现场照片.png', 'note'],
    ] as const) {
      const form = multipart(fields, { name, bytes: png, type: 'image/png' });
      const res = await send('POST', '/api/evidence', { body: form.payload, type: form.contentType });
      // Before: 201, and the ledger export quoting the name could not be opened.
      const error = expectErrorBody(res, 400, 'VALIDATION_FAILED');
      expect(fieldPaths(error)).toEqual([`body:${path}`]);
    }
    expect(await countAuditEvents(t.db)).toBe(before);
    const fine = multipart({ problemId: problem.id, note: '整改后 😀' }, { name: '现场照片.png', bytes: png, type: 'image/png' });
    expect((await send('POST', '/api/evidence', { body: fine.payload, type: fine.contentType })).statusCode).toBe(201);
  });

  it('answers 400 for a public ledger page past the 32-bit numbers PostgreSQL keeps (it answered 500 there)', async () => {
    expectErrorBody(await send('GET', '/api/public/chain?from=3000000000', { headers: {} }), 400, 'VALIDATION_FAILED');
    expect((await send('GET', '/api/public/chain?from=2147483647', { headers: {} })).statusCode).toBe(200);
  });

  it('stores and finds names in any script, with quotes and emoji', async () => {
    const name = `村'"\\;-- 😀 ${Date.now()}`;
    const org = await makeOrg(t, admin, '白杨街道', 'village', name);
    expect((await send('GET', `/api/organizations/${org.id}`)).json().name).toBe(name);
    const found = (await send('GET', `/api/organizations?q=${encodeURIComponent('\'"\\;-- 😀')}`)).json();
    expect(found.items.map((o: { id: string }) => o.id)).toEqual([org.id]);
  });

  it('answers a version no row can hold (past 32 bits) as bad input, 400, not 500; one beyond the row’s with 409', async () => {
    const org = await makeOrg(t, admin, '白杨街道');
    expectErrorBody(
      await send('PATCH', `/api/organizations/${org.id}`, { body: { version: 2 ** 40, name: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    const u = await t.userId('viewer');
    expectErrorBody(await send('PATCH', `/api/users/${u}`, { body: { version: 2 ** 40, displayName: 'x' } }), 400, 'VALIDATION_FAILED');
    expectErrorBody(await send('PATCH', `/api/organizations/${org.id}`, { body: { version: 2 ** 31 - 1, name: 'x' } }), 409, 'CONFLICT');
  });

  it('answers the last allowed page past the end with an empty page, and a page beyond the limit with 400', async () => {
    const res = await send('GET', '/api/users?page=100000');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    expect(res.json().total).toBeGreaterThan(0);
    expectErrorBody(await send('GET', '/api/users?page=999999999'), 400, 'VALIDATION_FAILED');
  });
});

describe('a database that gave up a transaction', () => {
  it('answers a PostgreSQL deadlock or serialization failure with 409 CONFLICT (retry), a unique or foreign-key violation too', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandling(app);
    for (const code of ['40P01', '40001', '23505', '23503', 'SQLITE_CONSTRAINT_FOREIGNKEY', '42P01'])
      app.get(`/fail/${code}`, () => {
        throw Object.assign(new Error(`driver error ${code}`), { code });
      });
    for (const code of ['40P01', '40001', '23505'])
      expectErrorBody(await app.inject({ method: 'GET', url: `/fail/${code}` }), 409, 'CONFLICT');
    // Any other driver error stays a 500 that names the request.
    expectErrorBody(await app.inject({ method: 'GET', url: '/fail/42P01' }), 500, 'INTERNAL');
    await app.close();
  });
});
