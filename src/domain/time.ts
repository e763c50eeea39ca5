/** Calendar math in Asia/Shanghai (UTC+8, no daylight saving), whatever the server's zone. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

let lastInstant = Number.NaN;
let lastDate = '';

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  // A list asks this of the same `now` several times per row (overdue, days overdue, due soon): the last answer is kept.
  const t = instant.getTime();
  if (t !== lastInstant) {
    lastDate = new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
    lastInstant = t;
  }
  return lastDate;
}

/** The UTC instant at which a Shanghai calendar day starts. */
export function shanghaiDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

/** The UTC instant at which a Shanghai calendar day ends: the next day's start (Shanghai has no DST). */
export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + 24 * 60 * 60 * 1000);
}

/** True for a real YYYY-MM-DD calendar date (not 2026-02-30, not 2026-13-01). */
export function isCalendarDate(text: string): boolean {
  // Years 1900–9999: a Party member may have joined in the 1940s; day arithmetic (addDays) writes four-digit years
  // only, and from 0000-01-03 a loop over weeks never ended (the server hung).
  if (!/^(19\d{2}|[2-9]\d{3})-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** A calendar date of the program's years, 2000–2999 (as weeks and months: cadence.ts isWeekStart, isMonth). */
export function isProgramDate(text: string): boolean {
  return isCalendarDate(text) && text >= '2000-01-01' && text < '3000-01-01';
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 2026-11-30 → 2026年11月30日, the date as official documents write it. */
export function chineseDate(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
