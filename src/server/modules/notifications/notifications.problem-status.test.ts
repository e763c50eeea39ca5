import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationList } from '../../../domain/contracts/notifications.ts';
import type { Headers } from '../../testing/factories.ts';
import { problemIn, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { createNotifications } from './notifications.service.ts';

/**
 * A notice about a problem says where the problem stands now: the liaison's "已提交整改，请组织验收" stayed as it was
 * after she accepted it (greyed as read only), and read as work still to do.
 */
let t: TestApp;
let admin: Headers;
let liaison: Headers;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  liaison = await t.login('liaison');
});
afterAll(() => t.close());

const noticesOf = async (headers: Headers, problemId: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/notifications?pageSize=100', headers }))
    .json<NotificationList>()
    .items.filter((n) => n.link === `/ledger/${problemId}`);

describe('a notice about a problem', () => {
  it('carries the problem’s status now: submitted while it waits, accepted once accepted', async () => {
    const p = await problemIn(t, admin, '大闵村', 'submitted');
    const waiting = await noticesOf(liaison, p.id);
    expect(waiting.map((n) => n.kind)).toContain('problem_submitted');
    expect(waiting.every((n) => n.problemStatus === 'submitted')).toBe(true);
    const accepted = await transition(t, liaison, p, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await noticesOf(liaison, p.id);
    expect(after.find((n) => n.kind === 'problem_submitted')?.problemStatus).toBe('accepted');
  });

  it('carries none for a problem the reader cannot see', async () => {
    const p = await problemIn(t, admin, '大闵村', 'open');
    // A notice of 大闵村's problem in 张东村's secretary's bell (he was its owner once, say): its status is not his to see.
    await createNotifications(
      t.db.kysely,
      [
        {
          userId: await t.userId('zhangdong'),
          kind: 'problem_due',
          params: { organizationName: '大闵村', code: 'WT-X', description: '制度未上墙', dueOn: '2026-12-01', daysLeft: 3 },
          dedupeKey: `other-scope-${p.id}`,
          link: `/ledger/${p.id}`,
        },
      ],
      t.clock.now(),
    );
    const [notice] = await noticesOf(await t.login('zhangdong'), p.id);
    expect(notice).toBeDefined();
    expect(notice!.problemStatus).toBeNull();
    expect((await noticesOf(admin, p.id)).every((n) => n.problemStatus === 'open')).toBe(true);
  });
});
