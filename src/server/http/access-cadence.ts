import type { AccessEnv, AccessRow } from '../testing/access-table.ts';
import { settingsAccessRows } from '../modules/settings/settings.access.ts';
import { statisticsAccessRows } from '../modules/statistics/statistics.access.ts';
import { dashboardAccessRows } from '../modules/dashboard/dashboard.access.ts';
import { weeklyReportAccessRows } from '../modules/weekly-reports/weekly-reports.access.ts';
import { rankingAccessRows } from '../modules/rankings/rankings.access.ts';
import { interviewAccessRows } from '../modules/interviews/interviews.access.ts';
import { circularAccessRows } from '../modules/circulars/circulars.access.ts';
import { notificationAccessRows } from '../modules/notifications/notifications.access.ts';

/** The cadence modules' rows of the access table, each kept beside its routes. */
export function cadenceAccessRows(env: AccessEnv): AccessRow[] {
  return [
    ...settingsAccessRows(env),
    ...statisticsAccessRows(env),
    ...dashboardAccessRows(env),
    ...weeklyReportAccessRows(env),
    ...rankingAccessRows(env),
    ...interviewAccessRows(env),
    ...circularAccessRows(env),
    ...notificationAccessRows(env),
  ];
}
