import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { makeProblem, multipart } from '../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * An upload whose multipart body cannot be read — a Content-Type without its boundary, or a body that ends before
 * its closing boundary (a phone's connection dropped mid-upload, a hand-made request) — is the client's error:
 * 400 with the error shape on every upload route, never 500 (the parser's errors carry no status; found by a
 * hostile review). SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;
let routes: string[];

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
  const problem = await makeProblem(t, admin, '大闵村');
  const branch = await t.orgId('大闵村党支部');
  routes = [
    '/api/ledger/import?dryRun=1',
    `/api/party-members/import?organizationId=${branch}&dryRun=1`,
    '/api/evidence',
    '/api/venue-files',
    '/api/study-files',
    `/api/evidence?problemId=${problem.id}`,
  ];
});
afterAll(() => t.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

function expectRefused(res: { statusCode: number; body: string; json: () => { error: { code: string; message: string } } }) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('VALIDATION_FAILED');
  expect(res.json().error.message).toContain('上传的内容不完整或格式有误');
}

describe('an upload the multipart parser cannot read', () => {
  it('without its boundary is refused with 400 on every upload route', async () => {
    for (const url of routes) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...admin, 'content-type': 'multipart/form-data' },
        payload: 'x',
      });
      expectRefused(res);
    }
  });

  it('cut short before its closing boundary is refused with 400, and nothing is imported', async () => {
    const problem = await makeProblem(t, admin, '大闵村');
    const cut = (fields: Record<string, string>) => {
      const whole = multipart(fields, { name: '现场照片.png', bytes: PNG, type: 'image/png' });
      // The file's part begins, its bytes come, and the body stops: no CRLF, no closing boundary.
      return { ...whole, payload: whole.payload.subarray(0, whole.payload.length - 40) };
    };
    const venue = await t.db.kysely.selectFrom('venues').select('id').executeTakeFirstOrThrow();
    const branch = await t.orgId('大闵村党支部');
    for (const [url, fields] of [
      ['/api/ledger/import?dryRun=1', {}],
      [`/api/party-members/import?organizationId=${branch}&dryRun=1`, {}],
      ['/api/evidence', { problemId: problem.id }],
      ['/api/venue-files', { venueId: venue.id }],
    ] as const) {
      const body = cut(fields);
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...admin, 'content-type': body.contentType },
        payload: body.payload,
      });
      expectRefused(res);
    }
    const evidence = await t.app.inject({ method: 'GET', url: `/api/problems/${problem.id}`, headers: admin });
    expect(evidence.json().evidence ?? []).toEqual([]);
  });
});
