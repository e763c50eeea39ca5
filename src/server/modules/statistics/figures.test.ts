import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekPeriod } from '../../../domain/cadence.ts';
import { DEFAULT_CADENCE_RULES } from '../../../domain/cadence-rules.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { computeFigures } from './figures.service.ts';

let t: TestApp;
beforeAll(async () => {
  // The demo tree is created at the clock's start: Friday 2026-11-27 10:00 Shanghai.
  t = await createTestApp({ demo: true });
});
afterAll(() => t.close());

const figuresOf = async (week: string, now: Date, name: string) => {
  const all = await computeFigures(t.db.kysely, { period: weekPeriod(week), reportWeeks: [week], rules: DEFAULT_CADENCE_RULES, now });
  return [...all.values()].find((e) => e.org.name === name)!;
};

describe('figures', () => {
  it('expect a weekly report only from villages that existed when it fell due', async () => {
    const later = new Date('2026-11-28T02:00:00.000Z'); // Saturday: the week of 11-23 was due Friday 18:00
    const before = await figuresOf('2026-11-16', later, '大闵村');
    expect(before.figures.reportsExpected).toBe(0);
    expect(before.reportStatus).toBeNull();
    const since = await figuresOf('2026-11-23', later, '大闵村');
    expect(since.figures).toMatchObject({ reportsExpected: 1, reportsMissing: 1 });
    expect(since.reportStatus).toBe('missing');
    // Before the due time nothing is expected yet, so nothing is missing.
    const early = await figuresOf('2026-11-23', t.clock.now(), '大闵村');
    expect(early.figures.reportsExpected).toBe(0);
  });

  it('count a problem recorded at this very instant in the running week', async () => {
    const before = (await figuresOf('2026-11-23', t.clock.now(), '张东村')).figures;
    await makeProblem(t, await t.login('admin'), '张东村');
    const after = (await figuresOf('2026-11-23', t.clock.now(), '张东村')).figures;
    expect(after.total).toBe(before.total + 1);
    expect(after.newCount).toBe(before.newCount + 1);
  });
});
