import type { Executor } from '../../http/context.ts';
import type { DialectKind } from '../../db/dialect.ts';
import { toNumber } from '../../db/dialect.ts';
import { precompiledQuery } from '../../db/precompiled.ts';
import { subtreeUpperBound } from '../../../domain/organizations.ts';

/** Append-only: this repository offers insert and list, nothing else. */
export interface NewAuditEvent {
  id: string;
  at: string;
  type: string;
  actorId: string | null;
  organizationId: string | null;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  data: string;
  /** Its link in the hash chain (audit-chain.service.ts `appendToChain`). */
  seq: number;
  prevHash: string;
  hash: string;
}

// Every audited write runs this: precompiled (src/server/db/precompiled.ts).
const insertEvent = precompiledQuery(
  (
    db: Executor,
    id: string,
    at: string,
    type: string,
    actorId: string | null,
    organizationId: string | null,
    entityType: string,
    entityId: string | null,
    requestId: string | null,
    data: string,
    seq: number,
    prevHash: string,
    hash: string,
  ) =>
    db.insertInto('audit_events').values({
      id,
      at,
      type,
      actor_id: actorId,
      organization_id: organizationId,
      entity_type: entityType,
      entity_id: entityId,
      request_id: requestId,
      data,
      seq,
      prev_hash: prevHash,
      hash,
    }),
);

export async function insert(db: Executor, e: NewAuditEvent): Promise<void> {
  await insertEvent(
    db,
    e.id,
    e.at,
    e.type,
    e.actorId,
    e.organizationId,
    e.entityType,
    e.entityId,
    e.requestId,
    e.data,
    e.seq,
    e.prevHash,
    e.hash,
  );
}

/** What an event says about where the record changed: its place in the chain, type, organization and time. */
export interface ChangeMark {
  seq: number;
  type: string;
  organizationId: string | null;
  at: string;
}

// Read by the live figures' cache on every reading after a write (statistics/figures.cache.ts): precompiled.
const eventsAfterQuery = precompiledQuery((db: Executor, after: number, upTo: number, limit: number) =>
  db
    .selectFrom('audit_events')
    .select(['seq', 'type', 'organization_id', 'at'])
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .orderBy('seq')
    .limit(limit),
);

/** The events chained after `after` up to `upTo` (seq order), at most `limit` of them. */
export async function listChangesBetween(db: Executor, after: number, upTo: number, limit: number): Promise<ChangeMark[]> {
  const { rows } = await eventsAfterQuery(db, after, upTo, limit);
  return rows.map((r) => ({ seq: toNumber(r.seq), type: r.type, organizationId: r.organization_id, at: r.at }));
}

const eventsStampedAfterQuery = precompiledQuery((db: Executor, at: string, limit: number) =>
  db.selectFrom('audit_events').select(['seq', 'type', 'organization_id', 'at']).where('at', '>', at).orderBy('at').limit(limit),
);

/** Events stamped after `at` (a writer's clock ahead of the reader's, or a write begun after the reader began). */
export async function listChangesStampedAfter(db: Executor, at: string, limit: number): Promise<ChangeMark[]> {
  const { rows } = await eventsStampedAfterQuery(db, at, limit);
  return rows.map((r) => ({ seq: toNumber(r.seq), type: r.type, organizationId: r.organization_id, at: r.at }));
}

export interface AuditFilter {
  /** Paths of the subtrees the reader may see. */
  scopeRoots: string[];
  /**
   * Whether events with no organization (system, sign-ins, liaison groups) are visible: all of them (a database of
   * one root), or only those whose actor holds a role within scopeRoots (a database of several roots), or none.
   */
  includeUnscoped: boolean | 'actorInScope';
  actorId?: string;
  organizationPath?: string;
  entityType?: string;
  entityId?: string;
  type?: string;
  fromAt?: string;
  toAt?: string;
  limit: number;
  offset: number;
}

export async function list(db: Executor, _kind: DialectKind, f: AuditFilter) {
  let q = db
    .selectFrom('audit_events as e')
    .leftJoin('organizations as o', 'o.id', 'e.organization_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where((eb) => {
      const scoped = f.scopeRoots.map((root) => eb.and([eb('o.path', '>=', root), eb('o.path', '<', subtreeUpperBound(root))]));
      if (f.includeUnscoped === true) scoped.push(eb('e.organization_id', 'is', null));
      else if (f.includeUnscoped === 'actorInScope')
        scoped.push(
          eb.and([
            eb('e.organization_id', 'is', null),
            eb(
              'e.actor_id',
              'in',
              eb
                .selectFrom('role_assignments as ra')
                .innerJoin('organizations as ro', 'ro.id', 'ra.organization_id')
                .select('ra.user_id')
                .where((w) =>
                  w.or(f.scopeRoots.map((root) => w.and([w('ro.path', '>=', root), w('ro.path', '<', subtreeUpperBound(root))]))),
                ),
            ),
          ]),
        );
      return eb.or(scoped);
    });
  if (f.actorId) q = q.where('e.actor_id', '=', f.actorId);
  if (f.organizationPath) q = q.where('o.path', '>=', f.organizationPath).where('o.path', '<', subtreeUpperBound(f.organizationPath));
  if (f.entityType) q = q.where('e.entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('e.entity_id', '=', f.entityId);
  if (f.type) q = q.where('e.type', '=', f.type);
  if (f.fromAt) q = q.where('e.at', '>=', f.fromAt);
  if (f.toAt) q = q.where('e.at', '<', f.toAt);

  const totalRow = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'e.id',
      'e.at',
      'e.type',
      'e.actor_id',
      'u.display_name as actor_name',
      'e.organization_id',
      'o.name as organization_name',
      'e.entity_type',
      'e.entity_id',
      'e.request_id',
      'e.data',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: toNumber(totalRow?.n), rows };
}
export type AuditListRow = Awaited<ReturnType<typeof list>>['rows'][number];

/**
 * What a reader knows a page's records by, where they have such a name the events' own data lacks (a user's or an
 * organization's name is in the event's snapshot): a problem's code, a measure's words, a file's name, an article's
 * title, a venue's name, a weekly report's week. One statement per kind named on the page.
 */
export async function entityLabels(db: Executor, entities: ReadonlyArray<{ type: string; id: string }>): Promise<Map<string, string>> {
  const idsOf = (type: string) => [...new Set(entities.filter((e) => e.type === type).map((e) => e.id))];
  const read = async (type: string, run: (ids: string[]) => Promise<Array<{ id: string; label: string }>>) => {
    const ids = idsOf(type);
    return ids.length === 0 ? [] : run(ids);
  };
  const rows = await Promise.all([
    read('problem', (ids) => db.selectFrom('problems').select(['id', 'code as label']).where('id', 'in', ids).execute()),
    read('measure', (ids) => db.selectFrom('measures').select(['id', 'description as label']).where('id', 'in', ids).execute()),
    read('evidence', (ids) => db.selectFrom('evidence').select(['id', 'original_name as label']).where('id', 'in', ids).execute()),
    read('article', (ids) => db.selectFrom('articles').select(['id', 'title as label']).where('id', 'in', ids).execute()),
    read('venue', (ids) => db.selectFrom('venues').select(['id', 'name as label']).where('id', 'in', ids).execute()),
    read('weekly_report', (ids) => db.selectFrom('weekly_reports').select(['id', 'week_start as label']).where('id', 'in', ids).execute()),
  ]);
  return new Map(rows.flat().map((r) => [r.id, r.label]));
}
