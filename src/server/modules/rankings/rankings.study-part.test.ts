import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyRanking } from '../../../domain/contracts/rankings.ts';
import { scoreWithStudy } from '../../../domain/study-coverage.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The monthly score blends in 两学一做 (学习得分率, weight 10 by default), and the ranking showed five parts and five
 * weights only: 良田村's parts gave 72.9 where the page said 74.2, and no reader could reproduce a score. Every part
 * that weighs in is now in the answer, and the score follows from them.
 */
let t: TestApp;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  officer = await t.login('officer');
}, 120_000);
afterAll(() => t.close());

describe('the monthly ranking', () => {
  it('shows the study part and its weight beside the others, and its score follows from the parts shown', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/rankings/monthly?month=2026-11', headers: officer });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<MonthlyRanking>();
    expect(r.studyWeight).toBeGreaterThan(0);
    const w = r.weights;
    const sum = w.closureRate + w.acceptancePassRate + w.overdue + w.reportPunctuality + w.standardScore;
    expect(r.villages.length).toBe(16);
    let differs = 0;
    for (const e of [...r.villages, ...r.subdistricts]) {
      const p = e.parts;
      expect(p.study, e.organizationName).not.toBeNull();
      const base =
        Math.round(
          (1000 *
            (w.closureRate * p.closureRate +
              w.acceptancePassRate * p.acceptancePassRate +
              w.overdue * p.onTimeShare +
              w.reportPunctuality * p.reportPunctuality +
              w.standardScore * p.standardScore)) /
            sum,
        ) / 10;
      expect(scoreWithStudy(base, sum, p.study!, r.studyWeight), e.organizationName).toBe(e.score);
      if (base !== e.score) differs++;
    }
    // The study part moves scores: without it, the parts shown did not make them.
    expect(differs).toBeGreaterThan(0);
  });
});
