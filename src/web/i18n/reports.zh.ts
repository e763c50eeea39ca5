/** Messages of the reports pages (Chinese, the key source). */
export const reportsZh = {
  'nav.weeklyReports': '每周汇报',
} as const;
