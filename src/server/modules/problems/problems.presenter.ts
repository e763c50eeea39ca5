import type {
  EvidenceSummary,
  LastRejection,
  MeasureSummary,
  ProblemAck,
  ProblemDetail,
  ProblemListItem,
  Severity,
  TimelineEntry,
} from '../../../domain/contracts/problems.ts';
import { daysOverdue, isDueSoon, isLateAcceptance, isOverdue, type ProblemStatus } from '../../../domain/problem-workflow.ts';
import { toBool } from '../../db/dialect.ts';
import type { Actor } from '../../http/context.ts';
import { problemAllowedActions, type ProblemLike, type ProblemRules } from './problems.policy.ts';
import type { ProblemWithLabels } from './problems.repository.ts';

export function presentProblemListItem(r: ProblemWithLabels, actor: Actor, now: Date, rules: ProblemRules): ProblemListItem {
  const status = r.status as ProblemStatus;
  return {
    id: r.id,
    code: r.code,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    areaName: r.area_name ?? null,
    checkItemCode: r.check_item_code ?? null,
    checkItemTitle: r.check_item_title ?? null,
    description: r.description,
    severity: r.severity as Severity,
    status,
    dueOn: r.due_on,
    overdue: isOverdue(status, r.due_on, now),
    daysOverdue: daysOverdue(status, r.due_on, now),
    dueSoon: isDueSoon(status, r.due_on, now),
    ownerName: r.owner_name,
    responsibleOrgName: r.responsible_org_name ?? null,
    leadOfficial: r.lead_official,
    foundOn: r.found_on,
    version: r.version,
    updatedAt: r.updated_at,
    allowedActions: problemAllowedActions(actor, r, rules),
  };
}

/** A write's short answer (`Prefer: return=minimal`): the problem's version, status and buttons. */
export function presentProblemAck(
  r: ProblemLike & { id: string; version: number; updated_at: string },
  actor: Actor,
  rules: ProblemRules,
): ProblemAck {
  return {
    id: r.id,
    status: r.status as ProblemStatus,
    version: r.version,
    updatedAt: r.updated_at,
    allowedActions: problemAllowedActions(actor, r, rules),
  };
}

export interface DetailParts {
  organizationPath: Array<{ id: string; name: string }>;
  history: Array<{
    id: string;
    action: string;
    from_status: string | null;
    to_status: string;
    at: string;
    reason: string | null;
    actor_name: string | null;
  }>;
  notes: Array<{ id: string; at: string; text: string; author_name: string | null }>;
  measures: MeasureSummary[];
  evidence: EvidenceSummary[];
  names: Map<string, string>;
  roundName: string | null;
  groupName: string | null;
}

/**
 * The send-back the village is working on: the problem is rectifying and the
 * last workflow step was a reject (only start, reject and reopen lead into
 * rectifying, and only submit leads out of it). History comes oldest first.
 */
function lastRejectionOf(status: string, history: DetailParts['history']): LastRejection | null {
  const last = history.at(-1);
  if (status !== 'rectifying' || last?.action !== 'reject') return null;
  return { reason: last.reason ?? '', at: last.at, byName: last.actor_name ?? null };
}

export function presentProblemDetail(
  r: ProblemWithLabels,
  actor: Actor,
  now: Date,
  rules: ProblemRules,
  parts: DetailParts,
): ProblemDetail {
  const timeline: TimelineEntry[] = [
    ...parts.history.map((h) => ({
      id: h.id,
      kind: 'history' as const,
      at: h.at,
      actorName: h.actor_name ?? null,
      action: h.action,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      text: h.reason,
    })),
    ...parts.notes.map((n) => ({
      id: n.id,
      kind: 'progress' as const,
      at: n.at,
      actorName: n.author_name ?? null,
      action: null,
      fromStatus: null,
      toStatus: null,
      text: n.text,
    })),
  ].sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
  return {
    ...presentProblemListItem(r, actor, now, rules),
    organizationPath: parts.organizationPath,
    checkItemCriterion: r.check_item_criterion ?? null,
    responsibleOrgId: r.responsible_org_id,
    ownerId: r.owner_id,
    tags: JSON.parse(r.tags) as string[],
    isPublic: toBool(r.is_public),
    remark: r.remark,
    sourceRoundName: parts.roundName,
    sourceGroupName: parts.groupName,
    foundByName: r.found_by ? (parts.names.get(r.found_by) ?? null) : null,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    acceptedByName: r.accepted_by ? (parts.names.get(r.accepted_by) ?? null) : null,
    acceptanceOpinion: r.acceptance_opinion,
    closedAt: r.closed_at,
    lateAcceptance: r.accepted_at ? isLateAcceptance(new Date(r.accepted_at), r.due_on) : false,
    createdAt: r.created_at,
    timeline,
    measures: parts.measures,
    evidence: parts.evidence,
    lastRejection: lastRejectionOf(r.status, parts.history),
  };
}
