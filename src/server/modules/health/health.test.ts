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
  expect(paths).toEqual(
    expect.arrayContaining(['/api/session', '/api/organizations/tree', '/api/organizations/{id}', '/api/users', '/api/audit']),
  );
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
  expect([200, 302]).toContain(docs.statusCode);
});

it.runIf(process.env.TEST_DATABASE_URL)(
  'keeps serving after PostgreSQL drops its idle connections (no crash, next query reconnects)',
  async () => {
    const { sql } = await import('kysely');
    const pg = (await import('pg')).default;
    const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(t.db.kysely);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const killed = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [rows[0]!.db],
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
  },
);
