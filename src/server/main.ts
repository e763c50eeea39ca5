import { ConfigError, loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase, refreshPlannerStatistics } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { checkpointOffThread } from './db/wal-checkpointer.ts';
import { DEMO_LIAISON_LOGIN } from './demo/demo-catalog.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-data.ts';
import { seedDemo } from './demo/demo.service.ts';
import { systemClock } from './http/clock.ts';
import { ALL_JOBS } from './jobs/jobs.ts';
import { warmAssessments } from './modules/rankings/assessment.service.ts';
import { keepLiveFiguresWarm } from './modules/statistics/figures.warm.ts';
import { type Scheduler, startScheduler } from './jobs/scheduler.ts';
import { chainUnchainedEvents } from './modules/audit/audit-chain.service.ts';
import { ChannelConfigError, channelFromConfig } from './notify/channels.ts';

// Side effects only: read config, open the database, listen.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  // Audit events written before the hash chain existed get their links now (idempotent).
  const chained = await chainUnchainedEvents(db);
  if (chained > 0) console.log(`Chained ${chained} earlier audit events into the audit hash chain.`);
  const seeded = config.demo ? await seedDemo(db, new Date(), { ledger: true, dataDir: config.dataDir }) : false;
  // The planner's statistics after the bulk writes above (SQLite; autovacuum on PostgreSQL).
  await refreshPlannerStatistics(db);
  const app = await buildApp({ db, config });
  // SQLite: the WAL is copied back into the file off the request path.
  const checkpointer =
    config.database.kind === 'sqlite'
      ? await checkpointOffThread(db, config.database.file, { onError: (message) => app.log.warn({ message }, 'WAL checkpoint failed') })
      : null;
  // Fail fast on a reminder channel chosen without its settings (e.g. NOTIFY_CHANNEL=wecom without WECOM_WEBHOOK_URL).
  channelFromConfig(config.notify, app.log);

  // A province's 一周一统计: the running week's figures kept up to date, so no reader waits for a whole count. Made
  // before the shutdown handlers, which stop it (its first step comes once the server listens).
  const figuresWarmer = keepLiveFiguresWarm(db.kysely, systemClock, {
    onError: (err) => app.log.warn({ err }, 'could not warm 一周一统计'),
  });
  let scheduler: Scheduler | null = null;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // Let a running job finish its transaction before the pool closes.
    await scheduler?.stop();
    await figuresWarmer.stop();
    await app.close();
    await checkpointer?.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (config.jobsEnabled) {
    scheduler = startScheduler({ db, config, clock: systemClock, log: app.log, jobs: ALL_JOBS });
  }
  // A province's dashboards: the running week assessed off the main thread now, not on the first reader's request.
  warmAssessments(db.kysely, systemClock.now()).catch((err: unknown) => app.log.warn({ err }, 'could not warm the assessment'));
  void figuresWarmer.step();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host}:${port}`;
  const lines = [
    '',
    `  台账 Taizhang is running: ${url}`,
    `  Database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'}${seeded ? ' (demo district seeded just now)' : ''}`,
    `  API docs: ${url}/api/docs`,
  ];
  if (config.demo) {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(10)} ${u.note}`);
    lines.push(`    ${DEMO_LIAISON_LOGIN.username.padEnd(10)} ${DEMO_LIAISON_LOGIN.note}`);
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ChannelConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
