import { addMonths, chineseMonth, chineseMonthDay } from './cadence.ts';
import { median } from './statistics.ts';
import { chineseDate } from './time.ts';
import { type CircularVenueAnnex, venueSectionText } from './venue-circular.ts';
import { type CircularStudyAnnex, studySectionText } from './study-circular.ts';

/**
 * 一月一通报: the default text of a month's circular, written in the register
 * of a Chinese official circular from the month's assessment. Pure: the
 * server gathers the figures (src/server/modules/circulars), this file only
 * words them. District officers edit the text before publishing.
 */

export const CIRCULAR_SECTION_KEYS = ['overall', 'good', 'laggards', 'overdue', 'interviews', 'venues', 'study', 'focus'] as const;
export type CircularSectionKey = (typeof CIRCULAR_SECTION_KEYS)[number];

export const CIRCULAR_SECTION_HEADINGS: Record<CircularSectionKey, string> = {
  overall: '一、总体进展情况',
  good: '二、工作推进较好的单位',
  laggards: '三、工作推进滞后的单位及存在问题',
  overdue: '四、逾期未整改问题情况',
  interviews: '五、约谈情况',
  venues: '六、村级活动场所“清零行动”进展情况',
  study: '七、“两学一做”学习教育和组织生活情况',
  focus: '八、下月工作重点',
};

export interface CircularSection {
  key: CircularSectionKey;
  heading: string;
  text: string;
  /** True once a person changed the text: regenerating then keeps it. */
  edited: boolean;
}

/** One row of the village (or subdistrict) ranking annex. Rates are 0–1, null when there was nothing to measure. */
export interface CircularRankingRow {
  rank: number;
  name: string;
  score: number;
  closureRate: number | null;
  acceptancePassRate: number | null;
  overdue: number;
  reportPunctuality: number | null;
  /** 学习得分率 when 两学一做 weighed in the score; null when not, absent in annexes frozen before it was shown. */
  study?: number | null;
  /** Places gained since last month (positive = up); null when not ranked then. */
  movement: number | null;
  /**
   * Standing against the standard at month end (src/domain/village-score.ts): score and total (a subdistrict:
   * its villages' sums; 0 / 0 before any inspection), villages scored and confirmed 达标. Absent in annexes
   * frozen before it was counted.
   */
  standardScore?: number;
  standardMax?: number;
  scored?: number;
  attained?: number;
}

/** "N / 16 村达标" and the concentrated rectification period (集中整改期) of the latest round, as at the annex's day. */
export interface CircularAttainment {
  attained: number;
  villages: number;
  /** Null before any inspection round. */
  period: { roundName: string; start: string; end: string; daysLeft: number } | null;
}

export interface CircularRagRow {
  organization: string;
  kind: string;
  colour: 'red' | 'amber' | 'green';
  reasons: string;
}

export interface CircularOverdueRow {
  code: string;
  organization: string;
  description: string;
  dueOn: string;
  daysOverdue: number;
  owner: string | null;
}

/** A leader's instruction tracked as a task (交办事项) and not done by its deadline. */
export interface CircularOverdueTaskRow {
  organization: string;
  /** "name（title）" of the leader who gave it, and the visit's date. */
  leader: string;
  visitedOn: string;
  instruction: string;
  ownerUnit: string;
  dueOn: string;
  daysOverdue: number;
}

export interface CircularInterviewRow {
  organization: string;
  /** Shanghai calendar date. */
  date: string;
  status: string;
  reasons: string;
}

export interface CircularTotals {
  total: number;
  closed: number;
  closureRate: number | null;
  acceptancePassRate: number | null;
  newCount: number;
  acceptedCount: number;
  rejectedCount: number;
  closedCount: number;
  overdue: number;
  /** Overdue more than the red threshold (days below). */
  overdueLong: number;
  redOverdueDays: number;
}

