import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zh } from './zh.ts';

describe('the English dictionary', () => {
  it('uses ASCII colons and brackets, never the full-width ones of the Chinese', () => {
    const wrong = Object.entries(en).filter(([, text]) => /[：（）；，。]/.test(text));
    expect(wrong).toEqual([]);
  });

  it('gives each language its colon for "label: value" (common.colon)', () => {
    expect(zh['common.colon']).toBe('：');
    expect(en['common.colon']).toBe(': ');
  });
});
