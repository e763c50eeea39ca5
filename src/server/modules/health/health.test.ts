import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(() => t.close());

it('reports ok and the database in use (postgres when TEST_DATABASE_URL is set)', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/health' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite' });
});

it('serves the OpenAPI document with every API route', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const paths = Object.keys(res.json().paths);
  expect(paths).toEqual(expect.arrayContaining(['/api/session', '/api/organizations/tree', '/api/organizations/{id}', '/api/users', '/api/audit']));
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
  expect([200, 302]).toContain(docs.statusCode);
});