/** The frozen annex tables and the figures the text was written from. */
export interface CircularAnnex {
  month: string;
  /** The day the figures are "as at": the month's last day, or today while the month runs. */
  asAt: string;
  /** The month had not ended when the figures were taken (进行中). Absent in annexes frozen before this field existed. */
  running?: boolean;
  totals: CircularTotals;
  ranking: { villages: CircularRankingRow[]; subdistricts: CircularRankingRow[] };
  rag: CircularRagRow[];
  overdue: CircularOverdueRow[];
  /** 交办事项 not done by their deadline (annex 3, after the problems). Absent in annexes frozen before visits existed. */
  overdueTasks?: CircularOverdueTaskRow[];
  interviews: CircularInterviewRow[];
  /** Villages 达标 and the rectification period. Absent in annexes frozen before it was counted. */
  attainment?: CircularAttainment;
  /** The venue campaign (清零行动) as at `asAt` (src/domain/venue-circular.ts). Absent in annexes frozen before it existed. */
  venues?: CircularVenueAnnex;
  /** 两学一做、三会一课、坐班值班 in the month (src/domain/study-circular.ts). Absent in annexes frozen before it existed. */
  study?: CircularStudyAnnex;
}

/** How many villages the text names at the top and at the bottom of the ranking. */
export const NAMED_AT_TOP = 3;
export const NAMED_AT_BOTTOM = 3;
/** How many overdue problems the text names per lagging organization. */
export const NAMED_PROBLEMS_EACH = 3;

const CHINESE_ORDINALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];

/** 0.8333 → "83.3%"; null → "—". */
export function percentText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** The circular's default title. */
export function circularTitle(month: string): string {
  return `关于${month.slice(0, 4)}年${Number(month.slice(5, 7))}月基层组织规范化建设推进情况的通报`;
}

function ordinal(i: number): string {
  return i < CHINESE_ORDINALS.length ? CHINESE_ORDINALS[i]! : String(i + 1);
}

/**
 * A rule's text as the circular quotes it: rag.ts and the interview rules write "3 个问题逾期超过 14 天" for the
 * dashboards; an official document writes numbers against Chinese characters without spaces ("3个问题逾期超过14天"),
 * as the circular's own prose does. Only the spaces between a figure and a Chinese character go.
 */
export function closeNumberSpaces(text: string): string {
  return text.replace(/(?<=\p{Script=Han})[ \u00a0]+(?=\d)/gu, '').replace(/(?<=[\d%])[ \u00a0]+(?=\p{Script=Han})/gu, '');
}

function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** At most this many lagging villages get a paragraph of their own; other red ones are named in one sentence. */
export const NAMED_LAGGARDS_MAX = 6;

/**
 * The villages the text names as lagging, worst first: the last NAMED_AT_BOTTOM of the ranking,
 * then red villages in the lower half of the ranking, up to NAMED_LAGGARDS_MAX.
 */
export function laggardNames(annex: Pick<CircularAnnex, 'ranking' | 'rag'>): string[] {
  const villages = annex.ranking.villages;
  const top = new Set(villages.slice(0, NAMED_AT_TOP).map((v) => v.name));
  const bottom = villages
    .slice(-NAMED_AT_BOTTOM)
    // Tied with the first (rank 1: every village at 100 in a quiet month) is not lagging, wherever the sort put it.
    .filter((v) => v.rank > 1 && (villages.length > NAMED_AT_TOP || !top.has(v.name)))
    .reverse()
    .map((v) => v.name);
  const red = new Set(annex.rag.filter((r) => r.colour === 'red').map((r) => r.organization));
  const lowerRed = [...villages]
    .reverse()
    .filter((v) => red.has(v.name) && v.rank > villages.length / 2)
    .map((v) => v.name);
  return [...new Set([...bottom, ...lowerRed])].slice(0, Math.max(NAMED_LAGGARDS_MAX, bottom.length));
}

/**
 * How many of the other red villages the laggards section names in its one sentence: a district's are all named;
 * beyond this (a province's thousands) they are counted, and the RAG annex lists them.
 */
export const OTHER_RED_NAMED_MAX = 20;

/** Red villages not given a paragraph of their own (named in one sentence after the laggards). */
export function otherRedNames(annex: Pick<CircularAnnex, 'ranking' | 'rag'>): string[] {
  const named = new Set(laggardNames(annex));
  const red = new Set(annex.rag.filter((r) => r.colour === 'red').map((r) => r.organization));
  return annex.ranking.villages.filter((v) => red.has(v.name) && !named.has(v.name)).map((v) => v.name);
}

