import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createNotifications } from './notifications.service.ts';

let t: TestApp;
let secretary: Headers;
let zhangdong: Headers;

async function give(username: string, key: string, title = `提醒 ${key}`): Promise<string> {
  const userId = await t.userId(username);
  await createNotifications(
    t.db.kysely,
    [{ userId, kind: 'problem_due', dedupeKey: key, title, body: '正文', link: '/ledger/x' }],
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
    const item = { userId, kind: 'interview_scheduled' as const, dedupeKey: 'interview:1:scheduled', title: '约谈通知', body: '时间地点' };
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
    expect(body.items.map((n: { title: string }) => n.title)).toEqual(['第二条', '第一条']);
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
