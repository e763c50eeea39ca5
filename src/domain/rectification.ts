/**
 * Defaults for a problem found at inspection (集中整改期). Pure.
 */

/** How long the concentrated rectification period runs when a round sets none (DOMAIN.md: 1–2 months). */
export const DEFAULT_RECTIFICATION_MONTHS = 2;

/**
 * The same calendar day `months` later (YYYY-MM-DD), or the month's last day
 * when it has fewer days (2026-12-31 + 2 → 2027-02-28).
 */
export function addMonthsToDate(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The deadline a problem found at inspection gets when the inspector sets
 * none: the end of the round's rectification period, or two months after it
 * was found when the round has no period, or its period ended before the
 * problem was found (a deadline already past would make it overdue at once).
 */
export function defaultInspectionDeadline(foundOn: string, periodEnd: string | null): string {
  return periodEnd !== null && periodEnd >= foundOn ? periodEnd : addMonthsToDate(foundOn, DEFAULT_RECTIFICATION_MONTHS);
}

/**
 * Where a round's concentrated rectification period (集中整改期) comes from:
 * set by the district; by default two months from the round's completion
 * (its `closed_at`, as a Shanghai date); or, while the round is still open
 * and none is set, projected from the round's planned end (`period_end`).
 */
export type RectificationPeriodSource = 'set' | 'default' | 'projected';

export interface RectificationPeriod {
  start: string;
  end: string;
  source: RectificationPeriodSource;
}

export function rectificationPeriod(round: {
  rectificationStart: string | null;
  rectificationEnd: string | null;
  /** The Shanghai date the round was completed (closed), null while open. */
  closedOn: string | null;
  /** The round's planned last day of inspection. */
  periodEnd: string;
}): RectificationPeriod {
  if (round.rectificationStart !== null && round.rectificationEnd !== null) {
    return { start: round.rectificationStart, end: round.rectificationEnd, source: 'set' };
  }
  const from = round.closedOn ?? round.periodEnd;
  return {
    start: from,
    end: addMonthsToDate(from, DEFAULT_RECTIFICATION_MONTHS),
    source: round.closedOn !== null ? 'default' : 'projected',
  };
}

/**
 * Whole days from `today` to the period's last day: 0 on the last day itself,
 * negative once the period is over.
 */
export function daysLeftInPeriod(period: Pick<RectificationPeriod, 'end'>, today: string): number {
  return Math.round((Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
