import { describe, expect, it } from 'vitest';
import { type ItemInput, itemScore, itemStanding, scoreShare, villageScore } from './village-score.ts';

const item = (over: Partial<ItemInput>): ItemInput => ({ weight: 5, applicable: true, result: 'meets', unsettledProblems: 0, ...over });

describe('village score against the standard', () => {
  it('scores an item that met the standard at inspection in full', () => {
    expect(itemStanding(item({}))).toBe('met');
    expect(itemScore(item({ weight: 8 }))).toBe(8);
  });

  it('scores a failing item only once every problem under it is settled (closed or withdrawn)', () => {
    expect(itemStanding(item({ result: 'fails', unsettledProblems: 2 }))).toBe('failing');
    expect(itemScore(item({ result: 'fails', unsettledProblems: 1 }))).toBe(0);
    expect(itemStanding(item({ result: 'fails', unsettledProblems: 0 }))).toBe('rectified');
    expect(itemScore(item({ result: 'fails', unsettledProblems: 0, weight: 6 }))).toBe(6);
  });

  it('counts items that do not apply, or were recorded 不适用, as met', () => {
    expect(itemStanding(item({ applicable: false, result: null }))).toBe('not_applicable');
    expect(itemScore(item({ applicable: false, result: null }))).toBe(5);
    expect(itemScore(item({ result: 'na' }))).toBe(5);
  });

  it('gives nothing for an applicable item not yet recorded', () => {
    expect(itemStanding(item({ result: null }))).toBe('pending');
    expect(itemScore(item({ result: null }))).toBe(0);
  });

  it('adds the items up out of the standard total, counting failing and pending ones', () => {
    const s = villageScore([
      item({ weight: 40 }),
      item({ weight: 20, result: 'fails', unsettledProblems: 1 }),
      item({ weight: 15, result: 'fails' }),
      item({ weight: 10, applicable: false, result: null }),
      item({ weight: 15, result: null }),
    ]);
    expect(s).toEqual({ score: 65, max: 100, itemsScoring: 3, items: 5, failing: 1, pending: 1 });
    expect(scoreShare(s)).toBe(0.65);
  });

  it('has no share without items (nothing to measure)', () => {
    expect(villageScore([])).toMatchObject({ score: 0, max: 0 });
    expect(scoreShare(villageScore([]))).toBeNull();
  });

  it('drops back to 0 for an item whose closed problem is reopened (回头看)', () => {
    const before = villageScore([item({ weight: 100, result: 'fails', unsettledProblems: 0 })]);
    const after = villageScore([item({ weight: 100, result: 'fails', unsettledProblems: 1 })]);
    expect([before.score, after.score]).toEqual([100, 0]);
  });
});
