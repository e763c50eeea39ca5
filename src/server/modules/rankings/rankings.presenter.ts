import type { RagRow, RagStatus, RankingEntry } from '../../../domain/contracts/rankings.ts';
import type { CadenceRules } from '../../../domain/cadence-rules.ts';
import { ragReasonText, type RagResult, ragSummary } from '../../../domain/rag.ts';
import { type Ranked, scoreParts, weightSum } from '../../../domain/ranking.ts';
import { closureRate } from '../../../domain/statistics.ts';
import type { OrgFigures } from '../statistics/figures.service.ts';

export function presentRag(r: RagResult): RagStatus {
  return {
    colour: r.colour,
    reasons: r.reasons,
    reasonsZh: r.reasons.map((x) => ragReasonText(x, 'zh')),
    reasonsEn: r.reasons.map((x) => ragReasonText(x, 'en')),
    summaryZh: ragSummary(r, 'zh'),
    summaryEn: ragSummary(r, 'en'),
  };
}

export function presentRankingEntry(
  r: Ranked,
  of: number,
  e: OrgFigures,
  rag: RagResult,
  parentName: string | null,
  /** The study share when it weighs in the score, else null. */
  study: number | null,
): RankingEntry {
  const f = e.figures;
  return {
    organizationId: r.id,
    organizationName: r.name,
    kind: e.org.kind,
    parentName,
    rank: r.rank,
    of,
    tied: r.tied,
    score: r.score,
    parts: { ...scoreParts(f), study },
    figures: {
      total: f.total,
      closed: f.closed,
      overdue: f.overdue,
      acceptedCount: f.acceptedCount,
      rejectedCount: f.rejectedCount,
      reportsOnTime: f.reportsOnTime,
      reportsExpected: f.reportsExpected,
      standardScore: f.standardScore,
      standardMax: f.standardMax,
      unitsAttained: f.unitsAttained,
    },
    rag: presentRag(rag),
    previousRank: r.previousRank,
    movement: r.movement,
  };
}

export function presentRagRow(e: OrgFigures, rag: RagResult): RagRow {
  return {
    organizationId: e.org.id,
    organizationName: e.org.name,
    kind: e.org.kind,
    rag: presentRag(rag),
    total: e.figures.total,
    closed: e.figures.closed,
    overdue: e.figures.overdue,
    closureRate: closureRate(e.figures),
  };
}

/** The score formula in words, with the weights in force (kept beside `score()` in src/domain/ranking.ts). */
export function scoreFormula(w: CadenceRules['ranking']): { zh: string; en: string } {
  const sum = weightSum(w);
  return {
    zh:
      `得分 = 100 ×（${w.closureRate}×销号率 + ${w.acceptancePassRate}×验收合格率 + ${w.overdue}×(1 − 逾期占比) + ` +
      `${w.reportPunctuality}×周报按时率 + ${w.standardScore}×对标得分率）÷ ${sum}，保留一位小数。销号率 = 月末已销号问题 ÷ 全部问题；验收合格率 = 本月验收合格 ÷ ` +
      `（验收合格 + 退回）；逾期占比 = 月末逾期问题 ÷ 全部问题；周报按时率 = 按时提交的周报 ÷ 应报周报；` +
      `对标得分率 = 月末最近一轮排查的对标得分 ÷ 标准总分（检查项排查时达标、不适用，或其下问题全部销号、撤销的，得该项分值；街道按所辖各村合计）。` +
      `已撤销的问题不计入任何一项。没有可计量内容的一项按满分计。` +
      `得分相同者并列同一名次（如 1、2、2、4），按名称排列；名次变化与上月比较。`,
    en:
      `score = 100 × (${w.closureRate}×closure rate + ${w.acceptancePassRate}×acceptance pass rate + ${w.overdue}×(1 − overdue share) + ` +
      `${w.reportPunctuality}×report punctuality + ${w.standardScore}×standard score) ÷ ${sum}, one decimal. Closure rate = problems closed at month end ÷ all problems; ` +
      `acceptance pass rate = accepted ÷ (accepted + sent back) during the month; overdue share = overdue at month end ÷ all problems; ` +
      `report punctuality = weekly reports filed on time ÷ reports expected; standard score = the score against the standard of the latest ` +
      `inspection round at month end ÷ the standard's total (an item scores its weight when it met the standard at inspection, does not apply, ` +
      `or every problem under it is closed or withdrawn; a subdistrict sums its villages). Withdrawn problems count nowhere. ` +
      `A part with nothing to measure counts in full. Equal scores share a rank (1, 2, 2, 4) and are listed by name; movement is against last month.`,
  };
}
