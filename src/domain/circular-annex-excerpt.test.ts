import { describe, expect, it } from 'vitest';
import { ANNEX_TABLE_ROWS, annexCutText, annexView, excerptAnnex, parseAnnexView } from './circular-annex-excerpt.ts';
import { type CircularAnnex, type CircularRankingRow, praiseFacts } from './circular-text.ts';

const ranked = (n: number, prefix: string): CircularRankingRow[] =>
  Array.from({ length: n }, (_, i) => ({
    rank: i + 1,
    name: `${prefix}${i + 1}`,
    score: 100 - i / n,
    closureRate: null,
    acceptancePassRate: null,
    overdue: 0,
    reportPunctuality: null,
    movement: null,
  }));

function annex(sizes: { villages: number; subdistricts: number; rag: number; overdue: number; tasks?: number }): CircularAnnex {
  return {
    month: '2026-11',
    asAt: '2026-11-30',
    totals: {
      total: 0,
      closed: 0,
      closureRate: null,
      acceptancePassRate: null,
      newCount: 0,
      acceptedCount: 0,
      rejectedCount: 0,
      closedCount: 0,
      overdue: 0,
      overdueLong: 0,
      redOverdueDays: 14,
    },
    ranking: { villages: ranked(sizes.villages, '村'), subdistricts: ranked(sizes.subdistricts, '街道') },
    rag: Array.from({ length: sizes.rag }, (_, i) => ({ organization: `单位${i}`, kind: '村', colour: 'green' as const, reasons: '' })),
    overdue: Array.from({ length: sizes.overdue }, (_, i) => ({
      code: `WT-${i}`,
      organization: '村1',
      description: '问题',
      dueOn: '2026-11-01',
      daysOverdue: sizes.overdue - i,
      owner: null,
    })),
    ...(sizes.tasks !== undefined && {
      overdueTasks: Array.from({ length: sizes.tasks }, (_, i) => ({
        organization: '村1',
        leader: '张三（书记）',
        visitedOn: '2026-10-01',
        instruction: `事项${i}`,
        ownerUnit: '街道',
        dueOn: '2026-11-01',
        daysOverdue: 29,
      })),
    }),
    interviews: [],
  };
}

describe('a circular annex cut for the page', () => {
  it('leaves a district-sized annex whole: the same object, no cuts', () => {
    const a = annex({ villages: 16, subdistricts: 3, rag: 19, overdue: 242, tasks: 4 });
    const e = excerptAnnex(a);
    expect(e.cuts).toEqual([]);
    expect(e.annex).toBe(a);
    // Exactly at the limit is still whole.
    expect(excerptAnnex(annex({ villages: 10, subdistricts: 10, rag: 10, overdue: 10 }), 10).cuts).toEqual([]);
  });

  it('keeps both ends of a ranking and the head of the other tables, and says where and how much was left out', () => {
    const a = annex({ villages: 25, subdistricts: 11, rag: 13, overdue: 40, tasks: 12 });
    const { annex: e, cuts } = excerptAnnex(a, 10);
    expect(e.ranking.villages.map((v) => v.rank)).toEqual([1, 2, 3, 4, 5, 21, 22, 23, 24, 25]);
    expect(e.ranking.subdistricts.map((v) => v.rank)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11]);
    expect(e.rag.map((r) => r.organization)).toEqual(a.rag.slice(0, 10).map((r) => r.organization));
    // Overdue longest first: the head is the worst.
    expect(e.overdue.map((o) => o.daysOverdue)).toEqual([40, 39, 38, 37, 36, 35, 34, 33, 32, 31]);
    expect(e.overdueTasks).toHaveLength(10);
    expect(cuts).toEqual([
      { table: 'rankingVillages', total: 25, at: 5, omitted: 15 },
      { table: 'rankingSubdistricts', total: 11, at: 5, omitted: 1 },
      { table: 'rag', total: 13, at: 10, omitted: 3 },
      { table: 'overdue', total: 40, at: 10, omitted: 30 },
      { table: 'overdueTasks', total: 12, at: 10, omitted: 2 },
    ]);
    // Shown plus omitted is always the whole table.
    for (const c of cuts) expect(c.omitted + 10).toBe(c.total);
    // The stored annex is not changed.
    expect(a.ranking.villages).toHaveLength(25);
    expect(a.overdue).toHaveLength(40);
  });

  it('cuts only the tables that are too long, and keeps an odd limit whole', () => {
    const { annex: e, cuts } = excerptAnnex(annex({ villages: 20, subdistricts: 2, rag: 3, overdue: 4 }), 7);
    expect(cuts.map((c) => c.table)).toEqual(['rankingVillages']);
    expect(e.ranking.villages.map((v) => v.rank)).toEqual([1, 2, 3, 4, 18, 19, 20]);
    expect(e.ranking.subdistricts).toHaveLength(2);
    expect(e.overdueTasks).toBeUndefined();
  });

  it('words the omitted rows as in the middle or at the end', () => {
    expect(annexCutText({ total: 20000, omitted: 19500, at: 250 }, 500)).toBe(
      '……中间19,500行从略（本表共20,000行，完整附表见随文Excel文件）',
    );
    expect(annexCutText({ total: 69586, omitted: 69086, at: 500 }, 500)).toBe(
      '……以下69,086行从略（本表共69,586行，完整附表见随文Excel文件）',
    );
  });

  it('keeps, as the stored view, the excerpt, its cuts and the praise facts of every row', () => {
    const a = annex({ villages: 1200, subdistricts: 3, rag: 700, overdue: 1500 });
    a.rag[650] = { ...a.rag[650]!, colour: 'red' };
    const stored = parseAnnexView(JSON.stringify(annexView(a)));
    expect(stored).toEqual({ rows: ANNEX_TABLE_ROWS, ...excerptAnnex(a), praiseFacts: praiseFacts(a) });
    // 单位650 is red and left out of the excerpt; 村1 has problems overdue more than 14 days.
    expect(stored!.praiseFacts).toEqual([
      { organization: '村1', why: 'overdue' },
      { organization: '单位650', why: 'red' },
    ]);
    expect(stored!.annex.rag.map((r) => r.organization)).not.toContain('单位650');
    // A view cut to another length is not used: its reader computes one from the annex.
    expect(parseAnnexView(JSON.stringify({ ...annexView(a), rows: 100 }))).toBeNull();
  });
});
