import { describe, expect, it } from 'vitest';
import { prefersMinimal } from './prefer.ts';

describe('prefersMinimal (RFC 7240 Prefer header)', () => {
  it('finds return=minimal however it is written', () => {
    for (const h of [
      'return=minimal',
      'Return=Minimal',
      ' return = minimal ',
      'return="minimal"',
      'respond-async, return=minimal',
      'return=minimal; foo=bar',
    ]) {
      expect(prefersMinimal(h), h).toBe(true);
    }
    expect(prefersMinimal(['wait=10', 'return=minimal'])).toBe(true);
  });

  it('keeps the whole answer otherwise', () => {
    for (const h of [
      undefined,
      '',
      'return=representation',
      'respond-async',
      'minimal',
      'return',
      'return=minimalist',
      'x-return=minimal',
    ]) {
      expect(prefersMinimal(h), String(h)).toBe(false);
    }
  });

  it('takes the first of a preference given twice', () => {
    expect(prefersMinimal('return=representation, return=minimal')).toBe(false);
    expect(prefersMinimal('return=minimal, return=representation')).toBe(true);
    expect(prefersMinimal(['return=representation', 'return=minimal'])).toBe(false);
  });
});
