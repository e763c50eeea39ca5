import { describe, expect, it } from 'vitest';
import { buildPlanContent, defaultPreamble, planActionsFrom, type PlanSourceProblem } from './village-plan.ts';

const problem = (id: string, code: string, area: [string, string, number] | null, itemOrder = 0): PlanSourceProblem => ({
  id,
  code,
  description: `问题${code}`,
  leadOfficial: '王书记',
  ownerName: '李四',
  responsibleUnit: '上庄村',
  dueOn: '2026-12-31',
  checkItemCode: area ? `${area[0]}-0${itemOrder + 1}` : null,
  checkItemTitle: area ? '检查项' : null,
  checkItemOrder: area ? itemOrder : null,
  areaCode: area?.[0] ?? null,
  areaName: area?.[1] ?? null,
  areaOrder: area?.[2] ?? null,
});

describe('buildPlanContent', () => {
  it('groups problems by area in the standard order, 其他 last, each with the measures serving it', () => {
    const zdjs: [string, string, number] = ['ZDJS', '阵地建设', 2];
    const zzsz: [string, string, number] = ['ZZSZ', '组织设置', 0];
    const content = buildPlanContent(
      [problem('a', 'WT-1', zdjs, 1), problem('b', 'WT-2', zzsz), problem('c', 'WT-3', null), problem('d', 'WT-4', zdjs, 0)],
      [
        {
          id: 'm2',
          description: '共同措施',
          ownerName: '张三',
          dueOn: '2026-12-20',
          createdAt: '2026-11-02',
          problemIds: ['a', 'd', 'gone'],
        },
        { id: 'm1', description: '措施一', ownerName: null, dueOn: null, createdAt: '2026-11-01', problemIds: ['a'] },
      ],
      '2026-11-05',
      1,
    );
    expect(content.areas.map((a) => a.name)).toEqual(['组织设置', '阵地建设', '其他']);
    expect(content.areas[1]!.problems.map((p) => p.code)).toEqual(['WT-4', 'WT-1']);
    const a = content.areas[1]!.problems[1]!;
    // Oldest measure first; a shared one names the other problems of the plan it serves (not those left out).
    expect(a.measures.map((m) => m.description)).toEqual(['措施一', '共同措施']);
    expect(a.measures[1]!.alsoFor).toEqual(['WT-4']);
    expect(content.totals).toEqual({ problems: 4, measures: 2, withdrawn: 1 });
  });
});

describe('the plan workflow', () => {
  it('edits, refreshes and approves drafts only; an approved or superseded version is frozen', () => {
    expect(planActionsFrom('draft')).toEqual(['edit', 'regenerate', 'approve']);
    expect(planActionsFrom('approved')).toEqual([]);
    expect(planActionsFrom('superseded')).toEqual([]);
  });

  it('writes the preamble from the notice, the standard and the review', () => {
    const text = defaultPreamble({
      villageName: '上庄村',
      groupName: '第一包联组',
      noticeTitle: '《关于进一步加强农村基层组织规范化建设的通知》',
      standardTitle: '渭南高新区村级党组织规范化建设标准（2026年版）',
      reviewHeldOn: '2026-10-30',
      totals: { problems: 14, measures: 17, withdrawn: 1 },
    });
    expect(text).toContain(
      '根据《关于进一步加强农村基层组织规范化建设的通知》要求，对照《渭南高新区村级党组织规范化建设标准（2026年版）》',
    );
    expect(text).toContain('2026年10月30日，上庄村召开村“两委”会');
    expect(text).toContain('其中1个问题经核实不属实，已予撤销');
    expect(text).toContain('确认需要整改的问题14个，研究提出整改措施17项');
  });
});
