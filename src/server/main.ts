import { ConfigError, loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase } from './db/dialect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_LIAISON_LOGIN } from './demo/demo-catalog.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-data.ts';
import { seedDemo } from './demo/demo.service.ts';

// Side effects only: read config, open the database, listen.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const seeded = config.demo ? await seedDemo(db, new Date(), { ledger: true, dataDir: config.dataDir }) : false;
  const app = await buildApp({ db, config });

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
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
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
