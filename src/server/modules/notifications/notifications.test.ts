import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../../domain/contracts/notifications.ts';
import { renderNotification } from '../../../domain/notification-messages.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createNotifications } from './notifications.service.ts';

let t: TestApp;
let secretary: Headers;
let zhangdong: Headers;

/** Gives the user a due-soon notice about a problem coded `code`. */
async function give(username: string, key: string, code = `WT-${key}`): Promise<string> {
  const userId = await t.userId(username);
  await createNotifications(
    t.db.kysely,
    [
      {
        userId,
        kind: 'problem_due',
        params: { organizationName: '大闵村', code, description: '制度未上墙', dueOn: '2026-12-01', daysLeft: 3 },
        dedupeKey: key,
        link: '/ledger/x',
      },
    ],
    t.clock.now(),
  );
  const row = await t.db.kysely
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', userId)
    .where('dedupe_key', '=', key)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('notifications API', () => {
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await t.login('secretary');
    zhangdong = await t.login('zhangdong');
  });
  afterAll(async () => {
    await t.close();
  });

  it('createNotifications skips a duplicate key per user and counts only the new ones', async () => {
    const userId = await t.userId('viewer');
    const other = await t.userId('officer');
    const item = {
      userId,
      kind: 'interview_scheduled' as const,
      params: {
        organizationName: '大闵村',
        scheduledAt: '2026-12-03T01:30:00.000Z',
        location: '会议室',
        interviewer: '区党群工作部',
        attendees: '村党组织书记',
        notice: '请按时参加',
      },
      dedupeKey: 'interview:1:scheduled',
    };
    expect(await createNotifications(t.db.kysely, [item, { ...item, userId: other }], t.clock.now())).toBe(2);
    // Inside a caller's transaction, a duplicate neither fails nor aborts it.
    const again = await t.db.kysely.transaction().execute(async (trx) => createNotifications(trx, [item, item], t.clock.now()));
    expect(again).toBe(0);
    const rows = await t.db.kysely.selectFrom('notifications').select('id').where('dedupe_key', '=', 'interview:1:scheduled').execute();
    expect(rows).toHaveLength(2);
  });

  it('lists only my own notifications, newest first, with the unread count', async () => {
    const a = await give('secretary', 'k:a', '第一条');
    t.clock.advance(60_000);
    await give('secretary', 'k:b', '第二条');
    await give('zhangdong', 'k:z', '别人的');
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: secretary });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((n: { params: { code: string } }) => n.params.code)).toEqual(['第二条', '第一条']);
    expect(body.items[0].title).toBe('整改即将到期：第二条 还有 3 天到期');
    expect(body).toMatchObject({ total: 2, unread: 2, page: 1 });
    expect(body.items[1]).toMatchObject({ id: a, kind: 'problem_due', link: '/ledger/x', readAt: null, allowedActions: ['read'] });
    const count = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: secretary });
    expect(count.json()).toEqual({ count: 2 });
  });

  it('marks my own read with one audit event; another user’s id is 404 and changes nothing', async () => {
    const mine = await give('secretary', 'k:c');
    const theirs = await give('zhangdong', 'k:y');
    const before = await countAuditEvents(t.db, 'notification.read');

    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: secretary,
      payload: { ids: [mine, theirs] },
    });
    expect(foreign.statusCode).toBe(404);
    expect(await countAuditEvents(t.db, 'notification.read')).toBe(before);
    const still = await t.db.kysely.selectFrom('notifications').select('read_at').where('id', 'in', [mine, theirs]).execute();
    expect(still.every((r) => r.read_at === null)).toBe(true);

    const ok = await t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: secretary, payload: { ids: [mine] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ count: 1, unread: 2 });
    expect(await countAuditEvents(t.db, 'notification.read')).toBe(before + 1);

    // Already read: 200, count 0, no audit event (nothing happened).
    const again = await t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: secretary, payload: { ids: [mine] } });
    expect(again.json()).toEqual({ count: 0, unread: 2 });
    expect(await countAuditEvents(t.db, 'notification.read')).toBe(before + 1);

    const unread = await t.app.inject({ method: 'GET', url: '/api/notifications?unreadOnly=true', headers: secretary });
    expect(unread.json().items.map((n: { id: string }) => n.id)).not.toContain(mine);
  });

  it('marks all my unread read, leaving others’ alone', async () => {
    const before = await countAuditEvents(t.db, 'notification.read');
    const res = await t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: secretary, payload: { all: true } });
    expect(res.json()).toEqual({ count: 2, unread: 0 });
    expect(await countAuditEvents(t.db, 'notification.read')).toBe(before + 1);
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .select(['data', 'actor_id', 'entity_type'])
      .where('type', '=', 'notification.read')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toEqual({ count: 2 });
    expect(event).toMatchObject({ actor_id: await t.userId('secretary'), entity_type: 'notification' });

    const z = await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: zhangdong });
    expect(z.json().count).toBe(2);
    const none = await t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: secretary, payload: { all: true } });
    expect(none.json()).toEqual({ count: 0, unread: 0 });
    expect(await countAuditEvents(t.db, 'notification.read')).toBe(before + 1);
  });

  it('gives the parameters to put into words in either language; a row from before them has none and keeps its words', async () => {
    const userId = await t.userId('viewer');
    await createNotifications(
      t.db.kysely,
      [
        {
          userId,
          kind: 'problem_overdue',
          params: {
            organizationName: '大闵村',
            code: 'WT-X',
            description: '制度未上墙',
            dueOn: '2026-11-20',
            daysOverdue: 7,
            escalated: true,
          },
          dedupeKey: 'k:params',
        },
      ],
      t.clock.now(),
    );
    await t.db.kysely
      .insertInto('notifications')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        user_id: userId,
        kind: 'problem_due',
        dedupe_key: 'k:old',
        title: '旧提醒',
        body: '旧正文',
        params: null,
        link: null,
        organization_id: null,
        created_at: '2026-11-01T00:00:00.000Z',
        read_at: null,
        delivered_at: null,
        delivery_attempts: 0,
        delivery_error: null,
      })
      .execute();
    const viewer = await t.login('viewer');
    const items = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: viewer })).json().items as Notification[];
    const fresh = items.find((n) => n.kind === 'problem_overdue')!;
    expect(fresh.title).toBe('整改已超期（督办）：WT-X 已超期 7 天');
    expect(renderNotification(fresh.kind, fresh.params, 'en')?.title).toBe('Overdue (escalated): WT-X is 7 days overdue');
    expect(renderNotification(fresh.kind, fresh.params, 'zh')).toEqual({ title: fresh.title, body: fresh.body });
    const old = items.find((n) => n.title === '旧提醒')!;
    expect(old.params).toBeNull();
    expect(renderNotification(old.kind, old.params, 'en')).toBeNull();
  });

  it('rejects bad input with 400 and anonymous callers with 401', async () => {
    for (const payload of [{}, { ids: [], all: true }, { ids: ['not-a-uuid'] }, { all: false }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/notifications/read', headers: secretary, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/notifications?pageSize=1000', headers: secretary });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count' })).statusCode).toBe(401);
  });
});
