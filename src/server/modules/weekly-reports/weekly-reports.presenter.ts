import type {
  ReportFigures,
  ReportUnit,
  WeeklyReportAllowedAction,
  WeeklyReportComment,
  WeeklyReportDetail,
} from '../../../domain/contracts/weekly-reports.ts';
import { emptyFigures, type Figures } from '../../../domain/statistics.ts';
import { reportFlag, type WeeklyReportStatus } from '../../../domain/weekly-report-workflow.ts';
import { toBool } from '../../db/dialect.ts';
import type { CommentRow, WeeklyReportRow } from './weekly-reports.repository.ts';

/** The ledger figures a report keeps (the rest of Figures is the statistics' business). */
export function pickReportFigures(f: Figures): ReportFigures {
  return {
    total: f.total,
    open: f.open,
    rectifying: f.rectifying,
    submitted: f.submitted,
    accepted: f.accepted,
    closed: f.closed,
    overdue: f.overdue,
    newCount: f.newCount,
    acceptedCount: f.acceptedCount,
    rejectedCount: f.rejectedCount,
    closedCount: f.closedCount,
    measuresTotal: f.measuresTotal,
    measuresDone: f.measuresDone,
  };
}

const ZERO_FIGURES: ReportFigures = pickReportFigures(emptyFigures());

/** Stored JSON back to figures; a missing or odd field reads as 0 rather than failing the page. */
export function parseFigures(text: string): ReportFigures {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const out = { ...ZERO_FIGURES };
  for (const key of Object.keys(out) as (keyof ReportFigures)[]) {
    const v = raw[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

/** Filed = has a first filing (also when sent back since); null otherwise. */
export function filedOf(row: Pick<WeeklyReportRow, 'submitted_at' | 'is_late'>): { late: boolean } | null {
  return row.submitted_at ? { late: toBool(row.is_late) } : null;
}

/** The texts and figures as the audit log keeps them. */
export function reportSnapshot(row: Pick<WeeklyReportRow, 'status' | 'progress' | 'difficulties' | 'next_plan' | 'figures'>) {
  return {
    status: row.status,
    progress: row.progress,
    difficulties: row.difficulties,
    nextPlan: row.next_plan,
    figures: parseFigures(row.figures),
  };
}

export function presentComment(c: CommentRow): WeeklyReportComment {
  return { id: c.id, kind: c.kind === 'return' ? 'return' : 'comment', text: c.text, authorName: c.author_name ?? null, at: c.at };
}

export function presentReportDetail(
  row: WeeklyReportRow,
  extra: {
    unit: ReportUnit;
    dueAt: Date;
    now: Date;
    comments: CommentRow[];
    submittedByName: string | null;
    allowedActions: WeeklyReportAllowedAction[];
  },
): WeeklyReportDetail {
  const filed = filedOf(row);
  return {
    id: row.id,
    week: row.week_start,
    unit: extra.unit,
    status: row.status as WeeklyReportStatus,
    flag: reportFlag(filed, extra.dueAt, extra.now),
    figures: parseFigures(row.figures),
    progress: row.progress,
    difficulties: row.difficulties,
    nextPlan: row.next_plan,
    dueAt: extra.dueAt.toISOString(),
    submittedAt: row.submitted_at,
    submittedByName: extra.submittedByName,
    isLate: filed?.late ?? false,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    comments: extra.comments.map(presentComment),
    allowedActions: extra.allowedActions,
  };
}
