import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { nextReminderOn, problemReminder, problemReminderKey } from '../../../domain/reminders.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import { DeliverySkipped, type NotificationChannel, type OutboundMessage } from '../../notify/channels.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { createNotifications, type NewNotification } from './notifications.service.ts';
import * as repo from './notifications.repository.ts';
import { createReminders, deliverPending, INTERRUPTED_AFTER_MS, MAX_DELIVERY_ATTEMPTS } from './reminders.service.ts';

let t: TestApp;
afterEach(() => t?.close());

/** `count` undelivered notifications, to the demo's users in turn, one second apart (delivery reads the oldest first). */
async function give(count: number): Promise<void> {
  const users = ['secretary', 'zhangdong', 'officer', 'viewer'];
  const ids = await Promise.all(users.map((u) => t.userId(u)));
  const start = t.clock.now().getTime();
  for (let i = 0; i < count; i++) {
    const item: NewNotification = {
      userId: ids[i % ids.length]!,
      kind: 'problem_due',
      params: { organizationName: '大闵村', code: `WT-${i}`, description: '制度未上墙', dueOn: '2026-12-01', daysLeft: 3 },
      dedupeKey: `test:${i}`,
      link: `/ledger/${i}`,
    };
    await createNotifications(t.db.kysely, [item], new Date(start + i * 1000));
  }
}

/** A channel that records what it sends, yielding to the event loop on each send (as a real one does). */
function recordingChannel(fail?: (m: OutboundMessage) => Error | null) {
  const sent: string[] = [];
  const channel: NotificationChannel = {
    name: 'log',
    async send(m) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const err = fail?.(m) ?? null;
      if (err) throw err;
      sent.push(m.link ?? '');
    },
  };
  return { channel, sent };
}

async function undelivered(): Promise<number> {
  const rows = await t.db.kysely.selectFrom('notifications').select('id').where('delivered_at', 'is', null).execute();
  return rows.length;
}

describe('reminders delivery', () => {
  it('two runs at once (a lease that ran out under a run still sending) never send one notification twice', async () => {
    t = await createTestApp({ demo: true });
    await give(230);
    const a = recordingChannel();
    const b = recordingChannel();
    const now = t.clock.now();
    const [ra, rb] = await Promise.all([
      deliverPending(t.db.kysely, a.channel, now, null),
      deliverPending(t.db.kysely, b.channel, now, null),
    ]);
    const all = [...a.sent, ...b.sent];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(230);
    expect(ra.delivered + rb.delivered).toBe(230);
    expect(await undelivered()).toBe(0);
    // Every send confirmed: no row keeps the mark of an unconfirmed send.
    const marked = await t.db.kysely.selectFrom('notifications').select('id').where('delivery_error', 'is not', null).execute();
    expect(marked).toHaveLength(0);
    // A later run finds nothing to send.
    const c = recordingChannel();
    expect(await deliverPending(t.db.kysely, c.channel, now, null)).toEqual({ delivered: 0, failed: 0, skipped: 0 });
  });

  it('records failures per row in the batch: retried later, a recipient that cannot be reached is not', async () => {
    t = await createTestApp({ demo: true });
    await give(12);
    const { channel, sent } = recordingChannel((m) =>
      m.to.displayName && m.link?.endsWith('3')
        ? new DeliverySkipped('无手机号 (no phone)')
        : m.link?.endsWith('7')
          ? new Error('HTTP 502')
          : null,
    );
    const now = t.clock.now();
    expect(await deliverPending(t.db.kysely, channel, now, null)).toEqual({ delivered: 10, failed: 1, skipped: 1 });
    const rows = await t.db.kysely.selectFrom('notifications').selectAll().where('delivered_at', 'is', null).orderBy('link').execute();
    expect(rows.map((r) => [r.link, r.delivery_attempts, r.delivery_error])).toEqual([
      ['/ledger/3', MAX_DELIVERY_ATTEMPTS, '无手机号 (no phone)'],
      ['/ledger/7', 1, 'HTTP 502'],
    ]);
    // The next run retries the failed one only; it goes out now.
    sent.length = 0;
    const ok = recordingChannel();
    expect(await deliverPending(t.db.kysely, ok.channel, now, null)).toEqual({ delivered: 1, failed: 0, skipped: 0 });
    expect(ok.sent).toEqual(['/ledger/7']);
  });

  it('a run that stopped after taking a chunk: its rows wait while it might still be sending, then go out again', async () => {
    t = await createTestApp({ demo: true });
    await give(5);
    const [first] = await repo.listUndelivered(t.db.kysely, MAX_DELIVERY_ATTEMPTS, 1);
    // A run took the oldest and stopped before confirming it (a crash mid-chunk).
    const at = t.clock.now().toISOString();
    expect([...(await repo.takeForDelivery(t.db.kysely, [first!.id], at))]).toEqual([first!.id]);
    const { channel, sent } = recordingChannel();
    // A minute later it may still be sending (a lease that ran out): not sent again.
    expect(await deliverPending(t.db.kysely, channel, new Date(Date.parse(at) + 60_000), null)).toMatchObject({ delivered: 4 });
    expect(sent).not.toContain('/ledger/0');
    const row = await t.db.kysely.selectFrom('notifications').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivered_at: at, delivery_error: repo.SENDING_MARK });
    // Once that run cannot be sending any more, the next run gives it back and it goes out: nothing is lost.
    sent.length = 0;
    const later = new Date(Date.parse(at) + INTERRUPTED_AFTER_MS + 60_000);
    expect(await deliverPending(t.db.kysely, channel, later, null)).toMatchObject({ delivered: 1 });
    expect(sent).toEqual(['/ledger/0']);
    const after = await t.db.kysely.selectFrom('notifications').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ delivered_at: later.toISOString(), delivery_error: null, delivery_attempts: 1 });
    // And only once.
    expect(await deliverPending(t.db.kysely, channel, new Date(later.getTime() + INTERRUPTED_AFTER_MS * 2), null)).toMatchObject({
      delivered: 0,
    });
  });
});

