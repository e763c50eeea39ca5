import { describe, expect, it } from 'vitest';
import { buildPath, canBeChildOf, isInSubtree, ORGANIZATION_KINDS, pathIds, subtreeUpperBound } from './organizations.ts';

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
