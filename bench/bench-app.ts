import path from 'node:path';
import { sql } from 'kysely';
import type { AppInstance } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import { toNumber, type Db } from '../src/server/db/dialect.ts';

/** What both benchmarks share: where they work, the app's configuration, signing in. */
export const ORIGIN = 'http://taizhang.bench';
export const PASSWORD = 'bench-pass-2026';
export const ROOT = path.resolve(import.meta.dirname, '..');
export const WORK_DIR = path.join(ROOT, '.tmp', 'bench');

export const log = (line = '') => console.log(line);
export const flag = (name: string) => process.env[name] === '1';
export const fmt = (n: number) => n.toLocaleString('en-US');

/** The app's configuration for a benchmark: quiet, no jobs, reminders to the log. */
export function benchConfig(database: Config['database']): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(WORK_DIR, 'data'),
    database,
    demo: false,
    sessionSecret: 'bench-secret-bench-secret-bench-secret-01',
    publicUrl: ORIGIN,
    secureCookies: false,
    sessionIdleMinutes: 240,
    sessionMaxHours: 168,
    logLevel: 'silent',
    trustProxy: false,
    bodyLimitBytes: 1024 * 1024,
    evidenceMaxBytes: 20 * 1024 * 1024,
    webDir: path.join(WORK_DIR, 'no-web'),
    jobsEnabled: false,
    jobIntervalSeconds: 60,
    notify: {
      channel: 'log',
      wecomWebhookUrl: null,
      smsGatewayUrl: null,
      smsGatewayToken: null,
      smtpUrl: null,
      mailFrom: 'bench@localhost',
    },
  };
}

export async function indexCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: unknown }>`select count(*) as n from sqlite_master where type = 'index'`.execute(db.kysely);
  return toNumber(rows[0]?.n);
}

/** Signs in as the bench's district admin; returns the headers to send. */
export async function login(app: AppInstance): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { origin: ORIGIN },
    payload: { username: 'admin', password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tz_session');
  if (!cookie) throw new Error('login answered without a session cookie');
  return { cookie: `tz_session=${cookie.value}`, origin: ORIGIN };
}
