import type { AccessEnv, AccessRow, Who } from '../../testing/access-table.ts';
import { statuses } from '../../testing/access-table.ts';
import { uniqueName } from '../../testing/factories.ts';
import { createNotifications } from './notifications.service.ts';

/**
 * A notification list is per user: every signed-in user reads and marks their
 * own (200), nobody another's (the service test covers the 404 for foreign ids).
 */
export function notificationAccessRows(env: AccessEnv): AccessRow[] {
  /** Gives the user one unread notification, so marking all read changes something (one audit event). */
  const giveOne = async (who: Who) => {
    if (who === 'anonymous') return;
    const t = env.t();
    const userId = await t.userId(who);
    await createNotifications(
      t.db.kysely,
      [
        {
          userId,
          kind: 'report_due',
          params: { unitName: '权限测试', weekStart: '2026-11-23', dueTime: '18:00' },
          dedupeKey: uniqueName('access:'),
        },
      ],
      t.clock.now(),
    );
  };
  return [
    {
      route: 'GET /api/notifications',
      target: 'my own notifications',
      request: async () => ({ method: 'GET', url: '/api/notifications?unreadOnly=true' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/notifications/unread-count',
      target: 'my unread count',
      request: async () => ({ method: 'GET', url: '/api/notifications/unread-count' }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/notifications/read',
      target: 'all my unread notifications',
      writes: 'on-success',
      request: async (who) => {
        await giveOne(who);
        return { method: 'POST', url: '/api/notifications/read', payload: { all: true } };
      },
      expect: statuses(200, {}),
    },
  ];
}
