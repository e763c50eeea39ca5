import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Every route in the OpenAPI document, fed odd and hostile values one at a
 * time (path parameters, each query parameter, each body field), as the
 * widest user: nothing may answer 5xx, and every 4xx carries the error shape.
 * Runs on SQLite and, in the suite, on PostgreSQL (where an unchecked value
 * reaching a query would fail loudly).
 */
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: 'path' | 'query'; name: string }>;
  bodyFields: string[];
}

const RANDOM_ID = '01900000-0000-7000-8000-000000000000';
const GENERIC = ['', 'x', '-1', '0', '99999999999999999999', '2026-02-30', "';--", 'a'.repeat(3000)];
const BODY_VALUES: unknown[] = [null, '', 'x', -1, 0, 1e308, 2147483648, 1.5, [], {}, true, '2026-02-30', '\u0000', 'a'.repeat(3000)];

let t: TestApp;
let admin: Headers;
let operations: Operation[];
let realOrgId: string;

function valuesFor(name: string): string[] {
  if (/week/i.test(name)) return ['2026-11-23', '1900-01-01', '2999-12-30', '2026-11-24', ...GENERIC];
  if (/month/i.test(name)) return ['2026-11', '1900-01', '2999-12', '2026-13', ...GENERIC];
  if (/id$/i.test(name)) return [realOrgId, RANDOM_ID, ...GENERIC];
  return GENERIC;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  realOrgId = await t.orgId('大闵村');
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Operation['parameters'];
          requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
        }
      >
    >;
  }>();
  operations = Object.entries(spec.paths)
    // Signing in and out would change who the requests come from.
    .filter(([path]) => !path.startsWith('/api/session') && !path.startsWith('/api/docs') && path !== '/api/openapi.json')
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        bodyFields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      })),
    );
});
afterAll(() => t.close());

async function expectNo5xx(method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: admin, payload: payload as object });
  const what = `${method} ${url.slice(0, 200)} ${JSON.stringify(payload)?.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, what).toBeLessThan(500);
  if (res.statusCode < 400) return;
  // The public portal's pages answer in HTML (a page a villager can read); the API in the one JSON error shape.
  if (String(res.headers['content-type']).startsWith('text/html')) expect(res.body, what).toMatch(/<main[\s>]/);
  else expect(res.json<{ error?: { message?: string } }>().error?.message, what).toBeTruthy();
}

function fillPath(op: Operation, value: (name: string) => string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}

describe('hostile input on every route', () => {
  it('covers the routes of the API', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('never answers 5xx to odd path parameters', async () => {
    for (const op of operations) {
      const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      if (names.length === 0) continue;
      for (const v of ['x', RANDOM_ID, '2026-11-23', '%00', 'a'.repeat(300)]) {
        await expectNo5xx(
          op.method,
          fillPath(op, () => v),
          op.method === 'GET' || op.method === 'DELETE' ? undefined : { version: 1 },
        );
      }
    }
  }, 120_000);

  it('never answers 5xx to odd query values, one parameter at a time', async () => {
    for (const op of operations) {
      const base = fillPath(op, () => RANDOM_ID);
      for (const q of op.parameters.filter((p) => p.in === 'query')) {
        for (const v of valuesFor(q.name)) {
          await expectNo5xx(op.method, `${base}?${new URLSearchParams({ [q.name]: v }).toString()}`, op.method === 'GET' ? undefined : {});
        }
      }
    }
  }, 120_000);

  it('never answers 5xx to odd body fields, one field at a time', async () => {
    for (const op of operations) {
      if (op.bodyFields.length === 0) continue;
      const url = fillPath(op, () => RANDOM_ID);
      await expectNo5xx(op.method, url, {});
      for (const field of op.bodyFields) {
        for (const v of BODY_VALUES) await expectNo5xx(op.method, url, { [field]: v });
      }
    }
  }, 180_000);
});
