import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODE_PATTERN, problemCode, problemCodePrefix } from '../../../domain/problem-codes.ts';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem, makePublishedStandard } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('one problem-code scheme', () => {
  it('names the month and counts within it', () => {
    expect(problemCodePrefix('2026-12-03')).toBe('WT-2612-');
    expect(problemCode('WT-2612-', 68)).toBe('WT-2612-0068');
    expect(problemCode('WT-2612-', 12345)).toBe('WT-2612-12345');
    expect(PROBLEM_CODE_PATTERN.test('WT-2612-0068')).toBe(true);
    expect(PROBLEM_CODE_PATTERN.test('WT-261203-EVY2')).toBe(false);
  });

  it('numbers problems recorded by hand and at inspection alike, in order, with no gap or repeat under concurrency', async () => {
    // The test clock stands at 2026-11-27 Shanghai.
    const first = await makeProblem(t, admin, '大闵村');
    expect(first.code).toBe('WT-2611-0001');
    const parallel = await Promise.all(Array.from({ length: 12 }, () => makeProblem(t, admin, '良田村')));
    const numbers = parallel.map((p) => Number(p.code!.slice(8))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));

    const standard = await makePublishedStandard(t);
    const round = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-rounds',
      headers: admin,
      payload: {
        name: '编号测试',
        standardVersionId: standard.versionId,
        periodStart: '2026-11-27',
        periodEnd: '2026-12-10',
        organizationIds: [await t.orgId('上庄村')],
      },
    });
    const checklist = round.json().checklists[0].id;
    const failed = await t.app.inject({
      method: 'PUT',
      url: `/api/inspection-checklists/${checklist}/results/${standard.itemIds[0]}`,
      headers: admin,
      payload: { result: 'fails', problem: { description: '制度未上墙' } },
    });
    expect(failed.statusCode, failed.body).toBe(200);
    const problemId = failed.json().areas[0].items[0].problemId;
    const fromChecklist = (await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: admin })).json();
    expect(fromChecklist.code).toBe('WT-2611-0014');

    // A new month starts again at 0001.
    t.clock.advance(5 * 86_400_000);
    expect((await makeProblem(t, await t.login('admin'), '大闵村')).code).toBe('WT-2612-0001');
  });
});
