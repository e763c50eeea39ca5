import type { AccessEnv, AccessRow } from '../testing/access-table.ts';
import { settingsAccessRows } from '../modules/settings/settings.access.test-support.ts';
import { statisticsAccessRows } from '../modules/statistics/statistics.access.test-support.ts';
import { dashboardAccessRows } from '../modules/dashboard/dashboard.access.test-support.ts';
import { weeklyReportAccessRows } from '../modules/weekly-reports/weekly-reports.access.test-support.ts';
import { rankingAccessRows } from '../modules/rankings/rankings.access.test-support.ts';
import { interviewAccessRows } from '../modules/interviews/interviews.access.test-support.ts';
import { circularAccessRows } from '../modules/circulars/circulars.access.test-support.ts';
import { notificationAccessRows } from '../modules/notifications/notifications.access.test-support.ts';
import { venueAccessRows } from '../modules/venues/venues.access.test-support.ts';
import { attainmentAccessRows } from '../modules/attainments/attainments.access.test-support.ts';

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
    ...venueAccessRows(env),
    ...attainmentAccessRows(env),
  ];
}
