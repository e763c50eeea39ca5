import { describe, expect, it } from 'vitest';
import { assignableVillages } from './visit-villages.ts';

describe('assignableVillages', () => {
  it('offers only the villages the user may assign a task to', () => {
    const organizations = [
      { id: 'a', name: '大闵村', assignable: true },
      { id: 'b', name: '张东村', assignable: false },
      { id: 'c', name: '麻李村', assignable: true },
    ];
    expect(assignableVillages({ organizations })).toEqual([
      { value: 'a', label: '大闵村' },
      { value: 'c', label: '麻李村' },
    ]);
  });

  it('offers nothing without a visit', () => {
    expect(assignableVillages(null)).toEqual([]);
  });
});
