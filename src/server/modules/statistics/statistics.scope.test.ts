import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeekStatistics } from '../../../domain/contracts/statistics.ts';
import { SCOPE_ID } from '../../../domain/statistics.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 一周一统计 for a liaison group's member, on the demo ledger: the group's villages side by side with their sum
 * (it opened on the first village alone), and a village without its empty 党支部 row above its total.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
}, 120_000);
afterAll(() => t?.close());

const week = async (username: string, organizationId?: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/statistics/weeks${organizationId ? `?organizationId=${organizationId}` : ''}`,
    headers: await t.login(username),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<WeekStatistics>();
};

describe('a week for a reader of several villages', () => {
  it('shows each of the liaison group’s villages and their sum', async () => {
    const w = await week('liaison');
    expect(w.organization.organizationId).toBe(SCOPE_ID);
    expect(w.children.map((c) => c.organizationName).sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    const sum = (key: 'total' | 'closed' | 'overdue' | 'measuresTotal') => w.children.reduce((n, c) => n + c.figures[key], 0);
    for (const key of ['total', 'closed', 'overdue', 'measuresTotal'] as const) expect(w.organization.figures[key], key).toBe(sum(key));
    expect(w.organization.figures.total).toBeGreaterThan(0);
  });

  it('reads one village as before, without its 党支部 when the branch holds nothing', async () => {
    const village = await t.orgId('上庄村');
    const w = await week('liaison', village);
    expect(w.organization.organizationName).toBe('上庄村');
    expect(w.children.filter((c) => c.kind === 'branch' && c.figures.total === 0 && c.figures.reportsExpected === 0)).toEqual([]);
  });

  it('keeps one organization for a reader of one (a village secretary, the district)', async () => {
    expect((await week('secretary')).organization.organizationName).toBe('大闵村');
    expect((await week('officer')).organization.organizationId).not.toBe(SCOPE_ID);
  });
});
