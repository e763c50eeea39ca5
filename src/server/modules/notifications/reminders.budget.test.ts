import { afterEach, describe, expect, it } from 'vitest';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { createReminders, MAX_NOTICES_PER_RUN, remindAgainFrom } from './reminders.service.ts';

// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai: the weekly report is due today, so every village
// with a secretary hears of it, beside the deadlines made below.
let t: TestApp;
afterEach(() => t?.close());

async function notices() {
  return t.db.kysely
    .selectFrom('notifications')
    .select(['user_id', 'dedupe_key', 'created_at'])
    .orderBy('dedupe_key')
    .orderBy('user_id')
    .execute();
}

describe('reminders within a budget per run', () => {
  it('tells a day over several runs in whole steps, each recipient once, the same notices as one run', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    // Escalated steps (the village, the subdistrict and the district: three recipients each) and village-only ones.
    for (const village of ['大闵村', '张东村', '良田村']) await makeProblem(t, admin, village, { dueOn: '2026-11-01' });
    for (const village of ['大闵村', '张东村', '良田村', '大闵村']) await makeProblem(t, admin, village, { dueOn: '2026-11-30' });
    const rules = await loadCadenceRules(t.db.kysely);
    const start = t.clock.now().getTime();

    // A budget of 4: the job's runs a minute apart until one adds nothing.
    const added: number[] = [];
    for (let minute = 0; minute < 50; minute++) {
      const n = await createReminders(t.db.kysely, new Date(start + minute * 60_000), rules, { maxNotices: 4 });
      added.push(n);
      if (n === 0) break;
    }
    expect(added.at(-1)).toBe(0);
    expect(added.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    for (const n of added) expect(n).toBeLessThanOrEqual(4);
    const drained = await notices();
    // A step's recipients come in one run (one created_at per key), and nobody twice.
    const runsOfKey = new Map<string, Set<string>>();
    for (const r of drained) runsOfKey.set(r.dedupe_key, (runsOfKey.get(r.dedupe_key) ?? new Set()).add(r.created_at));
    for (const [key, runs] of runsOfKey) expect(runs.size, key).toBe(1);
    // Among them a step escalated to the district, told to its three recipients in one run.
    expect(Math.max(...[...runsOfKey.keys()].map((k) => drained.filter((r) => r.dedupe_key === k).length))).toBe(3);
    expect(new Set(drained.map((r) => `${r.user_id} ${r.dedupe_key}`)).size).toBe(drained.length);
    expect(drained.length).toBe(added.reduce((a, b) => a + b, 0));

    // The same day told in one run (the default budget is far above it) gives the same notices.
    // (Deleted behind the job's back: every problem is looked at again, as after a rules change.)
    await t.db.kysely.deleteFrom('notifications').execute();
    await remindAgainFrom(t.db.kysely, new Date(start));
    expect(await createReminders(t.db.kysely, new Date(start), rules)).toBe(drained.length);
    expect(drained.length).toBeLessThan(MAX_NOTICES_PER_RUN);
    const once = await notices();
    expect(once.map((r) => `${r.user_id} ${r.dedupe_key}`)).toEqual(drained.map((r) => `${r.user_id} ${r.dedupe_key}`));
    expect(await createReminders(t.db.kysely, new Date(start + 60_000), rules, { maxNotices: 4 })).toBe(0);
  });
});
