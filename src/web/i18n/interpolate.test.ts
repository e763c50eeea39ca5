import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { interpolate } from './interpolate.ts';

describe('a dictionary text filled in', () => {
  it('puts each value in its place, and leaves a placeholder without one', () => {
    expect(interpolate('{name} has {n} problems', { name: '大闵村', n: 3 })).toBe('大闵村 has 3 problems');
    expect(interpolate('{name} and {other}', { name: 'A' })).toBe('A and {other}');
  });

  it('chooses the singular for one and the plural for any other count', () => {
    const text = '{n} {n|day|days} left';
    expect(interpolate(text, { n: 1 })).toBe('1 day left');
    expect(interpolate(text, { n: 0 })).toBe('0 days left');
    expect(interpolate(text, { n: 2 })).toBe('2 days left');
    expect(interpolate(text, { n: '1' })).toBe('1 day left');
    expect(interpolate(text, {})).toBe('{n} {n|day|days} left');
    const done = '{n|The measure is|All {n} measures are} done';
    expect(interpolate(done, { n: 1 })).toBe('The measure is done');
    expect(interpolate(done, { n: 4 })).toBe('All 4 measures are done');
  });

  it('gives the English counts of days their plural (it said "1 days left")', () => {
    for (const key of [
      'dashboard.village.daysLeft',
      'dashboard.village.overdueDays',
      'dashboard.days',
      'att.daysLeft',
      'att.ended',
      'study.card.daysLeft',
    ] as const)
      expect(interpolate(en[key], { n: 1 }), key).toMatch(/\b1 day\b(?!s)/);
  });

  it('leaves no plural choice of the English dictionary unfilled for one, nor any other count', () => {
    for (const [key, text] of Object.entries(en)) {
      const names = [...text.matchAll(/\{(\w+)\|/g)].map((m) => m[1]!);
      if (names.length === 0) continue;
      for (const n of [1, 2]) {
        const vars = Object.fromEntries([...text.matchAll(/\{(\w+)[|}]/g)].map((m) => [m[1]!, n]));
        expect(interpolate(text, vars), key).not.toMatch(/[{}|]/);
      }
    }
  });
});
