import { describe, expect, it } from 'vitest';
import { dayWords, formatDateTime, monthWords, shortId } from './format.ts';

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
