import { describe, expect, it } from 'vitest';
import { zh } from '../../i18n/zh.ts';
import { historyTextLabel, isReasonAgainst } from './timeline-text.ts';

describe("a timeline step's text", () => {
  it("is the village's account on 申请验收, not a reason in orange", () => {
    expect(zh[historyTextLabel('submit')]).toBe('整改情况');
    expect(isReasonAgainst('submit')).toBe(false);
  });

  it('is the opinion of an acceptance, and the reason of a send-back, a reopening or a withdrawal', () => {
    expect(zh[historyTextLabel('accept')]).toBe('验收意见');
    expect(isReasonAgainst('accept')).toBe(false);
    for (const action of ['reject', 'reopen', 'withdraw']) {
      expect(zh[historyTextLabel(action)]).toBe('原因');
      expect(isReasonAgainst(action)).toBe(true);
    }
  });
});
