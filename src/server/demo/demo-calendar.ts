import { daysLeftInPeriod, rectificationPeriod } from '../../domain/rectification.ts';
import { addDays } from '../../domain/time.ts';

/**
 * How the demo's dates fit one program year. The demo's "today" is the real
 * date, and its working dates are relative to it (the round ~45 days ago,
 * deadlines from weeks overdue to weeks ahead, weekly reports since the tree exists), so the
 * dashboards always show overdue, due-soon and closed work. The dates the
 * source names as such stay absolute: the notice 《关于进一步加强农村基层组织
 * 规范化建设的通知》 and the standard it issued are dated 28 April of the
 * program year. The program year is the year the demo's inspection round
 * starts in, or the year before when the round would start before that notice
 * (a demo run between January and mid-June): a program year runs from its
 * notice until every village meets the standard, so it may reach into the
 * next calendar year's first months, as a concentrated rectification period
 * started in the autumn does. Round names, the standard's title and the
 * notice all carry that one year; documents numbered when they are issued
 * (circulars) carry their own year, as real ones do.
 */

/** The demo round starts this many days before today (its checklists are done ten days later). */
export const ROUND_START_OFFSET = -45;
/** The demo round was completed (closed) this many days before today: its 集中整改期 starts then. */
export const ROUND_CLOSED_OFFSET = -34;

/**
 * Days from `today` to the last day of the demo round's 集中整改期 (the default two months from its completion:
 * 25–28 days, as the months fall). The ledger's open work falls due within it, and the 清零行动 ends with it, as
 * both end with June in the source.
 */
export function demoRectificationDaysLeft(today: string): number {
  const period = rectificationPeriod({
    rectificationStart: null,
    rectificationEnd: null,
    closedOn: addDays(today, ROUND_CLOSED_OFFSET),
    periodEnd: addDays(today, ROUND_START_OFFSET + 10),
  });
  return daysLeftInPeriod(period, today);
}

/** Month and day of the notice and of the standard's publication. */
const NOTICE_DAY = '04-28';

export const DEMO_NOTICE_TITLE = '《关于进一步加强农村基层组织规范化建设的通知》';

/** The program year of a demo seeded on `today` (a Shanghai date, YYYY-MM-DD). */
export function demoProgramYear(today: string): number {
  const roundStart = addDays(today, ROUND_START_OFFSET);
  const year = Number(roundStart.slice(0, 4));
  return roundStart >= `${year}-${NOTICE_DAY}` ? year : year - 1;
}

/** The day the notice (and the standard with it) was issued: 28 April of the program year. */
export function demoNoticeDate(today: string): string {
  return `${demoProgramYear(today)}-${NOTICE_DAY}`;
}
