import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';
import { uniqueName } from '../../testing/factories.ts';

/**
 * 达标验收 and the rectification period: readers of a village see its score and 达标 state; the liaison group
 * (and district admins, ltadmin within 良田街道) proposes; attainment.confirm (district officer, district
 * admins) confirms, sends back or revokes; inspection.manage over the whole round sets its 集中整改期.
 */
export function attainmentAccessRows(env: AccessEnv): AccessRow[] {
  /**
   * A fresh round over a village of 良田街道 whose checklist is done with nothing found. 东坡村 qualifies for 达标 (its
   * venue passes); 大闵村's venue is on the 清零 clearance list, which keeps it from 达标.
   */
  const freshDoneChecklist = async (village = '大闵村'): Promise<{ roundId: string; roundVersion: number; checklistId: string }> => {
    const t = env.t();
    const version = await t.db.kysely
      .selectFrom('standard_versions')
      .select('id')
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const round = await env.ok(
      {
        method: 'POST',
        url: '/api/inspection-rounds',
        payload: {
          name: uniqueName('达标权限测试'),
          standardVersionId: version.id,
          periodStart: '2026-11-27',
          periodEnd: '2026-12-27',
          organizationIds: [await t.orgId(village)],
        },
      },
      201,
    );
    const checklistId = round.checklists[0].id as string;
    // Recording every item of the demo standard one by one is the inspections module's test; here it is done.
    await t.db.kysely
      .updateTable('inspection_checklists')
      .set({ status: 'done', completed_at: round.createdAt as string })
      .where('id', '=', checklistId)
      .execute();
    return { roundId: round.id, roundVersion: round.version, checklistId };
  };
  const proposed = async () => {
    const c = await freshDoneChecklist('东坡村');
    const a = await env.ok({
      method: 'POST',
      url: `/api/attainments/${c.checklistId}/transitions`,
      payload: { action: 'propose', version: 0, note: '经逐项核验，问题均已整改销号' },
    });
    return { checklistId: c.checklistId, version: a.version as number };
  };
  return [
    {
      route: 'GET /api/attainments',
      target: "the latest round's villages in the reader's scope",
      request: async () => ({ method: 'GET', url: '/api/attainments' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/attainments/{checklistId}',
      target: 'the standing of 大闵村 in a round',
      request: async () => ({ method: 'GET', url: `/api/attainments/${(await freshDoneChecklist()).checklistId}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/attainments/{checklistId}/transitions',
      target: 'propose 东坡村 (checklist done, nothing unsettled, its venue passes)',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: `/api/attainments/${(await freshDoneChecklist('东坡村')).checklistId}/transitions`,
        payload: { action: 'propose', version: 0, note: '经逐项核验，问题均已整改销号' },
      }),
      // The secretary of 大闵村 does not see 东坡村 (404).
      expect: statuses(403, { admin: 200, ltadmin: 200, zhangdong: 404, secretary: 404 }),
    },
    {
      route: 'POST /api/attainments/{checklistId}/transitions',
      target: 'confirm the proposal of 东坡村',
      writes: 'on-success',
      request: async () => {
        const p = await proposed();
        return { method: 'POST', url: `/api/attainments/${p.checklistId}/transitions`, payload: { action: 'confirm', version: p.version } };
      },
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404, secretary: 404 }),
    },
    {
      route: 'PUT /api/inspection-rounds/{id}/rectification-period',
      target: 'the 集中整改期 of a round over 大闵村',
      writes: 'on-success',
      request: async () => {
        const c = await freshDoneChecklist();
        return {
          method: 'PUT',
          url: `/api/inspection-rounds/${c.roundId}/rectification-period`,
          payload: { version: c.roundVersion, start: '2026-12-01', end: '2027-01-31' },
        };
      },
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
    },
  ];
}
