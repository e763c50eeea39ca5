import {
  DEFAULT_PORTAL_SETTINGS,
  type PortalSettings,
  PortalSettingsSchema,
  type PortalSettingsValue,
  type UpdatePortalSettingsBody,
} from '../../../domain/contracts/portal.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { conflict, forbidden } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as settingsRepo from '../settings/settings.repository.ts';
import { actorCanDistrictWide } from '../settings/settings.service.ts';
import { notePortalChange } from './portal.cache.ts';

/**
 * The portal's program defaults of what is public (program_settings key
 * 'portal'); each problem's 公示 switch decides whether it shows at all.
 */
const PORTAL = 'portal';

export async function loadPortalSettings(db: Executor): Promise<PortalSettingsValue> {
  const row = await settingsRepo.find(db, PORTAL);
  if (!row) return DEFAULT_PORTAL_SETTINGS;
  const parsed = PortalSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_PORTAL_SETTINGS;
}

export async function getPortalSettings(ctx: AuthedContext): Promise<PortalSettings> {
  const row = await settingsRepo.find(ctx.db.kysely, PORTAL);
  return {
    settings: await loadPortalSettings(ctx.db.kysely),
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    allowedActions: actorCanDistrictWide(ctx.actor, 'settings.manage') ? ['edit'] : [],
  };
}

/** Saves what is public by default. Throws FORBIDDEN (not a district-wide admin), CONFLICT (stale version). */
export async function updatePortalSettings(ctx: AuthedContext, body: UpdatePortalSettingsBody): Promise<PortalSettings> {
  if (!actorCanDistrictWide(ctx.actor, 'settings.manage')) throw forbidden('只有区级管理员可以修改公开台账设置');
  const value = JSON.stringify(body.settings);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadPortalSettings(trx);
    const row = await settingsRepo.find(trx, PORTAL);
    const at = ctx.now.toISOString();
    if (!row) {
      if (body.version !== 0) throw conflict('公开台账设置');
      try {
        await settingsRepo.insert(trx, { key: PORTAL, value, updatedAt: at, updatedBy: ctx.actor.userId });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('公开台账设置');
        throw err;
      }
    } else if (
      !(await settingsRepo.updateIfVersion(trx, { key: PORTAL, value, version: body.version, updatedAt: at, updatedBy: ctx.actor.userId }))
    ) {
      throw conflict('公开台账设置');
    }
    await recordAuditEvent(
      trx,
      ctx,
      { type: 'settings.updated', key: PORTAL, before: { ...before }, after: { ...body.settings } },
      { entityType: 'settings', entityId: null, organizationId: null },
    );
  });
  notePortalChange();
  return getPortalSettings(ctx);
}
