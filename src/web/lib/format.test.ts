import { describe, expect, it } from 'vitest';
import { formatDateTime, shortId } from './format.ts';

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
  it('keeps the first block of a UUID', () => {
    expect(shortId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('0190a1b2');
  });
});
