import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../../jobs/job.ts';
import { remindersJob } from '../../jobs/reminders.job.ts';
import { createTestApp, testConfig, type TestApp } from '../../testing/test-app.ts';

/**
 * 一月一通报: the district office hears that last month's circular falls due (three days before the rules' due day,
 * the 10th) and that it is overdue (from the 11th), once each, while it is not published; publishing it settles
 * both. The demo (seeded on Friday 4 December 2026) published October's circular on 6 November; November's is the
 * office's to publish by 10 December.
 */
let t: TestApp;
const config = testConfig();
const log = { info: () => {}, warn: () => {}, error: () => {} } as unknown as JobContext['log'];

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true, start: new Date('2026-12-04T02:00:00Z') });
});
afterAll(async () => {
  await t.close();
  rmSync(config.dataDir, { recursive: true, force: true });
});

const at = async (instant: string) => {
  t.clock.current = new Date(instant);
  await remindersJob.run({ db: t.db, config, now: t.clock.now(), log });
};

async function circularNotices(): Promise<Array<{ user: string; kind: string; key: string; read: boolean; link: string | null }>> {
  const rows = await t.db.kysely
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['u.username', 'n.kind', 'n.dedupe_key', 'n.read_at', 'n.link'])
    .where('n.kind', 'in', ['circular_due', 'circular_overdue'])
    .orderBy('n.created_at')
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({ user: r.username, kind: r.kind, key: r.dedupe_key, read: r.read_at !== null, link: r.link }));
}

describe('the monthly circular reminder', () => {
  it('tells the district officer three days before the due day and after it, once each, and settles on publication', async () => {
    // 4 December: November's circular is six days from its due day; nothing yet.
    await at('2026-12-04T02:30:00Z');
    expect(await circularNotices()).toEqual([]);

    // 7 December (three days before the 10th): the district officer is told, once, whatever the runs.
    await at('2026-12-07T01:00:00Z');
    await at('2026-12-07T05:00:00Z');
    const due = await circularNotices();
    expect(due.map((n) => `${n.user} ${n.kind} ${n.read}`)).toEqual(['officer circular_due false']);
    expect(due[0]!.key).toMatch(/^circular:2026-11:.+:due$/);
    expect(due[0]!.link).toBe('/circulars');
    const officer = await t.login('officer');
    const bell = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: officer })).json();
    const shown = bell.items.find((n: { kind: string }) => n.kind === 'circular_due');
    expect(shown.title).toBe('月度通报待印发：2026年11月');
    expect(shown.body).toContain('12月10日前印发');

    // 11 December: overdue, once.
    await at('2026-12-11T01:00:00Z');
    await at('2026-12-11T03:00:00Z');
    expect((await circularNotices()).map((n) => `${n.user} ${n.kind}`)).toEqual(['officer circular_due', 'officer circular_overdue']);

    // The officer publishes it: both notices are settled, and no later run tells anyone again.
    const headers = await t.login('officer');
    const draft = await t.app.inject({ method: 'POST', url: '/api/circulars', headers, payload: { month: '2026-11' } });
    expect(draft.statusCode, draft.body).toBe(201);
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/circulars/${draft.json().id}/publish`,
      headers,
      payload: { version: draft.json().version },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect((await circularNotices()).map((n) => n.read)).toEqual([true, true]);
    await at('2026-12-12T01:00:00Z');
    expect(await circularNotices()).toHaveLength(2);
  });

  it('never tells anyone of a month whose circular is published (October, by the demo)', async () => {
    await at('2026-11-08T02:00:00Z');
    await at('2026-11-12T02:00:00Z');
    expect((await circularNotices()).filter((n) => n.key.startsWith('circular:2026-10:'))).toEqual([]);
  });

  it('tells nobody, and goes on, when the district has no district officer', async () => {
    await t.db.kysely.deleteFrom('role_assignments').where('role', '=', 'district_officer').execute();
    // 8 January 2027: December's circular falls due on the 10th.
    await at('2027-01-08T02:00:00Z');
    expect((await circularNotices()).filter((n) => n.key.startsWith('circular:2026-12:'))).toEqual([]);
  });
});