function overallText(a: CircularAnnex): string {
  const t = a.totals;
  if (t.total === 0)
    return `截至${chineseDate(a.asAt)}，全区尚未登记排查发现的问题。各单位要对照规范化标准抓紧开展排查，如实建立问题台账。`;
  const overdue =
    t.overdue > 0
      ? `尚有${t.overdue}个问题超过整改时限未完成整改，其中逾期超过${t.redOverdueDays}天的${t.overdueLong}个。`
      : '无逾期未整改问题。';
  return (
    (a.running ? `${chineseMonth(a.month)}尚未结束，以下为截至${chineseDate(a.asAt)}的数据。` : '') +
    `截至${chineseDate(a.asAt)}，全区共排查发现问题${t.total}个，已销号${t.closed}个，销号率${percentText(t.closureRate)}。` +
    `${chineseMonth(a.month)}，新增问题${t.newCount}个，验收合格${t.acceptedCount}个、退回整改${t.rejectedCount}个，` +
    `${t.acceptancePassRate === null ? '本月无验收' : `验收通过率${percentText(t.acceptancePassRate)}`}，销号${t.closedCount}个；${overdue}` +
    `各单位排名、红黄绿情况和逾期问题清单详见附件。` +
    attainmentText(a)
  );
}

/** The end condition in words: villages 达标 so far, and the days left in the concentrated rectification period. */
export function attainmentText(a: Pick<CircularAnnex, 'asAt' | 'attainment'>): string {
  const t = a.attainment;
  if (!t || t.villages === 0) return '';
  const rest = t.villages - t.attained;
  // In words, as a circular writes it: none yet reads as none (not "已有0个"), all as all, some with their share.
  const count =
    `截至${chineseDate(a.asAt)}，全区${t.villages}个村（社区）` +
    (t.attained === 0
      ? '尚无通过达标验收的'
      : rest > 0
        ? `中已有${t.attained}个通过达标验收，占${percentText(t.attained / t.villages)}`
        : '已全部通过达标验收');
  if (!t.period) return `${count}。`;
  const range = `${chineseDate(t.period.start)}至${chineseDate(t.period.end)}`;
  const left =
    t.period.daysLeft > 0
      ? `距集中整改期结束还有${t.period.daysLeft}天`
      : t.period.daysLeft === 0
        ? '今天是集中整改期的最后一天'
        : `集中整改期已结束${-t.period.daysLeft}天`;
  // Who is urged on: "其余" only when some have passed (with none, 其余 would be every village).
  const urged =
    t.attained === 0
      ? `全区${t.villages}个村（社区）要对照问题清单加快整改销号，直至全部达到规范化要求。`
      : rest > 0
        ? `其余${rest}个村（社区）要对照问题清单加快整改销号，直至全部达到规范化要求。`
        : '各村（社区）要巩固整改成果，建立长效机制，防止问题反弹。';
  return `${count}；${t.period.roundName}的集中整改期为${range}，${left}。${urged}`;
}

/** A ranking row's standing against the standard: "86 / 100" (a subdistrict: its share), "—" before any inspection. */
export function standingText(
  row: Pick<CircularRankingRow, 'standardScore' | 'standardMax' | 'scored'>,
  unit: 'village' | 'subdistrict',
): string {
  if (!row.standardMax || !row.scored) return '—';
  return unit === 'village' ? `${row.standardScore ?? 0} / ${row.standardMax}` : percentText((row.standardScore ?? 0) / row.standardMax);
}

/** "达标", "未达标" for a village; "2 / 9" villages 达标 for a subdistrict; "—" before any inspection. */
export function attainedText(row: Pick<CircularRankingRow, 'attained' | 'scored'>, unit: 'village' | 'subdistrict'): string {
  if (!row.scored) return '—';
  if (unit === 'village') return (row.attained ?? 0) > 0 ? '达标' : '未达标';
  return `${row.attained ?? 0} / ${row.scored}`;
}

/**
 * Every unit that may not be praised (予以通报表扬) this month, with why: red that month, a problem overdue more
 * than the red threshold, amber, no problem closed at all (a closure rate of 0: "整改推进有力" would be untrue), or
 * named in section 七 for study, party meetings or duty not done (the circular would contradict itself); in that
 * order. One pass over each table: a province's annex has tens of thousands of rows of each.
 */
