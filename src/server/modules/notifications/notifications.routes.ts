import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import {
  MarkReadBodySchema,
  MarkReadResultSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  UnreadCountSchema,
} from '../../../domain/contracts/notifications.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './notifications.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['notifications'];

/** The in-app notification centre: each user sees and marks only their own. */
export function registerNotificationRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '我的提醒 My notifications, newest first',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationListSchema, ...errors },
      },
    },
    async (request) => service.listNotifications(authedContext(request, deps), request.query),
  );
  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: '未读提醒数 How many of my notifications are unread', response: { 200: UnreadCountSchema, ...errors } } },
    async (request) => service.unreadCount(authedContext(request, deps)),
  );
  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: '标记已读 Mark some (ids) or all (all: true) of my notifications read',
        body: MarkReadBodySchema,
        response: { 200: MarkReadResultSchema, ...errors },
      },
    },
    async (request) => service.markRead(authedContext(request, deps), request.body),
  );
}
