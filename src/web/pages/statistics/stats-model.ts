import { isWeekStart, weeksBetween } from '../../../domain/cadence.ts';
import type { OrgWeekFigures, WeekStatistics } from '../../../domain/contracts/statistics.ts';

/**
 * Pure helpers of the weekly statistics page: what the URL asks for, the
 * table's rows, and the frozen weeks' gaps. Kept free of React for tests.
 */

export interface StatsParams {
  /** Absent: the reader's widest scope (the server decides). */
  organizationId: string | undefined;
  /** Absent or malformed: the last completed week. */
  week: string | undefined;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseStatsParams(params: URLSearchParams): StatsParams {
  const org = params.get('organizationId')?.trim();
  const week = params.get('week')?.trim();
  return {
    organizationId: org && UUID_PATTERN.test(org) ? org : undefined,
    week: week && isWeekStart(week) ? week : undefined,
  };
}

export interface StatsRow {
  key: string;
  entry: OrgWeekFigures;
  /** The organization itself: its subtree's figures, after its children. */
  isTotal: boolean;
}

/** One row per direct child, then the organization itself as the total row. */
export function buildStatsRows(data: WeekStatistics): StatsRow[] {
  return [
    ...data.children.map((entry) => ({ key: entry.organizationId, entry, isTotal: false })),
    { key: `total:${data.organization.organizationId}`, entry: data.organization, isTotal: true },
  ];
}

/**
 * Completed weeks not frozen, oldest first: from the oldest frozen week (or
 * the last completed one when none is) to the last completed week.
 */
export function unfrozenWeeks(frozen: readonly string[], lastCompletedWeek: string): string[] {
  const done = new Set(frozen);
  const oldest = frozen.reduce((min, w) => (w < min ? w : min), lastCompletedWeek);
  return weeksBetween(oldest, lastCompletedWeek).filter((w) => !done.has(w));
}
