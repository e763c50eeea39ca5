import { addDays, isProgramDate, shanghaiDate, shanghaiDayStart } from './time.ts';

/**
 * Week and month math of the program's rhythm (DOMAIN.md): a week runs from
 * Monday 00:00 to Sunday 24:00 Asia/Shanghai; weeks are named by their Monday
 * (`YYYY-MM-DD`), months by `YYYY-MM`. Pure, and independent of the server's zone.
 */

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the week holding a calendar date. */
export function weekStartOfDate(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The Monday (Shanghai) of the week holding an instant. */
export function weekStartOf(instant: Date): string {
  return weekStartOfDate(shanghaiDate(instant));
}

/** True for a calendar date that is a Monday. */
export function isWeekStart(text: string): boolean {
  // A week of the program: 2000–2999, as months (isMonth).
  return isProgramDate(text) && isoWeekday(text) === 1;
}

/** The Sunday that ends the week. */
export function weekEndDate(weekStart: string): string {
  return addDays(weekStart, 6);
}

export interface Period {
  /** First calendar day (Shanghai). */
  firstDay: string;
  /** Last calendar day (Shanghai), inclusive. */
  lastDay: string;
  /** UTC instant of the first day's 00:00 Shanghai. */
  from: Date;
  /** UTC instant of the day after lastDay, 00:00 Shanghai (exclusive end). */
  to: Date;
}

export function weekPeriod(weekStart: string): Period {
  const lastDay = weekEndDate(weekStart);
  return { firstDay: weekStart, lastDay, from: shanghaiDayStart(weekStart), to: shanghaiDayStart(addDays(lastDay, 1)) };
}

/**
 * True for `YYYY-MM` with a real month of the years 2000–2999. The program began in 2016; the bound keeps month
 * arithmetic (a window reaching months back) inside the dates JavaScript can write: 0000-01 answered 500.
 */
export function isMonth(text: string): boolean {
  return /^2\d{3}-(0[1-9]|1[0-2])$/.test(text);
}

export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}

export function monthOf(instant: Date): string {
  return monthOfDate(shanghaiDate(instant));
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthPeriod(month: string): Period {
  const firstDay = `${month}-01`;
  const lastDay = addDays(`${addMonths(month, 1)}-01`, -1);
  return { firstDay, lastDay, from: shanghaiDayStart(firstDay), to: shanghaiDayStart(addDays(lastDay, 1)) };
}

/** The weeks (Mondays) whose Sunday falls in the month: the weeks a month's figures count. */
export function weeksEndingInMonth(month: string): string[] {
  const { firstDay, lastDay } = monthPeriod(month);
  const weeks: string[] = [];
  for (let sunday = addDays(weekStartOfDate(firstDay), 6); sunday <= lastDay; sunday = addDays(sunday, 7)) {
    if (sunday >= firstDay) weeks.push(addDays(sunday, -6));
  }
  return weeks;
}

/** Every Monday from `from` to `to`, both included (both must be Mondays). */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let w = from; w <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/**
 * The last month that has fully ended at `now` (Shanghai): what rankings,
 * interview candidates and the circular show by default, since a month three
 * days old would show every village at 100 %.
 */
export function lastCompleteMonth(now: Date): string {
  return addMonths(monthOf(now), -1);
}

/** The last week that has fully ended at `now` (its Sunday 24:00 Shanghai is past). */
export function lastCompletedWeek(now: Date): string {
  return addDays(weekStartOf(now), -7);
}

/** The instant a week's report is due: weekday (1–7) at HH:MM Shanghai of that week. */
export function reportDueAt(weekStart: string, dueWeekday: number, dueTime: string): Date {
  const [h, m] = dueTime.split(':').map(Number) as [number, number];
  return new Date(shanghaiDayStart(addDays(weekStart, dueWeekday - 1)).getTime() + (h * 60 + m) * 60_000);
}

/** "2026年11月第4周（11月23日—11月29日）"-style label parts, for both languages. */
export function weekLabel(weekStart: string, lang: 'zh' | 'en'): string {
  const end = weekEndDate(weekStart);
  const md = (d: string) => (lang === 'zh' ? `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : d.slice(5));
  return lang === 'zh' ? `${weekStart.slice(0, 4)}年${md(weekStart)}—${md(end)}` : `${weekStart} – ${end}`;
}

export function monthLabel(month: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月` : month;
}

/** 2026-11 → 2026年11月 */
export function chineseMonth(month: string): string {
  return monthLabel(month, 'zh');
}

/** 2026-12-05 → 12月5日 */
export function chineseMonthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
