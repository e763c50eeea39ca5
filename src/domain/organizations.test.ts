import { describe, expect, it } from 'vitest';
import {
  buildPath,
  canBeChildOf,
  isInSubtree,
  levelsThatFit,
  ORGANIZATION_KINDS,
  pathIds,
  rowsThatFit,
  subtreeUpperBound,
} from './organizations.ts';

describe('canBeChildOf', () => {
  it('allows the district → subdistrict → village/community → branch shape', () => {
    expect(canBeChildOf('district', null)).toBe(true);
    expect(canBeChildOf('subdistrict', 'district')).toBe(true);
    expect(canBeChildOf('village', 'subdistrict')).toBe(true);
    expect(canBeChildOf('community', 'subdistrict')).toBe(true);
    expect(canBeChildOf('branch', 'village')).toBe(true);
    expect(canBeChildOf('branch', 'community')).toBe(true);
  });

  it('lets a Party branch sit directly under a subdistrict or the district (机关支部)', () => {
    expect(canBeChildOf('branch', 'subdistrict')).toBe(true);
    expect(canBeChildOf('branch', 'district')).toBe(true);
  });

  it('refuses the shapes that make no sense', () => {
    expect(canBeChildOf('village', 'district')).toBe(false);
    expect(canBeChildOf('village', 'village')).toBe(false);
    expect(canBeChildOf('subdistrict', 'village')).toBe(false);
    expect(canBeChildOf('district', 'district')).toBe(false);
    expect(canBeChildOf('branch', 'branch')).toBe(false);
  });

  it('allows only a district as a root', () => {
    expect(ORGANIZATION_KINDS.filter((k) => canBeChildOf(k, null))).toEqual(['district']);
  });
});

describe('materialized paths', () => {
  const rootId = '0190a000-0000-7000-8000-000000000001';
  const subId = '0190a000-0000-7000-8000-000000000002';
  const villageId = '0190a000-0000-7000-8000-000000000003';
  const root = buildPath(null, rootId);
  const sub = buildPath(root, subId);
  const village = buildPath(sub, villageId);

  it('builds /root/…/own/ paths that list their ids top-down', () => {
    expect(root).toBe(`/${rootId}/`);
    expect(village).toBe(`/${rootId}/${subId}/${villageId}/`);
    expect(pathIds(village)).toEqual([rootId, subId, villageId]);
  });

  it('puts every descendant, and nothing else, inside [path, upper bound)', () => {
    const bound = subtreeUpperBound(sub);
    const inside = [sub, village, buildPath(village, 'ffffffff-ffff-7fff-bfff-ffffffffffff'), `${sub}zzzz/`];
    for (const p of inside) {
      expect(p >= sub && p < bound).toBe(true);
      expect(isInSubtree(p, sub)).toBe(true);
    }
    // The parent, siblings whose ids extend this one's id (UUIDs contain '-', which sorts below '/'), and siblings either side.
    const outside = [
      root,
      `${sub.slice(0, -1)}-x/`,
      `${sub.slice(0, -1)}0/`,
      `${sub.slice(0, -1)}a/`,
      buildPath(root, '0190a000-0000-7000-8000-000000000001'),
      buildPath(root, 'ffffffff'),
    ];
    for (const p of outside) {
      expect(p >= sub && p < bound).toBe(false);
      expect(isInSubtree(p, sub)).toBe(false);
    }
  });

  it('bounds with the character right after "/"', () => {
    expect(subtreeUpperBound('/a/b/')).toBe('/a/b0');
    expect('/'.charCodeAt(0) + 1).toBe('0'.charCodeAt(0));
  });
});

describe('levelsThatFit', () => {
  const province = [
    { depth: 0, count: 1 },
    { depth: 1, count: 100 },
    { depth: 2, count: 20_000 },
  ];

  it('sends every level of a tree that fits, and stops above the level that would not', () => {
    expect(levelsThatFit(province, 30_000)).toBe(2);
    expect(levelsThatFit(province, 20_101)).toBe(2);
    expect(levelsThatFit(province, 20_100)).toBe(1);
    expect(levelsThatFit(province, 101)).toBe(1);
    expect(levelsThatFit(province, 100)).toBe(0);
  });

  it('always sends the first level, however large; nothing when there is nothing', () => {
    expect(levelsThatFit([{ depth: 2, count: 5_000 }], 2_000)).toBe(2);
    expect(levelsThatFit([], 2_000)).toBeUndefined();
  });
});

describe('rowsThatFit', () => {
  const row = (name: string, depth: number) => ({ name, depth });
  // A province in tree order: each subdistrict followed by its villages.
  const province = Array.from({ length: 4 }, (_, s) => [
    row(`s${s}`, 1),
    ...Array.from({ length: 300 }, (_, v) => row(`s${s}v${v}`, 2)),
  ]).flat();

  it('keeps a table that fits whole', () => {
    expect(rowsThatFit(province, 2_000)).toEqual({ rows: province, leftOut: 0 });
    expect(rowsThatFit(province.slice(0, 10))).toEqual({ rows: province.slice(0, 10), leftOut: 0 });
  });

  it('keeps the levels that fit, in their order, and counts the rest', () => {
    const cut = rowsThatFit(province, 500);
    expect(cut.rows.map((r) => r.name)).toEqual(['s0', 's1', 's2', 's3']);
    expect(cut.leftOut).toBe(1_200);
  });

  it('keeps the first level however long it is', () => {
    const flat = Array.from({ length: 800 }, (_, i) => row(`v${i}`, 2));
    expect(rowsThatFit(flat, 500)).toEqual({ rows: flat, leftOut: 0 });
  });
});
