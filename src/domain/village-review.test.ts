import { describe, expect, it } from 'vitest';
import { countReview, normaliseOutcome, planStanding } from './village-review.ts';

describe('the 两委会 outcome of a problem', () => {
  it('needs a reason when disputed, and drops a stray one when confirmed', () => {
    expect(normaliseOutcome({ outcome: 'disputed', reason: '  ' })).toBeNull();
    expect(normaliseOutcome({ outcome: 'disputed' })).toBeNull();
    expect(normaliseOutcome({ outcome: 'disputed', reason: ' 已于排查前整改 ' })).toEqual({
      outcome: 'disputed',
      reason: '已于排查前整改',
    });
    expect(normaliseOutcome({ outcome: 'confirmed', reason: '属实' })).toEqual({ outcome: 'confirmed', reason: null });
  });

  it('puts confirmed and upheld disputes in the plan, leaves withdrawn ones out, and waits for unreviewed ones', () => {
    expect(planStanding({ status: 'open', outcome: 'confirmed' })).toBe('verified');
    expect(planStanding({ status: 'rectifying', outcome: 'disputed' })).toBe('verified');
    expect(planStanding({ status: 'withdrawn', outcome: 'disputed' })).toBe('withdrawn');
    expect(planStanding({ status: 'open', outcome: null })).toBe('unreviewed');
  });

  it('counts a withdrawn problem only as withdrawn', () => {
    expect(
      countReview([
        { withdrawn: false, outcome: 'confirmed', n: 3 },
        { withdrawn: false, outcome: 'disputed' },
        { withdrawn: true, outcome: 'disputed' },
        { withdrawn: false, outcome: null, n: 2 },
      ]),
    ).toEqual({ problems: 7, confirmed: 3, disputed: 1, unreviewed: 2, withdrawn: 1 });
  });
});
