import type { OrgWeekFigures, SnapshotWeek, WeekFigures } from '../../../domain/contracts/statistics.ts';
import { closureRate, type Figures, overdueMoreThan, standardShare } from '../../../domain/statistics.ts';
import type { OrgFigures } from './figures.service.ts';
import type { SnapshotWeekRow } from './statistics.repository.ts';

export function presentFigures(f: Figures): WeekFigures {
  return {
    total: f.total,
    open: f.open,
    rectifying: f.rectifying,
    submitted: f.submitted,
    accepted: f.accepted,
    closed: f.closed,
    overdue: f.overdue,
    overdueOver14: overdueMoreThan(f, 14),
    overdueOver30: overdueMoreThan(f, 30),
    newCount: f.newCount,
    acceptedCount: f.acceptedCount,
    rejectedCount: f.rejectedCount,
    closedCount: f.closedCount,
    lateAcceptanceCount: f.lateAcceptanceCount,
    measuresTotal: f.measuresTotal,
    measuresDone: f.measuresDone,
    reportsExpected: f.reportsExpected,
    reportsOnTime: f.reportsOnTime,
    reportsLate: f.reportsLate,
    reportsMissing: f.reportsMissing,
    closureRate: closureRate(f),
    standardScore: f.standardScore,
    standardMax: f.standardMax,
    standardShare: standardShare(f),
    unitsScored: f.unitsScored,
    unitsAttained: f.unitsAttained,
  };
}

export function presentOrgFigures(e: OrgFigures): OrgWeekFigures {
  return {
    organizationId: e.org.id,
    organizationName: e.org.name,
    kind: e.org.kind,
    figures: presentFigures(e.figures),
    reportStatus: e.reportStatus,
  };
}

export function presentSnapshotWeek(r: SnapshotWeekRow, canRecompute: boolean): SnapshotWeek {
  return {
    weekStart: r.week_start,
    computedAt: r.computed_at,
    trigger: r.trigger === 'recompute' ? 'recompute' : 'job',
    computedByName: r.computed_by_name ?? null,
    version: Number(r.version),
    allowedActions: canRecompute ? ['recompute'] : [],
  };
}
