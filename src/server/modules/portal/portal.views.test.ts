import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ArticleViews } from './portal.views.ts';

/**
 * News readings counted in memory and written about once a second: once per visitor and article in the window,
 * and never lost to one failed write (the database busy or away for a moment), nor stopped by it.
 */
let t: TestApp;
let article: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('officer');
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/articles',
    headers: admin,
    payload: { title: '计数测试', source: '区党群工作部', body: '<p>正文</p>', tags: [], villageIds: [] },
  });
  expect(made.statusCode, made.body).toBe(201);
  article = made.json().id as string;
  const pub = await t.app.inject({
    method: 'POST',
    url: `/api/articles/${article}/transitions`,
    headers: admin,
    payload: { action: 'publish', version: made.json().version },
  });
  expect(pub.statusCode, pub.body).toBe(200);
});
afterAll(() => t.close());

const views = async () =>
  Number((await t.db.kysely.selectFrom('articles').select('views').where('id', '=', article).executeTakeFirstOrThrow()).views);

/** The real database, whose next `failures` transactions fail as a busy or lost database would. */
function failing(failures: number): Kysely<Database> {
  let left = failures;
  return new Proxy(t.db.kysely, {
    get(target, prop, receiver) {
      if (prop === 'transaction' && left > 0) {
        left -= 1;
        return () => ({
          execute: () => Promise.reject(new Error('database is locked')),
        });
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      // Kysely's methods read private fields: called on the database itself, not on the proxy.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('ArticleViews', () => {
  it('counts a visitor once per article in the window, and keeps counting after a failed write', async () => {
    const errors: unknown[] = [];
    const v = new ArticleViews(failing(1), (e) => errors.push(e), {
      flushEveryMs: 20,
      repeatWindowMs: 60_000,
      maxSeen: 1_000,
      maxPending: 10,
    });
    const start = await views();
    expect(v.note(article, '10.0.0.1', 0)).toBe(true);
    expect(v.note(article, '10.0.0.1', 1_000)).toBe(false);
    expect(v.note(article, '10.0.0.2', 1_000)).toBe(true);
    // The first write fails: reported, the two readings kept and written by the next flush, which is armed again.
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 2_000, interval: 10 });
    await vi.waitFor(async () => expect(await views()).toBe(start + 2), { timeout: 2_000, interval: 20 });
    // Later readings still count; the window has passed for the first visitor.
    expect(v.note(article, '10.0.0.1', 61_000)).toBe(true);
    await v.close();
    expect(await views()).toBe(start + 3);
    expect(errors).toHaveLength(1);
  });

  it('keeps at most maxPending articles waiting, and closes without throwing when the write fails', async () => {
    const errors: unknown[] = [];
    const v = new ArticleViews(failing(5), (e) => errors.push(e), {
      flushEveryMs: 60_000,
      repeatWindowMs: 60_000,
      maxSeen: 1_000,
      maxPending: 3,
    });
    const noted = Array.from({ length: 10 }, (_, i) => v.note(newId(), `10.1.0.${i}`, 0));
    expect(noted.filter(Boolean)).toHaveLength(3);
    await expect(v.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
