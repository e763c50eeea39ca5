import { describe, expect, it } from 'vitest';
import { isSingleLine } from './common.ts';

describe('a single line of text', () => {
  it('is refused with a control character or a bidirectional override, embedding or isolate', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0000', '\u202e村', '大闵\u202d村', '村\u2066x\u2069', '\u202a大闵村\u202c'])
      expect(isSingleLine(bad), JSON.stringify(bad)).toBe(false);
  });

  it('is refused when made of invisible characters alone, and kept when they sit inside real text', () => {
    for (const invisible of ['\u200b', '\u200b\u200c\u200d', '\u2060', '\ufeff', '\u00a0\u200b', '\u3000'])
      expect(isSingleLine(invisible), JSON.stringify(invisible)).toBe(false);
    for (const ok of ['', '大闵村', '张\u200b三', 'Café au lait', '党员活动室（二楼）', '👍 好'])
      expect(isSingleLine(ok), JSON.stringify(ok)).toBe(true);
  });
});
