import { isoWeekday } from './cadence.ts';
import { addDays } from './time.ts';

/**
 * 便民服务大厅与坐班值班: a village's service hall is open on some weekdays,
 * a weekly roster names who sits on which day and shift, and the person on
 * duty signs in from a phone. Coverage = days staffed ÷ days due, in
 * Shanghai calendar days. Pure.
 */
export const DUTY_SHIFTS = ['full', 'am', 'pm'] as const;
export type DutyShift = (typeof DUTY_SHIFTS)[number];

export const DUTY_SHIFT_LABELS = {
  full: { zh: '全天', en: 'All day' },
  am: { zh: '上午', en: 'Morning' },
  pm: { zh: '下午', en: 'Afternoon' },
} as const satisfies Record<DutyShift, { zh: string; en: string }>;

export const WEEKDAY_LABELS: Record<number, { zh: string; en: string }> = {
  1: { zh: '周一', en: 'Mon' },
  2: { zh: '周二', en: 'Tue' },
  3: { zh: '周三', en: 'Wed' },
  4: { zh: '周四', en: 'Thu' },
  5: { zh: '周五', en: 'Fri' },
  6: { zh: '周六', en: 'Sat' },
  7: { zh: '周日', en: 'Sun' },
};

export interface DutyInput {
  /** ISO weekdays (1 = Monday) the hall is open: each is a day someone must be on duty. */
  openWeekdays: readonly number[];
  /** The first day duty is owed (the hall's registration day, a Shanghai date). */
  trackedFrom: string;
  /** The period, Shanghai dates, both inclusive. */
  from: string;
  to: string;
  /** Today (Shanghai): a day is due once it has ended, or today once someone signed in. */
  today: string;
  /** The Shanghai dates someone signed in on. */
  signedInOn: ReadonlySet<string> | readonly string[];
}

export interface DutyCoverage {
  daysDue: number;
  daysStaffed: number;
  /** Due days nobody signed in on, oldest first. */
  gaps: string[];
}

/**
 * Days due, staffed and the gaps of a period. A day is due when the hall opens on its weekday, it is on or after
 * `trackedFrom`, and it has ended (today only once staffed, so a morning without sign-in is not yet a gap).
 */
export function dutyCoverage(input: DutyInput): DutyCoverage {
  const signed = input.signedInOn instanceof Set ? input.signedInOn : new Set(input.signedInOn as readonly string[]);
  const open = new Set(input.openWeekdays);
  const start = input.from > input.trackedFrom ? input.from : input.trackedFrom;
  const end = input.to < input.today ? input.to : input.today;
  const gaps: string[] = [];
  let daysDue = 0;
  let daysStaffed = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) {
    if (!open.has(isoWeekday(d))) continue;
    const staffed = signed.has(d);
    if (d === input.today && !staffed) continue;
    daysDue++;
    if (staffed) daysStaffed++;
    else gaps.push(d);
  }
  return { daysDue, daysStaffed, gaps };
}

/** Whether the hall opens on a Shanghai date: a closed day owes no duty and takes no sign-in. */
export function isOpenOn(openWeekdays: readonly number[], day: string): boolean {
  return openWeekdays.includes(isoWeekday(day));
}

/** Days staffed ÷ days due; null when nothing was due. */
export function dutyRate(c: Pick<DutyCoverage, 'daysDue' | 'daysStaffed'>): number | null {
  return c.daysDue === 0 ? null : c.daysStaffed / c.daysDue;
}

/**
 * A name as the public may see it (DOMAIN.md "Public disclosure": names to 张*): the first character and one
 * star, whatever the name's length, so the length is not told either. A name of one character is all star.
 */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return `${chars[0]}*`;
}

/** "周一至周五" / "周一、周三、周五" / "Mon–Fri" for the hall's open weekdays. */
export function weekdaysText(days: readonly number[], lang: 'zh' | 'en'): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 0) return lang === 'zh' ? '暂不开放' : 'closed';
  if (sorted.length === 7) return lang === 'zh' ? '每天' : 'every day';
  const run = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (run)
    return lang === 'zh'
      ? `${WEEKDAY_LABELS[sorted[0]!]!.zh}至${WEEKDAY_LABELS[sorted.at(-1)!]!.zh}`
      : `${WEEKDAY_LABELS[sorted[0]!]!.en}–${WEEKDAY_LABELS[sorted.at(-1)!]!.en}`;
  return sorted.map((d) => WEEKDAY_LABELS[d]![lang]).join(lang === 'zh' ? '、' : ', ');
}
