import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * A version past what a row holds (a 32-bit integer column on PostgreSQL) is refused as bad input (400), never 500:
 * the singletons' settings took the version read straight into their conditional write, and PostgreSQL answered
 * "out of range for type integer" (500) where SQLite's 64-bit integers hid it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a version out of range', () => {
  it('is a 400 on every settings page (cadence, study, venues, portal), after one save', async () => {
    const admin = await t.login('admin');
    for (const [url, key] of [
      ['/api/settings/cadence', 'rules'],
      ['/api/study/settings', 'rules'],
      ['/api/venues/settings', 'settings'],
      ['/api/portal/settings', 'settings'],
    ] as const) {
      const read = await t.app.inject({ method: 'GET', url, headers: admin });
      expect(read.statusCode, `${url} ${read.body}`).toBe(200);
      const current = read.json();
      const body = { version: current.version, [key]: current[key] };
      const saved = await t.app.inject({ method: 'PUT', url, headers: admin, payload: body });
      expect(saved.statusCode, `${url} ${saved.body}`).toBe(200);
      for (const version of [2_147_483_648, 3_000_000_000, 1e20]) {
        const res = await t.app.inject({ method: 'PUT', url, headers: admin, payload: { ...body, version } });
        expect(res.statusCode, `${url} ${version} ${res.body}`).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
    }
  });
});
