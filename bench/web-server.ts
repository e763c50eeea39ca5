/**
 * The real server for bench/web.bench.ts, as src/server/main.ts starts it (configuration from the
 * environment, migrations, the demo district), but serving the web app from the folder named in
 * BENCH_WEB_DIR: the bench builds its own copy, so that another build of dist/web cannot change the files
 * under a measurement.
 */
import { loadConfig } from '../src/server/config.ts';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/dialect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { seedDemo } from '../src/server/demo/demo.service.ts';

const webDir = process.env.BENCH_WEB_DIR;
if (!webDir) throw new Error('BENCH_WEB_DIR names the built web app to serve');
const config = { ...loadConfig(), webDir };
const db = openDatabase(config.database);
await migrateToLatest(db);
await seedDemo(db, new Date(), { ledger: true, dataDir: config.dataDir });
const app = await buildApp({ db, config });
await app.listen({ port: config.port, host: config.host });
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
);
