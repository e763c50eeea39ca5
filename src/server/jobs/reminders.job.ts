import { ChannelConfigError, channelFromConfig } from '../notify/channels.ts';
import { createReminders, deliverPending, type ReminderRunStats } from '../modules/notifications/reminders.service.ts';
import { loadCadenceRules } from '../modules/settings/settings.service.ts';
import type { Job } from './job.ts';

/**
 * Reminders (DOMAIN.md cadence): deadlines near or passed (escalating),
 * submissions awaiting acceptance, weekly reports due or missing. Each run
 * examines the problems worth a look today (problems.remind_on; at most
 * MAX_EXAMINED_PER_RUN) and inserts what is due at ctx.now under dedupe keys (at most
 * MAX_NOTICES_PER_RUN, whole steps; the next run tells the rest), then delivers the
 * undelivered ones through the configured channel, 100 rows taken and
 * confirmed at a time (reminders.service.ts deliverPending). A crash
 * between the two steps loses nothing (the next run delivers) and duplicates
 * nothing (the keys are unique per user).
 */
export const remindersJob: Job = {
  name: 'reminders',
  leaseMs: 5 * 60_000,
  async run(ctx) {
    const db = ctx.db.kysely;
    const rules = await loadCadenceRules(db);
    const stats: ReminderRunStats = { examined: 0 };
    const created = await createReminders(db, ctx.now, rules, { stats });
    const news = `${created} new notifications (${stats.examined} problems examined)`;
    let channel;
    try {
      channel = channelFromConfig(ctx.config.notify, ctx.log);
    } catch (err) {
      if (!(err instanceof ChannelConfigError)) throw err;
      // The in-app notifications are in place; only outbound delivery waits for a fixed setting.
      ctx.log.error({ err }, `reminders: outbound delivery is off: ${err.message}`);
      return `${news}; delivery off: ${err.message}`;
    }
    const d = await deliverPending(db, channel, ctx.now, ctx.config.publicUrl);
    return `${news}; ${d.delivered} delivered via ${channel.name}, ${d.failed} failed, ${d.skipped} skipped`;
  },
};
