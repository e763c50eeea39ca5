import { describe, expect, it } from 'vitest';
import { joinMeasures, splitMeasures } from './ledger-sheet.ts';

describe('a problem’s measures in one cell', () => {
  it('come back as they went: one as it is, several numbered a line each', () => {
    for (const measures of [[], ['召开支委会研究'], ['召开支委会研究\n报街道审核'], ['制定方案', '完成扩建并投入使用', '建立长效机制']]) {
      const cell = joinMeasures(measures);
      expect(cell === null ? [] : splitMeasures(cell)).toEqual(measures);
    }
  });

  it('read a sheet’s own numbering: 1、 （2） 3． and lines under a number belong to it', () => {
    expect(splitMeasures('1、制定扩建方案\n（2）报区财政局评审\n3．完成扩建')).toEqual(['制定扩建方案', '报区财政局评审', '完成扩建']);
    expect(splitMeasures('1. 制定方案\n  含预算\n2. 施工')).toEqual(['制定方案\n  含预算', '施工']);
  });

  it('keep one measure whole when its lines are not numbered 1, 2, 3 … from the first', () => {
    expect(splitMeasures('制定扩建方案\n完成扩建并投入使用')).toEqual(['制定扩建方案\n完成扩建并投入使用']);
    expect(splitMeasures('2. 报区财政局评审\n3. 完成扩建')).toEqual(['2. 报区财政局评审\n3. 完成扩建']);
    expect(splitMeasures('1. 只有一条')).toEqual(['1. 只有一条']);
    expect(splitMeasures('2026年完成\n2027年验收')).toEqual(['2026年完成\n2027年验收']);
  });
});
