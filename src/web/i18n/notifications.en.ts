import type { notificationsZh } from './notifications.zh.ts';

/** Messages of the notifications pages (English). */
export const notificationsEn: Record<keyof typeof notificationsZh, string> = {
  'nav.notifications': 'Notifications',
  'notifications.pageTitle': 'Notifications',
  'notifications.bell': 'Notifications',
  'notifications.bellUnread': 'Notifications ({count} unread)',
  'notifications.markAll': 'Mark all read',
  'notifications.markOne': 'Mark read',
  'notifications.filterAll': 'All',
  'notifications.filterUnread': 'Unread ({count})',
  'notifications.empty': 'No notifications yet',
  'notifications.emptyUnread': 'No unread notifications',
  'notifications.read': 'Read',
  'notifications.kind.problem_due': 'Due soon',
  'notifications.kind.problem_overdue': 'Overdue',
  'notifications.kind.problem_submitted': 'Awaiting acceptance',
  'notifications.kind.problem_rejected': 'Sent back',
  'notifications.kind.problem_accepted': 'Accepted',
  'notifications.kind.problem_closed': 'Closed',
  'notifications.kind.problem_reopened': 'Reopened',
  'notifications.kind.report_due': 'Report due',
  'notifications.kind.report_missing': 'Report missing',
  'notifications.kind.report_reminded': 'Report reminder',
  'notifications.kind.circular_due': 'Circular due',
  'notifications.kind.circular_overdue': 'Circular overdue',
  'notifications.kind.interview_scheduled': 'Interview',
} as const;
