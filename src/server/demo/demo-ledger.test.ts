import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/test-app.ts';
import { DEMO_STANDARD_AREAS } from './demo-standard-data.ts';
import { ITEM_TEXTS } from './demo-text.ts';
import { DEMO_MEASURE_TOTAL, DEMO_PROBLEM_TOTAL, spreadProblems } from './demo-ledger.ts';
import { seedDemo } from './demo.service.ts';

describe('spreadProblems', () => {
  it('moves the drawn counts to the total, within the bounds', () => {
    const counts = spreadProblems([11, 19, 15, 12], 50, [20, 20, 13, 20]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
    expect(counts[2]).toBeLessThanOrEqual(13);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10);
  });

  it('stops at the bounds when the total cannot be reached', () => {
    expect(spreadProblems([11, 11], 100, [12, 12])).toEqual([12, 12]);
  });
});

describe('the demo texts', () => {
  it('give every check item of the demo standard its own problems and measures', () => {
    for (const item of DEMO_STANDARD_AREAS.flatMap((a) => a.items)) {
      const texts = ITEM_TEXTS[item.code];
      expect(texts, item.code).toBeDefined();
      for (const t of [...texts!.problems, ...texts!.measures]) expect(t.length, item.code).toBeGreaterThan(5);
    }
  });
});

describe('the demo ledger on any day', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  // The spread changes with the day; the totals never do.
  it.each(['2026-12-03T01:00:00Z', '2027-02-14T01:00:00Z', '2026-07-01T01:00:00Z'])(
    'has 242 problems and 266 measures when seeded at %s',
    async (at) => {
      const db = await createTestDb();
      close = () => db.dropAll();
      await seedDemo(db, new Date(at), { ledger: true });
      const count = async (table: 'problems' | 'measures') =>
        Number(
          (
            await db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('problems')).toBe(DEMO_PROBLEM_TOTAL);
      expect(await count('measures')).toBe(DEMO_MEASURE_TOTAL);
    },
  );
});
