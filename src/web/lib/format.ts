import { SHANGHAI_OFFSET_MS } from '../../domain/time.ts';

/** An instant shown as Asia/Shanghai wall-clock time, `YYYY-MM-DD HH:mm:ss`, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A share as a percentage with one decimal, always: "84.0%" next to "71.4%" in one column, not "84%" (the web's
 * one way to write a rate; `null`, nothing to divide, is a dash).
 */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The last eight characters of an id, enough to tell rows apart on screen. Our ids are UUIDv7, whose first block
 * is the time it was made: records made in the same minute (a whole seeded district) shared it.
 */
export function shortId(id: string | null | undefined): string {
  if (!id) return '';
  return id.length > 8 ? id.slice(-8) : id;
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A calendar day (YYYY-MM-DD) in the reader's language: 2026年11月30日, or 30 November 2026. */
export function dayWords(date: string, lang: 'zh' | 'en'): string {
  const [y, m, d] = [date.slice(0, 4), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1] ?? m} ${y}`;
}

/** A month (YYYY-MM) in the reader's language: 2026年11月, or November 2026. */
export function monthWords(month: string, lang: 'zh' | 'en'): string {
  const [y, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
  return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1] ?? m} ${y}`;
}
