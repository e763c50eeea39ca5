import { describe, expect, it } from 'vitest';
import { chineseDate } from './time.ts';
import {
  type CircularAnnex,
  type CircularRankingRow,
  circularTitle,
  defaultSections,
  laggardNames,
  movementText,
  OTHER_RED_NAMED_MAX,
  otherRedNames,
  percentText,
  praiseBars,
  praisedVillages,
  praiseFacts,
  praiseWarnings,
  praiseWarningsFrom,
  refreshSections,
  attainmentText,
  closeNumberSpaces,
  sectionText,
} from './circular-text.ts';

const row = (rank: number, name: string, score: number, overdue = 0): CircularRankingRow => ({
  rank,
  name,
  score,
  closureRate: score / 100,
  acceptancePassRate: null,
  overdue,
  reportPunctuality: 1,
  movement: null,
});

function annex(overrides: Partial<CircularAnnex> = {}): CircularAnnex {
  const names = ['甲村', '乙村', '丙村', '丁村', '戊村', '己村', '庚村', '辛村'];
  return {
    month: '2026-11',
    asAt: '2026-11-27',
    totals: {
      total: 100,
      closed: 25,
      closureRate: 0.25,
      acceptancePassRate: 0.8,
      newCount: 4,
      acceptedCount: 8,
      rejectedCount: 2,
      closedCount: 6,
      overdue: 3,
      overdueLong: 1,
      redOverdueDays: 14,
    },
    ranking: { villages: names.map((n, i) => row(i + 1, n, 90 - i * 5)), subdistricts: [] },
    rag: [
      { organization: '乙村', kind: '村', colour: 'red', reasons: '1 个问题逾期超过 14 天' },
      { organization: '庚村', kind: '村', colour: 'red', reasons: '1 个问题逾期超过 14 天' },
      { organization: '辛村', kind: '村', colour: 'amber', reasons: '2 个问题逾期' },
    ],
    overdue: [
      { code: 'WT-0001', organization: '辛村', description: '活动场所面积不足', dueOn: '2026-11-01', daysOverdue: 26, owner: '张*' },
      { code: 'WT-0002', organization: '辛村', description: '制度未上墙', dueOn: '2026-11-20', daysOverdue: 7, owner: null },
      { code: 'WT-0003', organization: '乙村', description: '党员台账不全', dueOn: '2026-11-10', daysOverdue: 17, owner: null },
    ],
    interviews: [],
    ...overrides,
  };
}

