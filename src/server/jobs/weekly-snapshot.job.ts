import { freezeDueWeeks } from '../modules/statistics/statistics.service.ts';
import type { Job } from './job.ts';

/**
 * 一周一统计: freezes each completed week (Monday 00:00 – Sunday 24:00 Shanghai)
 * not yet frozen, catching up every week missed while no process ran.
 */
export const weeklySnapshotJob: Job = {
  name: 'weekly-snapshot',
  leaseMs: 15 * 60_000,
  async run(ctx) {
    const weeks = await freezeDueWeeks(ctx.db, ctx.now);
    return weeks.length === 0 ? 'nothing to freeze' : `froze ${weeks.length} week(s): ${weeks.join(', ')}`;
  },
};
