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
      const put = Array.from({ length: Math.floor(random() * (round % 3 ? 5 : 80)) }, item);
      const before = list.slice();
      const got = replaceSorted(list, [...out, ...strangers], put, compare);
      const expected = [...list.filter((x) => !out.includes(x)), ...put].sort(compare);
      expect(got).toEqual(expected);
      expect(got.every((x, i) => i === 0 || compare(got[i - 1]!, x) < 0)).toBe(true);
      // The list given is not changed.
      expect(list).toEqual(before);
    }
  });

  it('lowerBound finds an item, or where it goes, from a given start', () => {
    const list = [1, 3, 3, 5, 7].map((key, i) => ({ key, id: i }));
    const by = (key: number, id = 0) => lowerBound(list, { key, id }, compare);
    expect([by(0), by(1), by(3), by(4), by(7, 99)]).toEqual([0, 0, 1, 3, 5]);
    expect(lowerBound(list, { key: 1, id: 0 }, compare, 2)).toBe(2);
  });
});
