/**
 * The figures of 一周一统计 for one organization's subtree over one period,
 * and the rates derived from them. Counts are "as at the period's end"
 * (status, overdue) or "during the period" (new, accepted, rejected, closed).
 */
export interface Figures {
  total: number;
  open: number;
  rectifying: number;
  submitted: number;
  accepted: number;
  closed: number;
  overdue: number;
  /** Whole days overdue at the period's end, one entry per overdue problem. */
  overdueAges: number[];
  newCount: number;
  acceptedCount: number;
  rejectedCount: number;
  closedCount: number;
  lateAcceptanceCount: number;
  measuresTotal: number;
  measuresDone: number;
  reportsExpected: number;
  reportsOnTime: number;
  reportsLate: number;
  reportsMissing: number;
  /**
   * Standing against the standard (src/domain/village-score.ts), of each
   * village's latest inspection round as at the period's end: the sum of the
   * villages' scores and of their totals, how many villages have a score,
   * and how many of them are confirmed 达标.
   */
  standardScore: number;
  standardMax: number;
  unitsScored: number;
  unitsAttained: number;
}

/**
 * The organization id of a week's total over a reader's several organizations (kind `scope`). Here, not in the
 * contracts: the web imports it, and a contract module builds zod schemas as it loads (zod's eval probe is a CSP
 * violation in the browser).
 */
export const SCOPE_ID = 'scope';

export const REPORT_STATUSES = ['on_time', 'late', 'missing'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export function emptyFigures(): Figures {
  return {
    total: 0,
    open: 0,
    rectifying: 0,
    submitted: 0,
    accepted: 0,
    closed: 0,
    overdue: 0,
    overdueAges: [],
    newCount: 0,
    acceptedCount: 0,
    rejectedCount: 0,
    closedCount: 0,
    lateAcceptanceCount: 0,
    measuresTotal: 0,
    measuresDone: 0,
    reportsExpected: 0,
    reportsOnTime: 0,
    reportsLate: 0,
    reportsMissing: 0,
    standardScore: 0,
    standardMax: 0,
    unitsScored: 0,
    unitsAttained: 0,
  };
}

/** Adds `b` into `a` (used to roll figures up the tree). */
export function addInto(a: Figures, b: Figures): void {
  for (const key of Object.keys(a) as (keyof Figures)[]) {
    if (key === 'overdueAges') a.overdueAges.push(...b.overdueAges);
    else a[key] += b[key];
  }
}

/** Problems overdue more than `days` days (counted without a filtered copy: a province's ages run to hundreds of thousands). */
export function overdueMoreThan(f: Pick<Figures, 'overdueAges'>, days: number): number {
  let n = 0;
  for (const d of f.overdueAges) if (d > days) n++;
  return n;
}

/** Closed (销号) share of all problems; null when there are none. */
export function closureRate(f: Pick<Figures, 'closed' | 'total'>): number | null {
  return f.total === 0 ? null : f.closed / f.total;
}

/** Accepted share of acceptance decisions in the period; null when none were made. */
export function acceptancePassRate(f: Pick<Figures, 'acceptedCount' | 'rejectedCount'>): number | null {
  const decided = f.acceptedCount + f.rejectedCount;
  return decided === 0 ? null : f.acceptedCount / decided;
}

/** Share of expected weekly reports filed on time; null when none were expected. */
export function reportPunctuality(f: Pick<Figures, 'reportsExpected' | 'reportsOnTime'>): number | null {
  return f.reportsExpected === 0 ? null : f.reportsOnTime / f.reportsExpected;
}

/** Share of still-to-fix problems that are overdue… measured against all problems; null when none. */
export function overdueShare(f: Pick<Figures, 'overdue' | 'total'>): number | null {
  return f.total === 0 ? null : f.overdue / f.total;
}

/** Score ÷ total against the standard (summed over the villages); null when no village has been inspected. */
export function standardShare(f: Pick<Figures, 'standardScore' | 'standardMax'>): number | null {
  return f.standardMax === 0 ? null : f.standardScore / f.standardMax;
}

/** Median of the non-null values (null when there are none). */
export function median(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}