export function praiseBars(
  a: Pick<CircularAnnex, 'rag' | 'overdue' | 'totals'> & Partial<Pick<CircularAnnex, 'ranking' | 'study'>>,
): Map<string, PraiseWarning['why']> {
  const bars = new Map<string, PraiseWarning['why']>();
  const bar = (name: string, why: PraiseWarning['why']) => {
    if (!bars.has(name)) bars.set(name, why);
  };
  for (const r of a.rag) if (r.colour === 'red') bar(r.organization, 'red');
  for (const o of a.overdue) if (o.daysOverdue > a.totals.redOverdueDays) bar(o.organization, 'overdue');
  // Amber: not "doing well" either (e.g. a closure rate below the month's median, which the RAG annex states).
  for (const r of a.rag) if (r.colour === 'amber') bar(r.organization, 'amber');
  for (const v of a.ranking?.villages ?? []) if (v.closureRate === 0) bar(v.name, 'noClosure');
  for (const name of studyNamed(a.study)) bar(name, 'study');
  return bars;
}

/** The units section 七 names for what they did not do: study behind plan, a meeting missed, days without duty. */
function studyNamed(s: CircularStudyAnnex | undefined): string[] {
  if (!s) return [];
  return [...s.behindPlan, ...s.missedMeetings.map((m) => m.organization), ...s.duty.gaps.map((g) => g.organization)];
}

/**
 * The villages the "good" section names: the best of the ranking that may be praised (praiseBars), at most
 * NAMED_AT_TOP, and none the laggards section names: the circular would contradict itself.
 */
export function praisedVillages(a: CircularAnnex): CircularRankingRow[] {
  const bars = praiseBars(a);
  const laggards = new Set(laggardNames(a));
  // "综合评分靠前": within the ranking's first half (with many barred, the ninth of sixteen was praised as such).
  const firstHalf = Math.ceil(a.ranking.villages.length / 2);
  return a.ranking.villages.filter((v) => v.rank <= firstHalf && !bars.has(v.name) && !laggards.has(v.name)).slice(0, NAMED_AT_TOP);
}

/** A unit the praise section names although it may not be praised: the editor is warned before publishing. */
export interface PraiseWarning {
  organization: string;
  /**
   * Red this month, a problem overdue beyond the red threshold, amber this month, no problem closed, or named in
   * section 七 (in that order).
   */
  why: 'red' | 'overdue' | 'amber' | 'noClosure' | 'study';
}

/**
 * Every unit named in the annex tables (rankings, RAG) that may not be praised this month, with why, in the order
 * the tables name them: all praiseWarnings needs of the annex, small enough to store beside it (a province's
 * annex: tens of thousands of rows; circular-annex-excerpt.ts annexView).
 */
export function praiseFacts(a: Pick<CircularAnnex, 'ranking' | 'rag' | 'overdue' | 'totals' | 'study'>): PraiseWarning[] {
  const names = new Set([
    ...a.ranking.villages.map((v) => v.name),
    ...a.ranking.subdistricts.map((s) => s.name),
    ...a.rag.map((r) => r.organization),
  ]);
  const bars = praiseBars(a);
  const out: PraiseWarning[] = [];
  for (const name of names) {
    const why = bars.get(name);
    if (why) out.push({ organization: name, why });
  }
  return out;
}

/** The warnings of praiseWarnings, from the annex's praiseFacts. */
export function praiseWarningsFrom(sections: readonly CircularSection[], facts: readonly PraiseWarning[]): PraiseWarning[] {
  const text = sections.find((s) => s.key === 'good')?.text ?? '';
  return facts
    .filter((f) => text.includes(f.organization))
    .map((f) => ({ organization: f.organization, why: f.why }))
    .sort((x, y) => x.organization.localeCompare(y.organization, 'zh-CN'));
}

/**
 * Units named in the "good" section's text (as generated or as edited) that
 * are red or amber this month or have a problem overdue more than the red threshold.
 */
export function praiseWarnings(sections: readonly CircularSection[], a: CircularAnnex): PraiseWarning[] {
  return praiseWarningsFrom(sections, praiseFacts(a));
}

