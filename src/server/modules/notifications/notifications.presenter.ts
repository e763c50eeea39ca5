import type { Notification } from '../../../domain/contracts/notifications.ts';
import type { NotificationsTable } from '../../db/database.ts';

export function presentNotification(row: NotificationsTable): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    organizationId: row.organization_id,
    createdAt: row.created_at,
    readAt: row.read_at,
    allowedActions: row.read_at === null ? ['read'] : [],
  };
}
