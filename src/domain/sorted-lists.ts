/** Sorted lists kept in memory and changed a few items at a time (the organization directory, the weekly list's units). */

export type Compare<T> = (a: T, b: T) => number;

/** The first index of `list` at or after `from` whose item is not `before` (the list holds those that are first). */
export function partitionPoint<T>(list: readonly T[], before: (item: T) => boolean, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `item` is, or goes, in `list` (sorted by `compare`), looking no earlier than `from`. */
export function lowerBound<T>(list: readonly T[], item: T, compare: Compare<T>, from = 0): number {
  return partitionPoint(list, (x) => compare(x, item) < 0, from);
}

/** Up to this many items taken out (put in) are each found by a binary search; more, the list is filtered (merged) once. */
const SEARCHED = 16;

/**
 * A copy of `list`, sorted by `compare` (a strict order: no two of its items compare equal), without the items of
 * `out` (the same objects; those it does not hold are passed over) and with the items of `put` each in its place.
 * Comparisons: about (out + put) × log(list), plus put × log(put); the list is copied once. Sorting the whole list
 * again would compare about list × log(list) times: at 20,000 units and a zh-CN collator ≈ 150 ms.
 */
export function replaceSorted<T>(list: readonly T[], out: readonly T[], put: readonly T[], compare: Compare<T>): T[] {
  let rest: T[];
  if (out.length <= SEARCHED) {
    rest = list.slice();
    for (const item of out) {
      const at = lowerBound(rest, item, compare);
      if (rest[at] === item) rest.splice(at, 1);
    }
  } else {
    const gone = new Set(out);
    rest = list.filter((item) => !gone.has(item));
  }
  if (put.length <= SEARCHED) {
    for (const item of put) rest.splice(lowerBound(rest, item, compare), 0, item);
    return rest;
  }
  const next = new Array<T>(rest.length + put.length);
  let n = 0;
  let from = 0;
  for (const item of [...put].sort(compare)) {
    const at = lowerBound(rest, item, compare, from);
    while (from < at) next[n++] = rest[from++]!;
    next[n++] = item;
  }
  while (from < rest.length) next[n++] = rest[from++]!;
  return next;
}
