import type { ProblemStatus } from '../../../domain/problem-workflow.ts';
import type { Notification } from '../../../domain/contracts/notifications.ts';
import type { NotificationsTable } from '../../db/database.ts';

/** The stored parameters as an object; null for rows from before them (or unreadable ones: the title and body still show). */
function parseParams(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function presentNotification(row: NotificationsTable, problemStatus: ProblemStatus | null = null): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    params: parseParams(row.params),
    link: row.link,
    organizationId: row.organization_id,
    createdAt: row.created_at,
    readAt: row.read_at,
    allowedActions: row.read_at === null ? ['read'] : [],
    problemStatus,
  };
}
