import type { ProblemAllowedAction } from '../../../domain/contracts/problems.ts';
import type {
  ChildFigures,
  DashboardRag,
  OverdueProblem,
  RagVillage,
  TrendWeek,
  VillageProblem,
} from '../../../domain/contracts/dashboard.ts';
import type { OrganizationKind } from '../../../domain/organizations.ts';
import { daysOverdue, isOverdue, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { ragReasonText, type RagResult } from '../../../domain/rag.ts';
import { closureRate, type Figures, standardShare } from '../../../domain/statistics.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { OrgFigures } from '../statistics/figures.service.ts';

const DAY_MS = 86_400_000;

export function presentRag(rag: RagResult | undefined): DashboardRag {
  if (!rag) return { colour: 'green', reasons: [] };
  return { colour: rag.colour, reasons: rag.reasons.map((r) => ({ zh: ragReasonText(r, 'zh'), en: ragReasonText(r, 'en') })) };
}

export function presentChild(e: OrgFigures, rag: RagResult | undefined): ChildFigures {
  const f = e.figures;
  return {
    id: e.org.id,
    name: e.org.name,
    kind: e.org.kind as OrganizationKind,
    total: f.total,
    open: f.open,
    rectifying: f.rectifying,
    submitted: f.submitted,
    accepted: f.accepted,
    closed: f.closed,
    overdue: f.overdue,
    closureRate: closureRate(f),
    rag: presentRag(rag),
  };
}

export function presentRagVillage(e: OrgFigures, rag: RagResult | undefined, subdistrictName: string | null): RagVillage {
  const { colour, reasons } = presentRag(rag);
  return {
    id: e.org.id,
    name: e.org.name,
    subdistrictName,
    colour,
    reasons,
    overdue: e.figures.overdue,
    closureRate: closureRate(e.figures),
  };
}

export function presentLiveWeek(week: string, f: Figures): TrendWeek {
  return {
    week,
    total: f.total,
    closed: f.closed,
    overdue: f.overdue,
    closedCount: f.closedCount,
    newCount: f.newCount,
    frozen: false,
    standardShare: standardShare(f),
    attained: f.unitsAttained,
  };
}

export function presentFrozenWeek(r: {
  week_start: string;
  total: number;
  closed: number;
  overdue: number;
  closed_count: number;
  new_count: number;
  standard_score: number;
  standard_max: number;
  units_scored: number;
  units_attained: number;
}): TrendWeek {
  // Weeks frozen before the standing was counted have units_scored 0: no share, not "0 %".
  const scored = Number(r.units_scored) > 0;
  return {
    week: r.week_start,
    total: Number(r.total),
    closed: Number(r.closed),
    overdue: Number(r.overdue),
    closedCount: Number(r.closed_count),
    newCount: Number(r.new_count),
    frozen: true,
    standardShare: scored ? standardShare({ standardScore: Number(r.standard_score), standardMax: Number(r.standard_max) }) : null,
    attained: scored ? Number(r.units_attained) : null,
  };
}

export const missingWeek = (week: string): TrendWeek => ({
  week,
  total: null,
  closed: null,
  overdue: null,
  closedCount: null,
  newCount: null,
  frozen: false,
  standardShare: null,
  attained: null,
});

interface ProblemRow {
  id: string;
  code: string;
  description: string;
  status: string;
  due_on: string | null;
  owner_name: string | null;
  organization_id: string;
}

export function presentOverdueProblem(r: ProblemRow & { organization_name: string }, now: Date): OverdueProblem {
  return {
    id: r.id,
    code: r.code,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    description: r.description,
    dueOn: r.due_on ?? '',
    daysOverdue: daysOverdue(r.status as ProblemStatus, r.due_on, now),
    ownerName: r.owner_name,
  };
}

export function presentVillageProblem(
  r: ProblemRow & { sent_back_at: string | null; sent_back_reason: string | null },
  now: Date,
  allowedActions: ProblemAllowedAction[],
): VillageProblem {
  const status = r.status as ProblemStatus;
  const overdue = isOverdue(status, r.due_on, now);
  const daysLeft = r.due_on === null || overdue ? null : Math.round((Date.parse(r.due_on) - Date.parse(shanghaiDate(now))) / DAY_MS);
  return {
    id: r.id,
    code: r.code,
    description: r.description,
    status,
    dueOn: r.due_on,
    overdue,
    daysOverdue: daysOverdue(status, r.due_on, now),
    daysLeft,
    ownerName: r.owner_name,
    sentBack: r.sent_back_at === null ? null : { at: r.sent_back_at, reason: r.sent_back_reason ?? '' },
    allowedActions,
  };
}