function goodText(a: CircularAnnex): string {
  const top = praisedVillages(a);
  if (a.ranking.villages.length === 0) return '本月暂无参与排名的村（社区）。';
  if (top.length === 0)
    return `本月没有符合通报表扬条件（综合评分居前一半，未被列为红色、黄色预警，无逾期超过${a.totals.redOverdueDays}天的问题，已有问题整改销号，学习教育和组织生活按要求落实）的村（社区），不予通报表扬。`;
  const named = top
    .map(
      (v) =>
        `${v.name}（综合得分${v.score}分，销号率${percentText(v.closureRate)}，验收通过率${percentText(v.acceptancePassRate)}，逾期问题${v.overdue}个）`,
    )
    .join('、');
  const merits = praisedMerits(top, median(a.ranking.villages.map((v) => v.closureRate)));
  return (
    `本月综合评分靠前、未被列为红色或黄色预警、无逾期超过${a.totals.redOverdueDays}天问题且学习教育和组织生活按要求落实的单位是：${named}。` +
    `上述单位${merits.length ? `${merits.join('，')}，` : ''}予以通报表扬，希望继续保持，各单位要学习借鉴其经验做法。`
  );
}

/**
 * What the praised villages all did well, from their ranking rows: only what the figures show (a stock "措施具体、
 * 推进有力、台账规范" would praise a village at 0 % closure for its progress).
 */
function praisedMerits(top: readonly CircularRankingRow[], medianClosure: number | null): string[] {
  const all = (p: (v: CircularRankingRow) => boolean) => top.every(p);
  const merits: string[] = [];
  if (medianClosure !== null && all((v) => v.closureRate !== null && v.closureRate > 0 && v.closureRate >= medianClosure))
    merits.push('整改销号进度走在前列');
  if (all((v) => v.acceptancePassRate === 1)) merits.push('整改成果验收全部通过');
  if (all((v) => v.overdue === 0)) merits.push('无逾期未整改问题');
  if (all((v) => v.reportPunctuality === 1)) merits.push('周报按时报送');
  return merits;
}

/**
 * What a laggard without overdue problems lags in, from its ranking row: its acceptance pass rate below the villages'
 * median (a village at the district's lowest was said to lag in its reports alone), its weekly reports not all on
 * time, its closure rate below the median; else its score alone (the ranking's other parts).
 */
function laggingIn(v: CircularRankingRow | undefined, medians: { closure: number | null; pass: number | null }): string {
  const parts: string[] = [];
  if (v?.acceptancePassRate != null && medians.pass !== null && v.acceptancePassRate < medians.pass)
    parts.push(`验收通过率仅为${percentText(v.acceptancePassRate)}`);
  if (v?.reportPunctuality != null && v.reportPunctuality < 1) parts.push(`周报按时率仅为${percentText(v.reportPunctuality)}`);
  if (v?.closureRate != null && medians.closure !== null && v.closureRate < medians.closure) parts.push('整改销号进度相对滞后');
  return parts.length ? parts.join('，') : '综合得分靠后';
}

