import type { AuditEvent } from '../../../domain/contracts/audit.ts';
import type { AuditListRow } from './audit.repository.ts';

export function presentAuditEvent(r: AuditListRow, labels: ReadonlyMap<string, string> = new Map()): AuditEvent {
  return {
    id: r.id,
    at: r.at,
    type: r.type,
    actorId: r.actor_id,
    actorName: r.actor_name ?? null,
    organizationId: r.organization_id,
    organizationName: r.organization_name ?? null,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityLabel: (r.entity_id && labels.get(r.entity_id)) ?? null,
    requestId: r.request_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}
