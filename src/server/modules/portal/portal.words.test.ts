import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The portal's words for a villager, on the demo district: a venue's state, the headline count, the ledger check,
 * a published circular. The clock stands after 6 December, so the demo has published November's circular too.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true, start: new Date('2026-12-07T02:00:00Z') });
}, 120_000);
afterAll(() => t?.close());

describe('the village page’s venues', () => {
  it('says a compliant venue is 达标 once: the badge, not its word again beside it', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/public/villages/${await t.orgId('东坡村')}` })).body;
    const section = body.slice(body.indexOf('<h2>村级活动场所</h2>'));
    expect(section).toContain('<span class="badge ok">达标</span>');
    expect(section).not.toMatch(/达标<\/span>\s*达标/);
  });

  it('labels the headline count 查出问题 (查找问题 read as a search button beside the number)', async () => {
    const home = (await t.app.inject({ method: 'GET', url: '/public/' })).body;
    expect(home).toMatch(/<b>\d+<\/b>查出问题/);
    expect(home).not.toContain('查找问题</li>');
  });
});

describe('the ledger check page', () => {
  it('opens with what it means in plain words, before the hashes (an older villager met SHA-256 and RFC 8785 first)', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/public/chain' })).body;
    const plain = body.indexOf('记上就改不了、删不掉');
    expect(plain).toBeGreaterThan(0);
    expect(plain).toBeLessThan(body.indexOf('SHA-256'));
  });
});

describe('a published circular’s copy', () => {
  it('prints annex 1’s scores with one decimal, as the Word file and the app’s document do (61 beside 72.5)', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/public/circulars' })).body;
    const href = /href="(\/public\/circulars\/[^"/]+)"/.exec(list)?.[1];
    expect(href).toBeDefined();
    const body = (await t.app.inject({ method: 'GET', url: href! })).body;
    const annex = body.slice(body.indexOf('<h2>附件1'));
    const scores = [...annex.matchAll(/<tr>\s*<td>\d+<\/td>\s*<td>[^<]+<\/td>\s*<td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(scores.length).toBeGreaterThan(3);
    for (const score of scores) expect(score).toMatch(/^\d+\.\d$/);
  });
});

describe('a village page’s way back', () => {
  it('links its 街道 in the breadcrumb (it was plain text), and the 街道 page lists the village', async () => {
    const body = (await t.app.inject({ method: 'GET', url: `/public/villages/${await t.orgId('大闵村')}` })).body;
    const href = /<a href="\/public\/">首页<\/a> › <a href="(\/public\/subdistricts\/[^"]+)">良田街道<\/a>/.exec(body)?.[1];
    expect(href).toBeDefined();
    const subdistrict = await t.app.inject({ method: 'GET', url: href! });
    expect(subdistrict.statusCode).toBe(200);
    expect(subdistrict.body).toContain('大闵村');
  });
});