describe('the index of interrupted sends', () => {
  it('states the same mark the repository writes, so that the run finds them without scanning', async () => {
    t = await createTestApp();
    const { rows } =
      t.db.kind === 'sqlite'
        ? await sql<{ def: string }>`select sql as def from sqlite_master where name = 'notifications_sending_idx'`.execute(t.db.kysely)
        : await sql<{ def: string }>`select indexdef as def from pg_indexes where indexname = 'notifications_sending_idx'`.execute(
            t.db.kysely,
          );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.def).toContain(repo.SENDING_MARK);
  });
});

describe('unsent reminder steps', () => {
  it('a run tells the steps in reach today whose key no notification holds, and moves every examined problem on (checked against problemReminder)', async () => {
    t = await createTestApp({ demo: true });
    const admin = await t.login('admin');
    // Deadlines at every step and between them (the test clock's today is 2026-11-27).
    const dues = [
      '2026-10-01',
      '2026-11-10',
      '2026-11-13',
      '2026-11-14',
      '2026-11-20',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-30',
      '2026-12-04',
      '2026-12-20',
    ];
    const made = [];
    for (const [i, dueOn] of dues.entries()) made.push({ ...(await makeProblem(t, admin, i % 2 ? '张东村' : '大闵村', { dueOn })), dueOn });
    const rules = await loadCadenceRules(t.db.kysely);
    const today = shanghaiDate(t.clock.now());
    const keyOf = (p: { id: string; dueOn: string }) => {
      const r = problemReminder({ status: 'open', dueOn: p.dueOn }, today, rules.reminders);
      return r ? problemReminderKey(p.id, r, p.dueOn) : null;
    };
    const inReach = made.filter((p) => keyOf(p) !== null);
    expect(inReach.length).toBeGreaterThanOrEqual(6);
    // Announce every other step in reach (to one user: "to anyone" is enough), and a key of another step of one more.
    const userId = await t.userId('viewer');
    const announced = inReach.filter((_, i) => i % 2 === 0);
    const notice = (dedupeKey: string): NewNotification => ({
      userId,
      kind: 'problem_due',
      params: { organizationName: '大闵村', code: 'WT-1', description: '制度未上墙', dueOn: '2026-12-01', daysLeft: 3 },
      dedupeKey,
    });
    await createNotifications(
      t.db.kysely,
      [...announced.map((p) => notice(keyOf(p)!)), notice(`problem:${inReach[1]!.id}:due:99:${inReach[1]!.dueOn}`)],
      t.clock.now(),
    );

    const stats = { examined: 0 };
    await createReminders(t.db.kysely, t.clock.now(), rules, { stats });
    expect(stats.examined).toBeGreaterThanOrEqual(made.length);
    const expected = inReach.filter((_, i) => i % 2 === 1);
    const told = await t.db.kysely
      .selectFrom('notifications')
      .select('dedupe_key')
      .distinct()
      .where('user_id', '!=', userId)
      .where('dedupe_key', 'like', 'problem:%')
      .execute();
    expect(told.map((r) => r.dedupe_key).sort()).toEqual(expected.map((p) => keyOf(p)!).sort());
    // Each problem examined is moved to the day of its next step (null: none left).
    const rows = await t.db.kysely
      .selectFrom('problems')
      .select(['id', 'remind_on'])
      .where(
        'id',
        'in',
        made.map((p) => p.id),
      )
      .execute();
    const next = new Map(made.map((p) => [p.id, nextReminderOn({ status: 'open', dueOn: p.dueOn }, today, rules.reminders)]));
    for (const r of rows) expect(r.remind_on, r.id).toBe(next.get(r.id));
  });
});
