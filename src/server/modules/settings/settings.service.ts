import { type CadenceRules, CadenceRulesSchema } from '../../../domain/cadence-rules.ts';
import type { CadenceSettings, UpdateCadenceSettingsBody } from '../../../domain/contracts/settings.ts';
import type { Permission } from '../../../domain/roles.ts';
import { roleGrants } from '../../../domain/roles.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Actor, AuthedContext, Executor } from '../../http/context.ts';
import { conflict, forbidden } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { remindAgainFrom } from '../notifications/reminders.service.ts';
import * as repo from './settings.repository.ts';

const CADENCE = 'cadence';

/** The first assignment holding a role that grants `permission` at a root of the tree (the district it covers). */
export function districtWideAssignment(actor: Actor, permission: Permission): Actor['assignments'][number] | undefined {
  return actor.assignments.find((a) => roleGrants(a.role, permission) && a.organizationPath.split('/').filter(Boolean).length === 1);
}

/** True when a role granting `permission` is held at a root of the tree (the whole district). */
export function actorCanDistrictWide(actor: Actor, permission: Permission): boolean {
  return districtWideAssignment(actor, permission) !== undefined;
}

/** The cadence rules in force: the saved ones, or the defaults. A stored value that no longer parses falls back field by field. */
export async function loadCadenceRules(db: Executor): Promise<CadenceRules> {
  const row = await repo.find(db, CADENCE);
  const value = row?.value ?? null;
  // Most requests read the rules and they seldom change: the last stored value's parse is kept (frozen: shared).
  if (lastRules?.value !== value) {
    const parsed = value === null ? undefined : CadenceRulesSchema.safeParse(JSON.parse(value));
    lastRules = { value, rules: deepFreeze(parsed?.success ? parsed.data : CadenceRulesSchema.parse({})) };
  }
  return lastRules.rules;
}

let lastRules: { value: string | null; rules: CadenceRules } | null = null;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export async function getCadenceSettings(ctx: AuthedContext): Promise<CadenceSettings> {
  const row = await repo.find(ctx.db.kysely, CADENCE);
  return {
    rules: await loadCadenceRules(ctx.db.kysely),
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
    allowedActions: actorCanDistrictWide(ctx.actor, 'settings.manage') ? ['edit'] : [],
  };
}

/** Saves new rules. Throws FORBIDDEN (not a district-wide admin), CONFLICT (stale version). */
export async function updateCadenceSettings(ctx: AuthedContext, body: UpdateCadenceSettingsBody): Promise<CadenceSettings> {
  if (!actorCanDistrictWide(ctx.actor, 'settings.manage')) throw forbidden('只有区级管理员可以修改规则设置');
  const value = JSON.stringify(body.rules);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadCadenceRules(trx);
    const row = await repo.find(trx, CADENCE);
    const at = ctx.now.toISOString();
    if (!row) {
      if (body.version !== 0) throw conflict('规则设置');
      try {
        await repo.insert(trx, { key: CADENCE, value, updatedAt: at, updatedBy: ctx.actor.userId });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('规则设置');
        throw err;
      }
    } else if (
      !(await repo.updateIfVersion(trx, { key: CADENCE, value, version: body.version, updatedAt: at, updatedBy: ctx.actor.userId }))
    ) {
      throw conflict('规则设置');
    }
    // New or moved reminder steps: every problem that may have one is examined again on the next reminders run.
    if (JSON.stringify(before.reminders) !== JSON.stringify(body.rules.reminders)) await remindAgainFrom(trx, ctx.now);
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'settings.updated',
        key: CADENCE,
        before: before as unknown as Record<string, unknown>,
        after: body.rules as unknown as Record<string, unknown>,
      },
      { entityType: 'settings', entityId: null, organizationId: null },
    );
  });
  return getCadenceSettings(ctx);
}
