import type { Interview } from '../../../domain/contracts/interviews.ts';
import { type InterviewReason, interviewReasonText } from '../../../domain/interview-triggers.ts';
import type { InterviewStatus } from '../../../domain/interview-workflow.ts';
import type { InterviewsTable } from '../../db/database.ts';
import type { Actor } from '../../http/context.ts';
import { interviewAllowedActions } from './interviews.policy.ts';
import type { InterviewRow } from './interviews.repository.ts';

export function presentReason(reason: InterviewReason) {
  return { reason, zh: interviewReasonText(reason, 'zh'), en: interviewReasonText(reason, 'en') };
}

function parseReasons(json: string): InterviewReason[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as InterviewReason[]) : [];
  } catch {
    return [];
  }
}

/** The row as the API shows it. A cancelled interview keeps its cancellation reason in `follow_up`. */
export function presentInterview(row: InterviewRow, actor: Actor): Interview {
  const status = row.status as InterviewStatus;
  const cancelled = status === 'cancelled';
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    organizationKind: row.organization_kind,
    status,
    month: row.month,
    reasons: parseReasons(row.reasons).map(presentReason),
    scheduledAt: row.scheduled_at,
    location: row.location,
    interviewer: row.interviewer,
    attendees: row.attendees,
    notice: row.notice,
    talkingPoints: row.talking_points,
    commitments: row.commitments,
    commitmentDueOn: row.commitment_due_on,
    heldAt: row.held_at,
    followUp: cancelled ? null : row.follow_up,
    cancelReason: cancelled ? row.follow_up : null,
    closedAt: row.closed_at,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    allowedActions: interviewAllowedActions(actor, row),
  };
}

/** What the audit log keeps of an interview. */
export function snapshotInterview(row: InterviewRow | InterviewsTable): Record<string, unknown> {
  return {
    status: row.status,
    month: row.month,
    scheduledAt: row.scheduled_at,
    location: row.location,
    interviewer: row.interviewer,
    attendees: row.attendees,
    notice: row.notice,
    talkingPoints: row.talking_points,
    commitments: row.commitments,
    commitmentDueOn: row.commitment_due_on,
    heldAt: row.held_at,
    followUp: row.follow_up,
    closedAt: row.closed_at,
  };
}
