import { describe, expect, it } from 'vitest';
import type { OrganizationTreeNode } from '../../domain/contracts/organizations.ts';
import { ancestorIds, filterTree, indexTree, withoutArchived } from './org-tree.ts';

function node(id: string, name: string, children: OrganizationTreeNode[] = [], archived = false): OrganizationTreeNode {
  return {
    id,
    parentId: null,
    kind: 'village',
    name,
    code: null,
    isSample: false,
    archived,
    archivedAt: null,
    depth: 0,
    version: 1,
    createdAt: '2016-04-01T00:00:00.000Z',
    updatedAt: '2016-04-01T00:00:00.000Z',
    children,
  };
}

const tree = [
  node('d', '渭南高新区', [
    node('s1', '良田办', [node('v1', '良田村'), node('v2', '上庄村', [node('b1', '上庄村党支部')])]),
    node('s2', '白杨街道', [node('v3', '张东村'), node('v4', '旧村', [], true)]),
  ]),
];

describe('filterTree', () => {
  it('keeps matches with the path to them and expands that path', () => {
    const result = filterTree(tree, '张东');
    expect([...result.matchIds]).toEqual(['v3']);
    expect([...result.expandIds].sort()).toEqual(['d', 's2']);
    const names = result.roots[0]?.children.map((c) => c.name);
    expect(names).toEqual(['白杨街道']);
  });

  it('keeps the whole subtree under a match', () => {
    const result = filterTree(tree, '上庄村');
    const shangzhuang = result.roots[0]?.children[0]?.children[0];
    expect(shangzhuang?.children.map((c) => c.name)).toEqual(['上庄村党支部']);
    expect(result.matchIds.has('b1')).toBe(true);
    expect(result.expandIds.has('v2')).toBe(true);
  });

  it('returns the tree unchanged for an empty query', () => {
    expect(filterTree(tree, '  ').roots).toEqual(tree);
  });
});

describe('tree index', () => {
  it('lists ancestors from the top down', () => {
    expect(ancestorIds(indexTree(tree), 'b1')).toEqual(['d', 's1', 'v2']);
  });

  it('drops archived nodes', () => {
    const names = withoutArchived(tree)[0]?.children[1]?.children.map((c) => c.name);
    expect(names).toEqual(['张东村']);
  });
});
