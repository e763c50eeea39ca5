import { AuditEventDataSchema, type AuditEntityType, type AuditEventData } from '../../../domain/audit-events.ts';
import type { AuditQuery } from '../../../domain/contracts/audit.ts';
import { scopeRoots } from '../../../domain/roles.ts';
import { pathIds } from '../../../domain/organizations.ts';
import { shanghaiDayEnd, shanghaiDayStart } from '../../../domain/time.ts';
import { newId } from '../../db/ids.ts';
import type { AuthedContext, Executor, ServiceContext } from '../../http/context.ts';
import { forbidden } from '../../http/errors.ts';
import * as organizations from '../organizations/organizations.repository.ts';
import * as audit from './audit.repository.ts';
import { appendToChain, auditChainEntry } from './audit-chain.service.ts';
import { presentAuditEvent } from './audit.presenter.ts';
import { noteRecordChange } from './record-generation.ts';

/** A label fits the table's column: a measure's words or an article's title end in … after 24 characters. */
function shorten(label: string): string {
  const chars = [...label];
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : label;
}

export interface AuditTarget {
  entityType: AuditEntityType;
  entityId: string | null;
  organizationId: string | null;
}

/**
 * Writes one audit event inside the caller's transaction. The payload is
 * validated against its schema, so a malformed event fails the mutation. The
 * event takes the next link of the hash chain; on PostgreSQL the chain head
 * stays locked until the caller's transaction ends, so audited transactions
 * commit one after another from this point on.
 */
export async function recordAuditEvent(
  trx: Executor,
  ctx: ServiceContext,
  data: AuditEventData,
  target: AuditTarget,
  actorId?: string | null,
): Promise<void> {
  const parsed = AuditEventDataSchema.parse(data);
  const { type, ...rest } = parsed;
  const row = {
    id: newId(),
    at: ctx.now.toISOString(),
    type,
    actor_id: actorId !== undefined ? actorId : (ctx.actor?.userId ?? null),
    organization_id: target.organizationId,
    entity_type: target.entityType,
    entity_id: target.entityId,
    request_id: ctx.requestId,
    data: JSON.stringify(rest),
  };
  noteRecordChange();
  const link = await appendToChain(trx, ctx.db.kind, auditChainEntry(row));
  await audit.insert(trx, {
    id: row.id,
    at: row.at,
    type: row.type,
    actorId: row.actor_id,
    organizationId: row.organization_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    requestId: row.request_id,
    data: row.data,
    ...link,
  });
}

/** Lists audit events within the reader's audit scope. Throws FORBIDDEN without audit.read. */
export async function listAuditEvents(ctx: AuthedContext, query: AuditQuery) {
  const roots = scopeRoots(ctx.actor.assignments, 'audit.read');
  if (roots.length === 0) throw forbidden('只有管理员可以查看审计日志');
  let organizationPath: string | undefined;
  if (query.organizationId) {
    const org = await organizations.findById(ctx.db.kysely, query.organizationId);
    // An organization outside the scope filters to nothing rather than revealing it exists.
    organizationPath = org && roots.some((r) => org.path.startsWith(r)) ? org.path : '/-none-/';
  }
  const { total, rows } = await audit.list(ctx.db.kysely, ctx.db.kind, {
    scopeRoots: roots,
    // Events without an organization (logins, system) are for whole-tree readers only; in a database of several roots
    // (districts, provinces), only those of people holding a role in the reader's own tree.
    includeUnscoped: !roots.some((r) => pathIds(r).length === 1)
      ? false
      : (await organizations.listRootPaths(ctx.db.kysely)).length > 1
        ? 'actorInScope'
        : true,
    actorId: query.actorId,
    organizationPath,
    entityType: query.entityType,
    entityId: query.entityId,
    type: query.type,
    fromAt: query.from ? shanghaiDayStart(query.from).toISOString() : undefined,
    toAt: query.to ? shanghaiDayEnd(query.to).toISOString() : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  // A problem is known by its code, a measure by its words, a file by its name…, not by an id (the page showed
  // 问题 · 01a24765 for every seeded problem, then the end of an id for measures and files).
  const named = rows.flatMap((r) => (r.entity_id ? [{ type: r.entity_type, id: r.entity_id }] : []));
  const labels = new Map([...(await audit.entityLabels(ctx.db.kysely, named))].map(([id, label]) => [id, shorten(label)]));
  return { items: rows.map((r) => presentAuditEvent(r, labels)), total, page: query.page, pageSize: query.pageSize };
}
