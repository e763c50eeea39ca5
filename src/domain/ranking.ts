import type { CadenceRules } from './cadence-rules.ts';
import { acceptancePassRate, closureRate, type Figures, overdueShare, reportPunctuality, standardShare } from './statistics.ts';

/**
 * The monthly ranking's score (documented in docs/ARCHITECTURE.md):
 *   score = 100 × Σ wᵢ·xᵢ / Σ wᵢ over
 *   closure rate (closed / all problems at month end),
 *   acceptance pass rate (accepted / (accepted + sent back) during the month),
 *   1 − overdue share (overdue / all problems at month end),
 *   report punctuality (on-time reports / expected reports in the month),
 *   standing against the standard (the village's score ÷ the standard's
 *   total, of its latest inspection round as at month end; for a
 *   subdistrict, its villages' scores ÷ their totals; src/domain/village-score.ts).
 * A rate with nothing to measure (no problems, no decisions, no reports
 * expected, no inspection yet) counts as 1: having nothing wrong is not a failing.
 * Scores are rounded to one decimal; equal scores share a rank (1, 2, 2, 4)
 * and are listed by name.
 */
export interface ScoreParts {
  closureRate: number;
  acceptancePassRate: number;
  onTimeShare: number;
  reportPunctuality: number;
  standardScore: number;
}

export function scoreParts(f: Figures): ScoreParts {
  return {
    closureRate: closureRate(f) ?? 1,
    acceptancePassRate: acceptancePassRate(f) ?? 1,
    onTimeShare: 1 - (overdueShare(f) ?? 0),
    reportPunctuality: reportPunctuality(f) ?? 1,
    standardScore: standardShare(f) ?? 1,
  };
}

/** The weights' sum (the score is normalised by it to 0–100). */
export function weightSum(w: CadenceRules['ranking']): number {
  return w.closureRate + w.acceptancePassRate + w.overdue + w.reportPunctuality + w.standardScore;
}

export function score(f: Figures, weights: CadenceRules['ranking']): number {
  const p = scoreParts(f);
  const sum =
    weights.closureRate * p.closureRate +
    weights.acceptancePassRate * p.acceptancePassRate +
    weights.overdue * p.onTimeShare +
    weights.reportPunctuality * p.reportPunctuality +
    weights.standardScore * p.standardScore;
  return Math.round((1000 * sum) / weightSum(weights)) / 10;
}

export interface RankInput {
  id: string;
  name: string;
  score: number;
}

export interface Ranked extends RankInput {
  rank: number;
  /** True when another entry has the same score. */
  tied: boolean;
  /** Last month's rank, null when not ranked then. */
  previousRank: number | null;
  /** Places gained since last month (positive = up), null when not ranked then. */
  movement: number | null;
}

/** Competition ranking (1, 2, 2, 4) by score descending, ties listed by name. */
export function rank(entries: readonly RankInput[], previous: ReadonlyMap<string, number> = new Map()): Ranked[] {
  const sorted = [...entries].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
  const counts = new Map<number, number>();
  for (const e of sorted) counts.set(e.score, (counts.get(e.score) ?? 0) + 1);
  let lastScore: number | null = null;
  let lastRank = 0;
  return sorted.map((e, i) => {
    const r = e.score === lastScore ? lastRank : i + 1;
    lastScore = e.score;
    lastRank = r;
    const prev = previous.get(e.id) ?? null;
    return { ...e, rank: r, tied: (counts.get(e.score) ?? 0) > 1, previousRank: prev, movement: prev === null ? null : prev - r };
  });
}
