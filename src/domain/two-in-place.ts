import { addMonths } from './cadence.ts';
import { shanghaiDayEnd } from './time.ts';

/**
 * The "two 到位" of the source (两个到位), the district dashboard's two
 * headline figures. Pure: the server counts, this file judges and words.
 *
 * 跟踪督查到位 (tracking and supervision in place): of the weekly reports that
 * fell due in the last TRACKING_WEEKS weeks (一周一汇报) and the monthly
 * circulars due in the last TRACKING_MONTHS months (一月一通报, due by the
 * cadence rules' `circular.dueDay` of the following month), the share filed
 * or published on time:
 *   (reports on time + circulars on time) ÷ (reports expected + circulars expected).
 * In place when every one was on time.
 *
 * 所有问题整改到位 (every problem rectified): the share of the ledger's
 * problems that are closed (销号), withdrawn ones left out:
 *   closed ÷ all problems.
 * In place when every problem is closed (and there is at least one).
 */
export const TRACKING_WEEKS = 4;
export const TRACKING_MONTHS = 3;

export interface InPlaceFigure {
  /** 0–1; null with nothing to measure. */
  value: number | null;
  inPlace: boolean;
}

export function trackingInPlace(x: {
  reportsOnTime: number;
  reportsExpected: number;
  circularsOnTime: number;
  circularsExpected: number;
}): InPlaceFigure {
  const expected = x.reportsExpected + x.circularsExpected;
  if (expected === 0) return { value: null, inPlace: true };
  const value = (x.reportsOnTime + x.circularsOnTime) / expected;
  return { value, inPlace: value === 1 };
}

export function rectificationInPlace(x: { closed: number; total: number }): InPlaceFigure {
  if (x.total === 0) return { value: null, inPlace: false };
  const value = x.closed / x.total;
  return { value, inPlace: x.closed === x.total };
}

/** The instant a month's circular falls due: the end of `dueDay` (Shanghai) of the following month. */
export function circularDueAt(month: string, dueDay: number): Date {
  const next = addMonths(month, 1);
  const day = `${next}-${String(dueDay).padStart(2, '0')}`;
  return shanghaiDayEnd(day);
}

/** The formulas in words, for the dashboard's tooltips and the docs. */
export function inPlaceFormulas(dueDay: number): { tracking: { zh: string; en: string }; rectification: { zh: string; en: string } } {
  return {
    tracking: {
      zh:
        `跟踪督查到位 =（按时报送的周报 + 按时印发的月通报）÷（应报周报 + 应印发月通报），` +
        `统计最近 ${TRACKING_WEEKS} 周已到期的周报和最近 ${TRACKING_MONTHS} 个月已到期的月通报（月通报应于次月 ${dueDay} 日前印发）；全部按时即为到位。`,
      en:
        `Tracking in place = (weekly reports filed on time + monthly circulars published on time) ÷ (reports expected + circulars expected), ` +
        `over the weekly reports due in the last ${TRACKING_WEEKS} weeks and the circulars due in the last ${TRACKING_MONTHS} months ` +
        `(a month's circular is due by day ${dueDay} of the next month); in place when all were on time.`,
    },
    rectification: {
      zh: '所有问题整改到位 = 已销号问题 ÷ 全部问题（已撤销的问题不计）；全部销号即为到位。',
      en: 'All problems rectified = problems closed ÷ all problems (withdrawn ones left out); in place when every problem is closed.',
    },
  };
}
