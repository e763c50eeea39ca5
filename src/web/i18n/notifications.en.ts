import type { notificationsZh } from './notifications.zh.ts';

/** Messages of the notifications pages (English). */
export const notificationsEn: Record<keyof typeof notificationsZh, string> = {
  'nav.notifications': 'Notifications',
};
