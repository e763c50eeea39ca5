import { describe, expect, it } from 'vitest';
import { seededRandom } from '../server/testing/seeded-random.ts';
import { lowerBound, replaceSorted } from './sorted-lists.ts';

interface Item {
  key: number;
  id: number;
}
const compare = (a: Item, b: Item) => a.key - b.key || a.id - b.id;

describe('replaceSorted', () => {
  it('equals taking out, putting in and sorting again, for lists and changes of every size', () => {
    const random = seededRandom(7);
    let id = 0;
    const item = (): Item => ({ key: Math.floor(random() * 50), id: ++id });
    for (let round = 0; round < 300; round++) {
      const list = Array.from({ length: Math.floor(random() * 200) }, item).sort(compare);
      const out = list.filter(() => random() < (round % 2 ? 0.05 : 0.4));
      // Some of `out` are not in the list (another list's items): they are passed over.
      const strangers = Array.from({ length: Math.floor(random() * 3) }, item);
      // Put back: new items, and copies of some taken out (a unit built again unchanged compares equal to its old self).
      const put = [
        ...Array.from({ length: Math.floor(random() * (round % 3 ? 5 : 80)) }, item),
        ...out.filter(() => random() < 0.3).map((x) => ({ ...x })),
      ];
      const before = list.slice();
      // An item named twice is taken out once.
      const got = replaceSorted(list, [...out, ...strangers, ...out.slice(0, 2)], put, compare);
      const expected = [...list.filter((x) => !out.includes(x)), ...put].sort(compare);
      expect(got).toEqual(expected);
      expect(got.every((x, i) => i === 0 || compare(got[i - 1]!, x) < 0)).toBe(true);
      // The list given is not changed.
      expect(list).toEqual(before);
    }
  });

  it('takes a few items out of a long list by binary search, and many by passing over it, alike', () => {
    const random = seededRandom(11);
    const list = Array.from({ length: 5000 }, (_, id) => ({ key: Math.floor(random() * 400), id })).sort(compare);
    // 10 and 100 items: found by binary search (10 × 13 and 100 × 13 comparisons < 5,000); 2,000: a pass over it.
    for (const n of [10, 100, 2000]) {
      const out = list.filter((_, i) => i % Math.floor(5000 / n) === 0).slice(0, n);
      const put = out.slice(0, n / 2).map((x) => ({ ...x, key: x.key + 1 }));
      const got = replaceSorted(list, out, put, compare);
      expect(got).toEqual([...list.filter((x) => !out.includes(x)), ...put].sort(compare));
    }
  });

  it('lowerBound finds an item, or where it goes, from a given start', () => {
    const list = [1, 3, 3, 5, 7].map((key, i) => ({ key, id: i }));
    const by = (key: number, id = 0) => lowerBound(list, { key, id }, compare);
    expect([by(0), by(1), by(3), by(4), by(7, 99)]).toEqual([0, 0, 1, 3, 5]);
    expect(lowerBound(list, { key: 1, id: 0 }, compare, 2)).toBe(2);
  });
});
