import type { StudySettings, UpdateStudySettingsBody } from '../../../domain/contracts/study.ts';
import { type StudyRules, StudyRulesSchema } from '../../../domain/study-rules.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import type { AuthedContext, Executor } from '../../http/context.ts';
import { conflict, forbidden } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import * as settingsRepo from '../settings/settings.repository.ts';
import { actorCanDistrictWide } from '../settings/settings.service.ts';

/** The program-settings key of the Party life's rules (src/domain/study-rules.ts). */
export const STUDY_SETTINGS_KEY = 'study';
const SETTINGS = '党建学习规则';

/** The rules in force: the saved ones, or the defaults (a stored value that no longer parses falls back to them). */
export async function loadStudyRules(db: Executor): Promise<StudyRules> {
  const row = await settingsRepo.find(db, STUDY_SETTINGS_KEY);
  if (!row) return StudyRulesSchema.parse({});
  const parsed = StudyRulesSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : StudyRulesSchema.parse({});
}

export async function getStudySettings(ctx: AuthedContext): Promise<StudySettings> {
  const row = await settingsRepo.find(ctx.db.kysely, STUDY_SETTINGS_KEY);
  return {
    rules: await loadStudyRules(ctx.db.kysely),
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
    allowedActions: actorCanDistrictWide(ctx.actor, 'settings.manage') ? ['edit'] : [],
  };
}

/** Saves the rules (the meeting rhythm, the study window, RAG, interviews, the ranking weight). Throws FORBIDDEN, CONFLICT. */
export async function updateStudySettings(ctx: AuthedContext, body: UpdateStudySettingsBody): Promise<StudySettings> {
  if (!actorCanDistrictWide(ctx.actor, 'settings.manage')) throw forbidden('只有区级管理员可以修改规则设置');
  const value = JSON.stringify(body.rules);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadStudyRules(trx);
    const row = await settingsRepo.find(trx, STUDY_SETTINGS_KEY);
    const at = ctx.now.toISOString();
    if (!row) {
      if (body.version !== 0) throw conflict(SETTINGS);
      try {
        await settingsRepo.insert(trx, { key: STUDY_SETTINGS_KEY, value, updatedAt: at, updatedBy: ctx.actor.userId });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(SETTINGS);
        throw err;
      }
    } else if (
      !(await settingsRepo.updateIfVersion(trx, {
        key: STUDY_SETTINGS_KEY,
        value,
        version: body.version,
        updatedAt: at,
        updatedBy: ctx.actor.userId,
      }))
    ) {
      throw conflict(SETTINGS);
    }
    await recordAuditEvent(
      trx,
      ctx,
      {
        type: 'settings.updated',
        key: STUDY_SETTINGS_KEY,
        before: before as unknown as Record<string, unknown>,
        after: body.rules as unknown as Record<string, unknown>,
      },
      { entityType: 'settings', entityId: null, organizationId: null },
    );
  });
  return getStudySettings(ctx);
}
