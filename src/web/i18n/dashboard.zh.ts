/** Messages of the dashboard pages (Chinese, the key source). */
export const dashboardZh = {
  'nav.dashboard': '工作台',
} as const;
