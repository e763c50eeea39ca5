import { describe, expect, it } from 'vitest';
import { resultChoices } from './checklist-choices.ts';

describe('resultChoices', () => {
  it('offers every result for an item without a problem', () => {
    expect(resultChoices({ problemId: null })).toEqual(['meets', 'fails', 'na']);
  });

  it('offers neither 达标 nor 不适用 once the item became a problem (the server answers 422)', () => {
    expect(resultChoices({ problemId: '01a2-problem' })).toEqual(['fails']);
  });
});