describe('circular text', () => {
  it('words numbers, dates and movement as a circular does', () => {
    expect(percentText(0.8333)).toBe('83.3%');
    expect(percentText(null)).toBe('—');
    expect(chineseDate('2026-11-30')).toBe('2026年11月30日');
    expect(circularTitle('2026-03')).toBe('关于2026年3月基层组织规范化建设推进情况的通报');
    expect([movementText(2), movementText(-1), movementText(0), movementText(null)]).toEqual(['↑2', '↓1', '—', '新']);
  });

  it('says how many villages have passed in words: none as none, not as "already 0", nor as "0 / 16"', () => {
    const asAt = '2026-11-30';
    expect(attainmentText({ asAt, attainment: { attained: 0, villages: 16, period: null } })).toBe(
      '截至2026年11月30日，全区16个村（社区）尚无通过达标验收的。',
    );
    expect(attainmentText({ asAt, attainment: { attained: 3, villages: 16, period: null } })).toBe(
      '截至2026年11月30日，全区16个村（社区）中已有3个通过达标验收，占18.8%。',
    );
    expect(attainmentText({ asAt, attainment: { attained: 16, villages: 16, period: null } })).toBe(
      '截至2026年11月30日，全区16个村（社区）已全部通过达标验收。',
    );
  });

  it('urges on "the other" villages only when some have passed', () => {
    const asAt = '2026-11-30';
    const period = { roundName: '第一轮', start: '2026-11-01', end: '2026-12-31', daysLeft: 31 };
    const text = (attained: number) => attainmentText({ asAt, attainment: { attained, villages: 16, period } });
    // None passed: every village is urged, not "其余16个" (the rest of none).
    expect(text(0)).toBe(
      '截至2026年11月30日，全区16个村（社区）尚无通过达标验收的；第一轮的集中整改期为2026年11月1日至2026年12月31日，距集中整改期结束还有31天。' +
        '全区16个村（社区）要对照问题清单加快整改销号，直至全部达到规范化要求。',
    );
    expect(text(0)).not.toContain('其余');
    expect(text(3)).toContain('中已有3个通过达标验收，占18.8%；第一轮');
    expect(text(3)).toContain('其余13个村（社区）要对照问题清单加快整改销号');
    // All passed: nothing left to urge on but keeping it so.
    expect(text(16)).toContain('已全部通过达标验收；');
    expect(text(16)).toContain('各村（社区）要巩固整改成果');
    expect(text(16)).not.toMatch(/其余|加快整改销号/);
  });

  it('states the totals in the overall section', () => {
    const text = sectionText('overall', annex());
    expect(text).toContain('截至2026年11月27日，全区共排查发现问题100个，已销号25个，销号率25%');
    expect(text).toContain('验收通过率80%');
    expect(text).toContain('尚有3个问题超过整改时限');
  });

  it('praises the best three villages that may be praised: never a red one, never one with a problem overdue past the red threshold', () => {
    const text = sectionText('good', annex());
    expect(text).toContain('甲村（综合得分90分');
    // 乙村 ranks second but is red this month: skipped, 丁村 moves up into the three.
    expect(text).not.toContain('乙村');
    expect(text).toContain('丙村');
    expect(text).toContain('丁村');
    expect(text).not.toContain('戊村');
    // Not red, but a problem 20 days overdue (threshold 14): not praised either.
    const overdue = annex({
      rag: [],
      overdue: [{ code: 'WT-0009', organization: '甲村', description: '台账不全', dueOn: '2026-11-07', daysOverdue: 20, owner: null }],
    });
    expect(praisedVillages(overdue).map((v) => v.name)).toEqual(['乙村', '丙村', '丁村']);
    expect(praiseBars(overdue).get('甲村')).toBe('overdue');
    // 14 days is not more than 14.
    const edge = annex({ rag: [], overdue: [{ ...overdue.overdue[0]!, daysOverdue: 14 }] });
    expect(praiseBars(edge).get('甲村')).toBeUndefined();
  });

  it('says nobody is praised when every ranked village is barred', () => {
    const a = annex({
      rag: annex().ranking.villages.map((v) => ({ organization: v.name, kind: '村', colour: 'red' as const, reasons: 'x' })),
    });
    expect(sectionText('good', a)).toContain('不予通报表扬');
  });

  it('does not praise a village amber this month (the annex says why), nor one the laggards section names', () => {
    const amber = (organization: string) => ({
      organization,
      kind: '村',
      colour: 'amber' as const,
      reasons: '销号率 9.1%，低于全区本月中位数 17.4%',
    });
    // 丙村 is third in the ranking but amber: 丁村 is praised after 甲村 (戊村, fifth of eight, is not in the first half).
    const a = annex({ rag: [...annex().rag, amber('丙村')] });
    expect(praisedVillages(a).map((v) => v.name)).toEqual(['甲村', '丁村']);
    const text = sectionText('good', a);
    expect(text).not.toContain('丙村');
    expect(text).toContain('未被列为红色或黄色预警');
    // Everyone above the laggards amber or red: 己村 (green, but among the last three) is not praised either.
    const none = annex({ rag: [...annex().rag, ...['甲村', '丙村', '丁村', '戊村'].map(amber)] });
    expect(laggardNames(none)).toContain('己村');
    expect(praisedVillages(none)).toEqual([]);
    const noneText = sectionText('good', none);
    expect(noneText).toBe(
      '本月没有符合通报表扬条件（综合评分居前一半，未被列为红色、黄色预警，无逾期超过14天的问题，已有问题整改销号，学习教育和组织生活按要求落实）的村（社区），不予通报表扬。',
    );
    for (const name of ['甲村', '乙村', '丙村', '己村']) expect(noneText).not.toContain(name);
  });

  it('says there was no acceptance this month instead of a pass rate of "—"', () => {
    const a = annex({ totals: { ...annex().totals, acceptancePassRate: null, acceptedCount: 0, rejectedCount: 0 } });
    expect(sectionText('overall', a)).toContain('验收合格0个、退回整改0个，本月无验收，销号');
    expect(sectionText('overall', a)).not.toContain('验收通过率—');
  });

  it('praises only for what the figures show: no stock "措施具体、推进有力" for a village that has closed nothing', () => {
    const text = sectionText('good', annex());
    // 甲村, 丙村, 丁村: closure 90 %, 80 %, 75 %, all at or above the median (72.5 %), nothing overdue, reports on time.
    expect(text).toContain('上述单位整改销号进度走在前列，无逾期未整改问题，周报按时报送，予以通报表扬');
    expect(text).not.toMatch(/措施具体|推进有力|台账资料规范完整/);
    // One of them below the median, one report late, a pass rate of 1 for all: only what all three share.
    const mixed = annex({
      ranking: {
        villages: annex().ranking.villages.map((v) => ({
          ...v,
          acceptancePassRate: 1,
          ...(v.name === '丁村' && { closureRate: 0.1 }),
          ...(v.name === '甲村' && { reportPunctuality: 0.75 }),
        })),
        subdistricts: [],
      },
    });
    expect(praisedVillages(mixed).map((v) => v.name)).toEqual(['甲村', '丙村', '丁村']);
    expect(sectionText('good', mixed)).toContain('上述单位整改成果验收全部通过，无逾期未整改问题，予以通报表扬');
  });

  it('praises only within the first half of the ranking: "综合评分靠前" (the ninth of sixteen was praised as such)', () => {
    // 8 villages: 甲 … 辛. Barring the first four leaves none of the first half to praise.
    const amber = (organization: string) => ({ organization, kind: '村', colour: 'amber' as const, reasons: 'x' });
    const a = annex({ rag: ['甲村', '乙村', '丙村', '丁村'].map(amber), overdue: [] });
    expect(praisedVillages(a)).toEqual([]);
    expect(sectionText('good', a)).toContain('不予通报表扬');
    // One of the first half left: it alone.
    const b = annex({ rag: ['甲村', '乙村', '丙村'].map(amber), overdue: [] });
    expect(praisedVillages(b).map((v) => v.name)).toEqual(['丁村']);
  });

  it('does not praise a village that has closed no problem, nor one section 七 names for study or meetings not done', () => {
    const base = annex();
    const study = {
      month: '2026-11',
      branches: 8,
      sessionsHeld: 10,
      sessionsPlanned: 16,
      byKind: {},
      attendanceRecords: 0,
      attended: 0,
      members: 100,
      neverReached: 0,
      neverReachedMonths: 3,
      behindPlan: ['丙村'],
      missedMeetings: [{ organization: '戊村', kind: 'branch_committee' as const, period: '2026-11' }],
      duty: { daysDue: 20, daysStaffed: 19, gaps: [{ organization: '己村', days: 1 }] },
      tours: [],
    };
    const a = annex({
      ranking: { villages: base.ranking.villages.map((v) => (v.name === '甲村' ? { ...v, closureRate: 0 } : v)), subdistricts: [] },
      study,
    });
    // 甲村 (first, 0 % closed), 乙村 (red), 丙村 (behind its study plan) and 戊村 (a meeting missed) are passed over.
    expect(praisedVillages(a).map((v) => v.name)).toEqual(['丁村']);
    expect(sectionText('study', a)).toContain('丙村');
    expect(praiseBars(a).get('甲村')).toBe('noClosure');
    expect(praiseBars(a).get('丙村')).toBe('study');
    expect(praiseBars(a).get('己村')).toBe('study');
    // A village with nothing to close (no problems: no closure rate) may be praised.
    const none = annex({
      ranking: { villages: base.ranking.villages.map((v) => (v.name === '甲村' ? { ...v, closureRate: null } : v)), subdistricts: [] },
    });
    expect(praisedVillages(none).map((v) => v.name)[0]).toBe('甲村');
    // The editor is warned if the edited text names them anyway.
    const sections = defaultSections(a).map((s) =>
      s.key === 'good' ? { ...s, text: `${s.text}甲村、丙村也值得肯定。`, edited: true } : s,
    );
    expect(praiseWarnings(sections, a)).toEqual([
      { organization: '丙村', why: 'study' },
      { organization: '甲村', why: 'noClosure' },
    ]);
    expect(praiseWarningsFrom(sections, JSON.parse(JSON.stringify(praiseFacts(a))) as ReturnType<typeof praiseFacts>)).toEqual(
      praiseWarnings(sections, a),
    );
  });

  it('names each interview in one bracket: no brackets or colons of its reasons inside it', () => {
    const a = annex({
      interviews: [
        { organization: '上庄村', date: '2026-11-12', status: '已约谈', reasons: '2026年10月：月度排名第 16 名（共 16 名），处于末位' },
      ],
    });
    expect(sectionText('interviews', a)).toBe(
      '本月约谈1个单位党组织书记：上庄村（11月12日约谈，事由：2026年10月月度排名第16名，共16名，处于末位）。被约谈单位要对照约谈要求认真整改，按时报告整改落实情况。',
    );
  });

  it('writes figures against Chinese characters without spaces, its own and the rule texts it quotes', () => {
    const a = annex({
      rag: annex().rag.map((r) => (r.organization === '庚村' ? { ...r, reasons: '3 个问题逾期超过 14 天；1 个单位连续 2 周未报周报' } : r)),
      interviews: [{ organization: '辛村', date: '2026-11-20', status: '已约谈', reasons: '月度排名第 8 名（共 8 名），处于末位' }],
      attainment: { attained: 0, villages: 16, period: null },
    });
    const text = defaultSections(a)
      .map((s) => s.text)
      .join('\n');
    expect(text).toContain('其中逾期超过14天的1个');
    expect(text).toContain('被列为红色预警（3个问题逾期超过14天；1个单位连续2周未报周报）');
    expect(text).not.toMatch(/\p{Script=Han}[ \u00a0]+\d|[\d%][ \u00a0]+\p{Script=Han}/u);
    expect(closeNumberSpaces('销号率 9.1%，低于全区本月中位数 17.4% 以下 WT-0001 “台账” 0 / 16')).toBe(
      '销号率9.1%，低于全区本月中位数17.4%以下 WT-0001 “台账” 0 / 16',
    );
  });

  it('warns the editor when the praise section, as edited, names a red or long-overdue unit', () => {
    const a = annex();
    const sections = defaultSections(a);
    expect(praiseWarnings(sections, a)).toEqual([]);
    const edited = sections.map((s) => (s.key === 'good' ? { ...s, text: `${s.text}乙村、辛村也表现突出。`, edited: true } : s));
    // In pinyin order (xin, yi), as the editor reads lists.
    expect(praiseWarnings(edited, a)).toEqual([
      { organization: '辛村', why: 'overdue' },
      { organization: '乙村', why: 'red' },
    ]);
  });

  it('warns of an amber unit named in the praise section too, as the generated text leaves amber ones out', () => {
    const base = annex();
    const a = annex({ rag: [...base.rag, { organization: '丙村', kind: '村', colour: 'amber', reasons: '销号率低于全区本月中位数' }] });
    expect(praisedVillages(a).map((v) => v.name)).not.toContain('丙村');
    const sections = defaultSections(a);
    const edited = sections.map((s) => (s.key === 'good' ? { ...s, text: `${s.text}丙村也表现突出。`, edited: true } : s));
    expect(praiseWarnings(edited, a)).toEqual([{ organization: '丙村', why: 'amber' }]);
    expect(praiseFacts(a)).toContainEqual({ organization: '丙村', why: 'amber' });
  });

  it('gives the same praise warnings from the stored praise facts as from the whole annex', () => {
    const a = annex({
      ranking: {
        villages: annex().ranking.villages,
        subdistricts: [row(1, '东街道', 80), row(2, '西街道', 70)],
      },
      rag: [
        ...annex().rag,
        { organization: '西街道', kind: '街道', colour: 'red', reasons: '红色村占比高' },
        // Named only in the RAG table.
        { organization: '壬社区', kind: '社区', colour: 'red', reasons: 'x' },
      ],
      overdue: [
        ...annex().overdue,
        { code: 'WT-0004', organization: '甲村', description: '台账不全', dueOn: '2026-11-01', daysOverdue: 15, owner: null },
        // Long overdue, but named in no ranking or RAG row: never warned of.
        { code: 'WT-0005', organization: '癸村', description: '台账不全', dueOn: '2026-11-01', daysOverdue: 30, owner: null },
      ],
    });
    // Facts: every unit of the ranking and RAG tables with a bar, in the tables' order, and why.
    expect(praiseFacts(a)).toEqual([
      { organization: '甲村', why: 'overdue' },
      { organization: '乙村', why: 'red' },
      { organization: '庚村', why: 'red' },
      { organization: '辛村', why: 'overdue' },
      { organization: '西街道', why: 'red' },
      { organization: '壬社区', why: 'red' },
    ]);
    const facts = JSON.parse(JSON.stringify(praiseFacts(a))) as ReturnType<typeof praiseFacts>;
    const texts = [
      sectionText('good', a),
      '',
      '甲村、乙村、丙村、丁村、戊村、己村、庚村、辛村、东街道、西街道、壬社区、癸村表现突出。',
      '西街道辛村表现突出。',
    ];
    for (const text of texts) {
      const sections = defaultSections(a).map((s) => (s.key === 'good' ? { ...s, text, edited: true } : s));
      expect(praiseWarningsFrom(sections, facts)).toEqual(praiseWarnings(sections, a));
    }
    const all = defaultSections(a).map((s) => (s.key === 'good' ? { ...s, text: texts[2]! } : s));
    expect(praiseWarningsFrom(all, facts).map((w) => w.organization)).toEqual(['庚村', '甲村', '壬社区', '西街道', '辛村', '乙村']);
  });

  it('says in the overall section when the month is still running', () => {
    expect(sectionText('overall', annex({ running: true, asAt: '2026-11-03' }))).toMatch(
      /^2026年11月尚未结束，以下为截至2026年11月3日的数据/,
    );
    expect(sectionText('overall', annex())).not.toContain('尚未结束');
  });

  it('names the last three of the ranking, worst first, with their overdue problems by code', () => {
    const a = annex();
    expect(laggardNames(a)).toEqual(['辛村', '庚村', '己村']);
    const text = sectionText('laggards', a);
    expect(text).toContain('（一）辛村。本月综合得分55分，在8个村（社区）中排名第8位');
    expect(text).toContain('WT-0001“活动场所面积不足”（逾期26天）；WT-0002“制度未上墙”（逾期7天）');
    expect(text).toContain('（二）庚村');
    // The rule's text as rag.ts words it for the dashboards ("1 个问题逾期超过 14 天"), without the spaces.
    expect(text).toContain('被列为红色预警（1个问题逾期超过14天）');
    expect(text).toContain('（三）己村');
    expect(text).toContain('暂无逾期问题');
    // A red village high in the ranking is still named, in one sentence.
    expect(otherRedNames(a)).toEqual(['乙村']);
    expect(text).toContain('此外，乙村（1个问题逾期超过14天）被列为红色预警，要立即查找原因、限期整改。');
  });

  it('gives a further red village its own reasons, not a stock "逾期超过14天"', () => {
    // 乙村 is red for two missed weekly reports alone, with nothing overdue (the demo's 前进村 in November).
    const base = annex();
    const a = annex({
      rag: base.rag.map((r) => (r.organization === '乙村' ? { ...r, reasons: '连续 2 周未报周报' } : r)),
      overdue: base.overdue.filter((o) => o.organization !== '乙村'),
    });
    const text = sectionText('laggards', a);
    expect(text).toContain('此外，乙村（连续2周未报周报）被列为红色预警');
    expect(text).not.toContain('乙村等1个单位');
    expect(text).not.toMatch(/乙村[^。]*逾期超过14天/);
  });

  it('says what a laggard without overdue problems lags in: its weekly reports, its closure rate below the median, else its score', () => {
    // 己村 (rank 6 of 8) has no overdue problem; the closure rates run 0.9 … 0.55 (median 0.725).
    const late = annex({
      ranking: {
        villages: annex().ranking.villages.map((v) => (v.name === '己村' ? { ...v, reportPunctuality: 2 / 3 } : v)),
        subdistricts: [],
      },
    });
    expect(sectionText('laggards', late)).toContain(
      '（三）己村。本月综合得分65分，在8个村（社区）中排名第6位，销号率65%。暂无逾期问题，但周报按时率仅为66.7%，整改销号进度相对滞后。',
    );
    // Everyone at 0 % closed (the month the round ended) and every report on time: nothing to name but the score.
    const even = annex({ ranking: { villages: annex().ranking.villages.map((v) => ({ ...v, closureRate: 0 })), subdistricts: [] } });
    const text = sectionText('laggards', even);
    expect(text).toContain('（三）己村。本月综合得分65分，在8个村（社区）中排名第6位，销号率0%。暂无逾期问题，但综合得分靠后。');
    expect(text).not.toContain('整改销号进度相对滞后');
    // The written report is due on the 5th of the month after the circular's (November's: 5 January), not "下月5日".
    expect(text).toContain('并于1月5日前将整改情况书面报区党群工作部');
  });

  it('names at most OTHER_RED_NAMED_MAX further red villages in its sentence and counts the rest (a province has thousands)', () => {
    const villages = Array.from({ length: 3000 }, (_, i) => row(i + 1, `村${i + 1}`, 90 - i / 100));
    const rag = villages.slice(0, 1000).map((v) => ({ organization: v.name, kind: '村', colour: 'red' as const, reasons: 'x' }));
    const a = annex({ ranking: { villages, subdistricts: [] }, rag, overdue: [] });
    expect(otherRedNames(a)).toHaveLength(1000);
    const text = sectionText('laggards', a);
    expect(OTHER_RED_NAMED_MAX).toBe(20);
    expect(text).toContain(
      `此外，${villages
        .slice(0, 20)
        .map((v) => v.name)
        .map((v) => `${v}（x）`)
        .join('、')}等1000个单位（完整名单见附件2）被列为红色预警`,
    );
    expect(text).not.toContain('村21、');
    expect(text.length).toBeLessThan(2000);
    // Up to the limit every one is named, as before.
    const few = annex({ ranking: { villages, subdistricts: [] }, rag: rag.slice(0, 20), overdue: [] });
    expect(sectionText('laggards', few)).toContain(
      `此外，${villages
        .slice(0, 20)
        .map((v) => `${v.name}（x）`)
        .join('、')}被列为红色预警`,
    );
  });

  it('says a laggard lags in acceptance when its pass rate is below the median (not in its reports alone)', () => {
    const villages = annex().ranking.villages.map((v) => ({
      ...v,
      acceptancePassRate: v.name === '己村' ? 0.4 : 0.9,
      ...(v.name === '己村' && { reportPunctuality: 0.8 }),
    }));
    const text = sectionText('laggards', annex({ ranking: { villages, subdistricts: [] } }));
    expect(text).toContain(
      '（三）己村。本月综合得分65分，在8个村（社区）中排名第6位，销号率65%。暂无逾期问题，但验收通过率仅为40%，周报按时率仅为80%，整改销号进度相对滞后。',
    );
  });

  it('says a laggard green in annex 2 is not on the red or amber list, and names all-green laggards by their place', () => {
    const green = (organization: string) => ({ organization, kind: '村', colour: 'green' as const, reasons: '无逾期，进度正常' });
    const names = annex().ranking.villages.map((v) => v.name);
    const a = annex({ rag: names.map(green), overdue: [] });
    const text = sectionText('laggards', a);
    expect(text.startsWith('本月综合排名靠后的有以下3个单位，予以通报：')).toBe(true);
    expect(text).toContain('（一）辛村。本月综合得分55分，在8个村（社区）中排名第8位，销号率55%，未列入红色、黄色预警。');
    expect(text).not.toContain('工作推进滞后');
    // With one amber among them, the section keeps its heading and says why it is amber.
    const b = annex({
      rag: names.map((n) => (n === '庚村' ? { ...green(n), colour: 'amber' as const, reasons: '2 个问题逾期' } : green(n))),
      overdue: [],
    });
    expect(sectionText('laggards', b)).toContain('本月以下3个单位工作推进滞后');
    expect(sectionText('laggards', b)).toContain('被列为黄色预警（2个问题逾期）');
  });

  it('names no village tied with the first as lagging, and says so when none lags', () => {
    const tied = ['甲村', '乙村', '丙村', '丁村', '戊村'].map((name) => row(1, name, 100));
    const a = annex({ ranking: { villages: tied, subdistricts: [] }, rag: [], overdue: [] });
    expect(laggardNames(a)).toEqual([]);
    expect(sectionText('laggards', a)).toBe('本月没有需要通报的工作推进滞后单位。');
    // Below the first place the last ones are named as before.
    const some = annex({ ranking: { villages: [...tied, row(6, '己村', 80)], subdistricts: [] }, rag: [], overdue: [] });
    expect(laggardNames(some)).toEqual(['己村']);
  });

  it('with few villages does not name the praised ones as laggards', () => {
    const a = annex({ ranking: { villages: [row(1, '甲村', 90), row(2, '乙村', 80)], subdistricts: [] }, rag: [] });
    expect(laggardNames(a)).toEqual([]);
  });

  it('names the longest overdue problem, or says there is none', () => {
    expect(sectionText('overdue', annex())).toContain(
      '共有3个问题超过整改时限未完成整改，涉及2个单位，其中逾期超过14天的2个。逾期时间最长的是辛村WT-0001“活动场所面积不足”',
    );
    expect(sectionText('overdue', annex({ overdue: [] }))).toBe('截至2026年11月27日，全区无逾期未整改问题。');
  });

  it('lists the interviews or says there were none', () => {
    expect(sectionText('interviews', annex())).toBe('本月无约谈。');
    const text = sectionText(
      'interviews',
      annex({
        interviews: [{ organization: '辛村', date: '2026-11-20', status: '已约谈', reasons: '月度排名第 8 名（共 8 名），处于末位' }],
      }),
    );
    expect(text).toContain('本月约谈1个单位党组织书记：辛村（11月20日约谈，事由：月度排名第8名，共8名，处于末位）');
  });

  it('regenerating keeps the sections a person edited', () => {
    const first = defaultSections(annex());
    expect(first.map((s) => s.heading)[0]).toBe('一、总体进展情况');
    const edited = first.map((s) => (s.key === 'focus' ? { ...s, text: '自定义重点', edited: true } : s));
    const later = annex({ totals: { ...annex().totals, total: 120 } });
    const refreshed = refreshSections(edited, later);
    expect(refreshed.find((s) => s.key === 'focus')!.text).toBe('自定义重点');
    expect(refreshed.find((s) => s.key === 'overall')!.text).toContain('共排查发现问题120个');
  });
});
