/** Messages of the notifications pages (Chinese, the key source). */
export const notificationsZh = {
  'nav.notifications': '提醒',
} as const;