function laggardsText(a: CircularAnnex): string {
  const names = laggardNames(a);
  if (a.ranking.villages.length === 0) return '本月暂无参与排名的村（社区）。';
  if (names.length === 0) return '本月没有需要通报的工作推进滞后单位。';
  const byName = new Map(a.ranking.villages.map((v) => [v.name, v]));
  const ragByName = new Map(a.rag.map((r) => [r.organization, r]));
  const count = a.ranking.villages.length;
  const medianClosure = median(a.ranking.villages.map((v) => v.closureRate));
  const medianPass = median(a.ranking.villages.map((v) => v.acceptancePassRate));
  const paragraphs = names.map((name, i) => {
    const v = byName.get(name);
    const rag = ragByName.get(name);
    const rankText = v ? `本月综合得分${v.score}分，在${count}个村（社区）中排名第${v.rank}位，销号率${percentText(v.closureRate)}` : '';
    // Its colour as annex 2 gives it: a laggard green there read as a contradiction when the text said nothing of it.
    const ragText =
      rag?.colour === 'red'
        ? `，被列为红色预警（${closeNumberSpaces(rag.reasons)}）`
        : rag?.colour === 'amber'
          ? `，被列为黄色预警（${closeNumberSpaces(rag.reasons)}）`
          : rag?.colour === 'green'
            ? '，未列入红色、黄色预警'
            : '';
    const overdue = a.overdue.filter((o) => o.organization === name).sort((x, y) => y.daysOverdue - x.daysOverdue);
    const named = overdue
      .slice(0, NAMED_PROBLEMS_EACH)
      .map((o) => `${o.code}“${shorten(o.description)}”（逾期${o.daysOverdue}天）`)
      .join('；');
    const problems =
      overdue.length === 0
        ? `暂无逾期问题，但${laggingIn(v, { closure: medianClosure, pass: medianPass })}。`
        : `逾期未整改问题${overdue.length}个，主要有：${named}${overdue.length > NAMED_PROBLEMS_EACH ? '等' : ''}。`;
    return `（${ordinal(i)}）${name}。${rankText}${ragText}。${problems}`;
  });
  const others = otherRedNames(a);
  // Each with its own reasons, as the RAG annex gives them: a village red for two missed weekly reports was said to
  // have a problem overdue past the threshold. A province has thousands: the sentence names the first
  // OTHER_RED_NAMED_MAX (by rank, worst last) and counts them all ("等" only then: it says there are more).
  const shown = others
    .slice(0, OTHER_RED_NAMED_MAX)
    .map((name) => {
      const reasons = ragByName.get(name)?.reasons;
      return reasons ? `${name}（${closeNumberSpaces(reasons)}）` : name;
    })
    .join('、');
  const listed = others.length > OTHER_RED_NAMED_MAX ? `${shown}等${others.length}个单位（完整名单见附件2）` : shown;
  const othersText = others.length ? [`此外，${listed}被列为红色预警，要立即查找原因、限期整改。`] : [];
  return [
    // All of them green (a month with nothing overdue): named for their place in the ranking, not as "滞后" in
    // everything (annex 2 says 进度正常 for each).
    names.every((n) => ragByName.get(n)?.colour === 'green')
      ? `本月综合排名靠后的有以下${names.length}个单位，予以通报：`
      : `本月以下${names.length}个单位工作推进滞后，予以通报：`,
    ...paragraphs,
    ...othersText,
    `请上述单位党组织高度重视，认真查找原因，逐项明确整改措施、责任人和完成时限，确保问题按期整改到位，并于${chineseMonthDay(`${addMonths(a.month, 2)}-05`)}前将整改情况书面报区党群工作部。`,
  ].join('\n');
}

/** The sentence on leaders' instructions not done by their deadline (empty when none). */
function overdueTasksText(a: Pick<CircularAnnex, 'overdueTasks'>): string {
  const tasks = a.overdueTasks ?? [];
  if (tasks.length === 0) return '';
  const orgs = [...new Set(tasks.map((t) => t.organization))];
  return `另有领导调研督导交办事项${tasks.length}项逾期未办结，涉及${orgs.join('、')}，清单见附件3，相关单位要限期办结并报告办理结果。`;
}

function overdueText(a: CircularAnnex): string {
  if (a.overdue.length === 0) return `截至${chineseDate(a.asAt)}，全区无逾期未整改问题。${overdueTasksText(a)}`;
  const longest = [...a.overdue].sort((x, y) => y.daysOverdue - x.daysOverdue || x.code.localeCompare(y.code))[0]!;
  const orgs = new Set(a.overdue.map((o) => o.organization)).size;
  const long = a.overdue.filter((o) => o.daysOverdue > a.totals.redOverdueDays).length;
  return (
    `截至${chineseDate(a.asAt)}，全区共有${a.overdue.length}个问题超过整改时限未完成整改，涉及${orgs}个单位，` +
    `其中逾期超过${a.totals.redOverdueDays}天的${long}个。逾期时间最长的是${longest.organization}${longest.code}“${shorten(longest.description)}”，` +
    `整改时限为${chineseDate(longest.dueOn)}，已逾期${longest.daysOverdue}天。逾期问题清单见附件3，相关单位要限期整改销号。` +
    overdueTasksText(a)
  );
}

function interviewsText(a: CircularAnnex): string {
  if (a.interviews.length === 0) return '本月无约谈。';
  // One bracket per unit: the reasons' own brackets ("（共 16 名）") and a month's colon read as
  // "上庄村（11月12日，2026年10月：月度排名第16名（共16名），处于末位）".
  const reasonText = (r: string) =>
    closeNumberSpaces(r)
      .replace(/（([^（）]*)）/g, '，$1')
      .replace(/(\d{4}年\d{1,2}月)：/g, '$1');
  const list = a.interviews
    .map((i) => `${i.organization}（${chineseDate(i.date).slice(5)}约谈${i.reasons ? `，事由：${reasonText(i.reasons)}` : ''}）`)
    .join('；');
  return `本月约谈${a.interviews.length}个单位党组织书记：${list}。被约谈单位要对照约谈要求认真整改，按时报告整改落实情况。`;
}

