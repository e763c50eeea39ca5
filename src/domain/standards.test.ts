import { describe, expect, it } from 'vitest';
import {
  checkItemApplies,
  compareVersions,
  publishProblems,
  totalWeight,
  versionActions,
  type CheckItemContent,
  type VersionContent,
} from './standards.ts';

const item = (code: string, areaCode: string, extra: Partial<CheckItemContent> = {}): CheckItemContent => ({
  code,
  areaCode,
  title: `检查项${code}`,
  criterion: `标准${code}`,
  weight: 5,
  expectedEvidence: '照片',
  appliesTo: 'both',
  ...extra,
});

const base: VersionContent = {
  areas: [
    { code: 'ZZSZ', name: '组织设置' },
    { code: 'ZDJS', name: '阵地建设' },
  ],
  items: [item('ZZSZ-01', 'ZZSZ'), item('ZZSZ-02', 'ZZSZ'), item('ZDJS-01', 'ZDJS', { criterion: '村级活动场所面积不少于200平方米' })],
};

describe('compareVersions', () => {
  it('finds nothing between a version and its copy', () => {
    const diff = compareVersions(base, structuredClone(base));
    expect(diff.areas).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.items).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.summary).toMatchObject({ itemsUnchanged: 3, totalWeightFrom: 15, totalWeightTo: 15 });
  });

  it('matches by code and reports added, removed and field-level changes', () => {
    const next: VersionContent = {
      areas: [
        { code: 'ZZSZ', name: '组织建设' },
        { code: 'DJHD', name: '党建活动' },
      ],
      items: [
        item('ZZSZ-01', 'ZZSZ', { weight: 8, title: '按期换届' }),
        item('ZDJS-01', 'ZZSZ', { criterion: '村级活动场所面积不少于200平方米' }),
        item('DJHD-01', 'DJHD'),
      ],
    };
    const diff = compareVersions(base, next);
    expect(diff.areas.added).toEqual([{ code: 'DJHD', name: '党建活动' }]);
    expect(diff.areas.removed).toEqual([{ code: 'ZDJS', name: '阵地建设' }]);
    expect(diff.areas.changed).toEqual([
      { code: 'ZZSZ', name: '组织建设', changes: [{ field: 'name', from: '组织设置', to: '组织建设' }] },
    ]);
    expect(diff.items.added.map((i) => i.code)).toEqual(['DJHD-01']);
    expect(diff.items.removed.map((i) => i.code)).toEqual(['ZZSZ-02']);
    expect(diff.items.changed).toEqual([
      {
        code: 'ZZSZ-01',
        title: '按期换届',
        areaCode: 'ZZSZ',
        changes: [
          { field: 'title', from: '检查项ZZSZ-01', to: '按期换届' },
          { field: 'weight', from: 5, to: 8 },
        ],
      },
      // An item moved to another area keeps its code: it is changed, not removed and added.
      { code: 'ZDJS-01', title: '检查项ZDJS-01', areaCode: 'ZZSZ', changes: [{ field: 'areaCode', from: 'ZDJS', to: 'ZZSZ' }] },
    ]);
    expect(diff.summary).toEqual({
      areasAdded: 1,
      areasRemoved: 1,
      areasChanged: 1,
      itemsAdded: 1,
      itemsRemoved: 1,
      itemsChanged: 2,
      itemsUnchanged: 0,
      totalWeightFrom: 15,
      totalWeightTo: 18,
    });
  });

  it('reports evidence and applies-to changes, and reads in either direction', () => {
    const next: VersionContent = {
      ...base,
      items: base.items.map((i) => (i.code === 'ZZSZ-02' ? { ...i, expectedEvidence: '会议记录', appliesTo: 'village' } : i)),
    };
    expect(compareVersions(base, next).items.changed[0]!.changes).toEqual([
      { field: 'expectedEvidence', from: '照片', to: '会议记录' },
      { field: 'appliesTo', from: 'both', to: 'village' },
    ]);
    const back = compareVersions(next, base);
    expect(back.items.changed[0]!.changes[1]).toEqual({ field: 'appliesTo', from: 'village', to: 'both' });
  });

  it('compares against an empty version', () => {
    const diff = compareVersions({ areas: [], items: [] }, base);
    expect(diff.summary).toMatchObject({ areasAdded: 2, itemsAdded: 3, totalWeightFrom: 0, totalWeightTo: 15 });
  });
});

describe('publishProblems', () => {
  // base weighs 3 × 5 = 15.
  it('needs at least one area', () => {
    expect(publishProblems({ areas: [], items: [] }, 100)).toHaveLength(1);
  });
  it('names every area without items', () => {
    const problems = publishProblems({ areas: [...base.areas, { code: 'DATZ', name: '档案台账' }], items: base.items }, 15);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('档案台账');
  });
  it('is empty for a complete version whose weights make the total', () => {
    expect(publishProblems(base, 15)).toEqual([]);
  });
  it('refuses weights that do not add up to the total, saying both sums', () => {
    const problems = publishProblems(base, 100);
    expect(problems).toEqual([expect.stringContaining('检查项分值合计为 15 分，应为 100 分')]);
    expect(problems[0]).toContain('they must total 100');
    const heavy = { ...base, items: [...base.items, item('ZDJS-02', 'ZDJS', { weight: 90 })] };
    expect(publishProblems(heavy, 100)).toEqual([expect.stringContaining('合计为 105 分')]);
    expect(publishProblems({ ...base, items: [...base.items, item('ZDJS-02', 'ZDJS', { weight: 85 })] }, 100)).toEqual([]);
  });
});

describe('versionActions', () => {
  it('lets managers edit and publish drafts, and copy a published version when no draft exists', () => {
    expect(versionActions('draft', true, true)).toEqual(['edit', 'publish']);
    expect(versionActions('published', true, false)).toEqual(['createDraft']);
    expect(versionActions('published', true, true)).toEqual([]);
  });
  it('gives readers nothing', () => {
    expect(versionActions('draft', false, true)).toEqual([]);
    expect(versionActions('published', false, false)).toEqual([]);
  });
});

describe('checkItemApplies', () => {
  it('applies village items to villages, community items to communities, both to both', () => {
    expect(checkItemApplies('village', 'village')).toBe(true);
    expect(checkItemApplies('village', 'community')).toBe(false);
    expect(checkItemApplies('community', 'community')).toBe(true);
    expect(checkItemApplies('both', 'community')).toBe(true);
    expect(checkItemApplies('both', 'subdistrict')).toBe(false);
  });
});

it('totalWeight adds the weights', () => {
  expect(totalWeight(base.items)).toBe(15);
});
