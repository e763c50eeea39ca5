import type { dashboardZh } from './dashboard.zh.ts';

/** Messages of the dashboard pages (English). */
export const dashboardEn: Record<keyof typeof dashboardZh, string> = {
  'nav.dashboard': 'Dashboard',
};