function focusText(): string {
  return [
    '一是加快问题整改销号。各村（社区）要对照问题台账逐项推进，坚持“验收一个、合格一个、销号一个”，逾期问题要限期整改销号。',
    '二是压实工作责任。街道党工委要加强督促指导，包联组要深入一线跟踪问效，对推进不力、整建不实、效果不佳的单位及时约谈。',
    '三是坚持一周一统计、一周一汇报。各单位要按时报送周报，如实反映整改进展，确保台账数据真实准确。',
    '四是注重建章立制。要把整改中形成的好经验好做法固化为制度，推动基层组织规范化建设常态长效。',
  ].join('\n');
}

/** The default text of one section. */
export function sectionText(key: CircularSectionKey, annex: CircularAnnex): string {
  switch (key) {
    case 'overall':
      return overallText(annex);
    case 'good':
      return goodText(annex);
    case 'laggards':
      return laggardsText(annex);
    case 'overdue':
      return overdueText(annex);
    case 'interviews':
      return interviewsText(annex);
    case 'venues':
      return venueSectionText(annex.venues, annex.asAt);
    case 'study':
      return studySectionText(annex.study);
    case 'focus':
      return focusText();
  }
}

/** Every section with its default text. */
export function defaultSections(annex: CircularAnnex): CircularSection[] {
  return CIRCULAR_SECTION_KEYS.map((key) => ({
    key,
    heading: CIRCULAR_SECTION_HEADINGS[key],
    text: sectionText(key, annex),
    edited: false,
  }));
}

/** After a regeneration: sections a person edited keep their text; the others take the new default. */
export function refreshSections(current: readonly CircularSection[], annex: CircularAnnex): CircularSection[] {
  const byKey = new Map(current.map((s) => [s.key, s]));
  return CIRCULAR_SECTION_KEYS.map((key) => {
    const old = byKey.get(key);
    if (old?.edited) return { ...old, heading: CIRCULAR_SECTION_HEADINGS[key] };
    return { key, heading: CIRCULAR_SECTION_HEADINGS[key], text: sectionText(key, annex), edited: false };
  });
}

/** The opening paragraph above the sections. */
export function circularOpening(month: string): string {
  return `为深入推进基层党组织规范化建设，压实整改责任，根据“一周一统计、一周一汇报、一月一通报”工作要求，现将${chineseMonth(month)}全区基层组织规范化建设推进情况通报如下：`;
}

/** 主送 line: who the circular is addressed to. */
export const CIRCULAR_ADDRESSEES = '各街道党工委，各村（社区）党组织，各包联组：';

/** Annex titles, numbered as the body refers to them. */
export const CIRCULAR_ANNEX_TITLES = {
  ranking: '附件1：村（社区）月度综合评分排名',
  rag: '附件2：各单位红黄绿情况',
  overdue: '附件3：逾期未整改问题清单',
} as const;

/**
 * 版记's last line (GB/T 9704): the office that drafted and printed the circular, and the day it was printed
 * (published; a draft shows its 成文日期), "中共渭南高新区党工委党群工作部 … 2026年11月27日印发": its two ends, for a
 * layout that sets the office on the left and the date on the right (the print view, the Word file, the portal).
 */
export function circularImprintParts(draftingOffice: string, printedOn: string): { office: string; printed: string } {
  return { office: draftingOffice, printed: `${chineseDate(printedOn)}印发` };
}

/** The second table of annex 3: leaders' instructions (交办事项) not done by their deadline. */
export const CIRCULAR_OVERDUE_TASKS_TITLE = '逾期未办结的调研督导交办事项';

/** "↑2", "↓1", "—", "新" */
export function movementText(movement: number | null): string {
  if (movement === null) return '新';
  if (movement > 0) return `↑${movement}`;
  if (movement < 0) return `↓${-movement}`;
  return '—';
}

export const RAG_TEXT: Record<CircularRagRow['colour'], string> = { red: '红', amber: '黄', green: '绿' };

/** The annex's ranking shows 学习得分率 when it weighed in the scores (a row carries it). */
export const rankingHasStudy = (rows: ReadonlyArray<{ study?: number | null }>): boolean =>
  rows.some((r) => r.study !== undefined && r.study !== null);
