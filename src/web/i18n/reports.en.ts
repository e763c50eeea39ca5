import type { reportsZh } from './reports.zh.ts';

/** Messages of the reports pages (English). */
export const reportsEn: Record<keyof typeof reportsZh, string> = {
  'nav.weeklyReports': 'Weekly reports',
};
