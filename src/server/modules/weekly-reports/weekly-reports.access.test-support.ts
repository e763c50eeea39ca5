import { weekStartOf } from '../../../domain/cadence.ts';
import { addDays } from '../../../domain/time.ts';
import { type AccessEnv, type AccessRow, statuses, WHO, type Who } from '../../testing/access-table.ts';

/**
 * 大闵村's reports: its secretary and admins scoped over it file; the
 * subdistrict (良田街道), the district and admins review; every reader of
 * 大闵村 reads; 张东村's secretary does not see them (404).
 *
 * Each case works on its own week of 大闵村 (reports are unique per unit and
 * week): row `slot` × user, counted back from the current week.
 */
export function weeklyReportAccessRows(env: AccessEnv): AccessRow[] {
  const t = () => env.t();
  const weekOf = (slot: number, who: Who) => addDays(weekStartOf(t().clock.now()), -7 * (1 + slot * WHO.length + WHO.indexOf(who)));
  const dm = () => t().orgId('大闵村');

  /** A report of 大闵村 made by admin and brought to `state`. */
  async function reportIn(week: string, state: 'draft' | 'submitted'): Promise<{ id: string; version: number }> {
    let r = await env.ok(
      { method: 'POST', url: '/api/weekly-reports', payload: { week, unitType: 'organization', unitId: await dm() } },
      201,
    );
    if (state === 'submitted') {
      r = await env.ok({
        method: 'PATCH',
        url: `/api/weekly-reports/${r.id}`,
        payload: { version: r.version, progress: '本周完成整改 2 项' },
      });
      r = await env.ok({ method: 'POST', url: `/api/weekly-reports/${r.id}/submit`, payload: { version: r.version } });
    }
    return { id: r.id, version: r.version };
  }

  const filers = { admin: 0, secretary: 0, ltadmin: 0 } as const;
  const reviewers = { admin: 0, officer: 0, liangtian: 0, ltadmin: 0 } as const;
  const readers = { admin: 200, officer: 200, liangtian: 200, secretary: 200, viewer: 200, ltadmin: 200 } as const;

  return [
    {
      route: 'GET /api/weekly-reports',
      target: 'this week’s units of the reader',
      request: async () => ({ method: 'GET', url: '/api/weekly-reports' }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/weekly-reports',
      target: 'units under 大闵村',
      request: async () => ({ method: 'GET', url: `/api/weekly-reports?organizationId=${await dm()}` }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'POST /api/weekly-reports',
      target: 'a new report of 大闵村',
      writes: 'on-success',
      request: async (who) => ({
        method: 'POST',
        url: '/api/weekly-reports',
        payload: { week: weekOf(0, who), unitType: 'organization', unitId: await dm() },
      }),
      expect: statuses(403, { ...mapTo(filers, 201), zhangdong: 404 }),
    },
    {
      route: 'GET /api/weekly-reports/{id}',
      target: 'a filed report of 大闵村',
      request: async (who) => ({ method: 'GET', url: `/api/weekly-reports/${(await reportIn(weekOf(1, who), 'submitted')).id}` }),
      expect: statuses(404, readers),
    },
    {
      route: 'PATCH /api/weekly-reports/{id}',
      target: 'a draft of 大闵村',
      writes: 'on-success',
      request: async (who) => {
        const r = await reportIn(weekOf(2, who), 'draft');
        return { method: 'PATCH', url: `/api/weekly-reports/${r.id}`, payload: { version: r.version, progress: '补充进展' } };
      },
      expect: statuses(403, { ...mapTo(filers, 200), zhangdong: 404 }),
    },
    {
      route: 'POST /api/weekly-reports/{id}/submit',
      target: 'a draft of 大闵村 with its progress written',
      writes: 'on-success',
      request: async (who) => {
        const draft = await reportIn(weekOf(3, who), 'draft');
        const r = await env.ok({ method: 'PATCH', url: `/api/weekly-reports/${draft.id}`, payload: { version: 1, progress: '进展' } });
        return { method: 'POST', url: `/api/weekly-reports/${r.id}/submit`, payload: { version: r.version } };
      },
      expect: statuses(403, { ...mapTo(filers, 200), zhangdong: 404 }),
    },
    {
      route: 'POST /api/weekly-reports/{id}/return',
      target: 'a filed report of 大闵村',
      writes: 'on-success',
      request: async (who) => {
        const r = await reportIn(weekOf(4, who), 'submitted');
        return { method: 'POST', url: `/api/weekly-reports/${r.id}/return`, payload: { version: r.version, reason: '请补充佐证' } };
      },
      expect: statuses(403, { ...mapTo(reviewers, 200), zhangdong: 404 }),
    },
    {
      route: 'POST /api/weekly-reports/{id}/comments',
      target: 'a filed report of 大闵村',
      writes: 'on-success',
      request: async (who) => {
        const r = await reportIn(weekOf(5, who), 'submitted');
        return { method: 'POST', url: `/api/weekly-reports/${r.id}/comments`, payload: { text: '继续保持' } };
      },
      expect: statuses(403, { ...mapTo(reviewers, 200), zhangdong: 404 }),
    },
    {
      route: 'POST /api/weekly-reports/remind',
      target: 'a past week of 大闵村 with nothing filed (催报)',
      writes: 'on-success',
      request: async (who) => ({
        method: 'POST',
        url: '/api/weekly-reports/remind',
        payload: { week: weekOf(6, who), unitType: 'organization', unitId: await dm() },
      }),
      expect: statuses(403, { ...mapTo(reviewers, 200), zhangdong: 404 }),
    },
  ];
}

function mapTo<K extends string>(names: Record<K, number>, status: number): Record<K, number> {
  return Object.fromEntries(Object.keys(names).map((k) => [k, status])) as Record<K, number>;
}
