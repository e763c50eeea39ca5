import { describe, expect, it } from 'vitest';
import { dayWords, formatDateTime, formatRate, monthWords, shortId } from './format.ts';

describe('formatDateTime', () => {
  it('shows UTC instants in Shanghai time', () => {
    expect(formatDateTime('2016-04-08T16:30:05.123Z')).toBe('2016-04-09 00:30:05');
  });

  it('leaves empty and unparsable values readable', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('shortId', () => {
  it('keeps the end of a UUID: a UUIDv7 begins with its time, the same for records made together', () => {
    expect(shortId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('2e3f4a5b');
    expect(shortId('01a24765-0000-7000-8000-00000000aaaa')).not.toBe(shortId('01a24765-0000-7000-8000-00000000bbbb'));
  });
});

describe('dayWords and monthWords', () => {
  it('write a day and a month in Chinese or in English, never a Chinese date in the English app', () => {
    expect(dayWords('2026-11-30', 'zh')).toBe('2026年11月30日');
    expect(dayWords('2026-01-05', 'en')).toBe('5 January 2026');
    expect(monthWords('2026-11', 'zh')).toBe('2026年11月');
    expect(monthWords('2026-12', 'en')).toBe('December 2026');
    expect(dayWords('2026-12-01', 'en')).not.toMatch(/[年月日]/);
  });
});

describe('formatRate', () => {
  it('always shows one decimal, so that a column of rates lines up', () => {
    expect(formatRate(0.84)).toBe('84.0%');
    expect(formatRate(0.714)).toBe('71.4%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(0.4567)).toBe('45.7%');
  });
  it('shows a dash when there is nothing to divide', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });
});
