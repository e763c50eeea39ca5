import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The only reader of process.env. Validated with zod, frozen, and failing
 * fast with a message naming each bad variable.
 */
const BoolEnv = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** What `TRUST_PROXY=1` trusts: a proxy on this host or on a private network (proxy-addr's names). */
const PRIVATE_PROXIES = ['loopback', 'linklocal', 'uniquelocal'] as const;
/** An IPv4 or IPv6 address, optionally with a prefix length in range, or one of proxy-addr's names. */
function isProxyAddress(a: string): boolean {
  if ((PRIVATE_PROXIES as readonly string[]).includes(a)) return true;
  const [ip = '', bits, ...rest] = a.split('/');
  const family = isIP(ip);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  /**
   * PostgreSQL: run the fixed-shape hot queries as named prepared statements (parsed and planned once per
   * connection). Turn off behind a pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
   */
  DATABASE_PREPARED_STATEMENTS: BoolEnv.default(true),
  DEMO: BoolEnv.default(false),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** The URL users open, e.g. https://taizhang.example.gov.cn; sets Secure cookies and the CSRF origin. */
  PUBLIC_URL: z.string().url('PUBLIC_URL must be a full URL such as https://taizhang.example.org').optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(240),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(168),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The proxies in front of the app (their addresses, CIDR ranges, or proxy-addr's loopback / linklocal /
  // uniquelocal): the client's address is the last one in X-Forwarded-For that none of them wrote. `1` or `true`
  // mean a proxy on this host or a private network. Believing the whole header (what `true` did) took the
  // left-most address, which the client writes itself.
  TRUST_PROXY: z
    .string()
    .trim()
    .default('0')
    .transform((v) =>
      ['', '0', 'false', 'no', 'off'].includes(v)
        ? []
        : ['1', 'true', 'yes', 'on'].includes(v)
          ? [...PRIVATE_PROXIES]
          : v.split(',').map((a) => a.trim()),
    )
    .refine((list) => list.every(isProxyAddress), {
      message: 'TRUST_PROXY must be 0, 1, or the proxies’ addresses or CIDR ranges, comma-separated (e.g. 10.0.0.5,10.0.1.0/24)',
    }),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Largest evidence file (photo, PDF, office document). */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** Run the scheduled jobs (weekly snapshot, reminders) in this process; several processes may, a lock runs each once. */
  JOBS_ENABLED: BoolEnv.default(true),
  /** How often each process looks for due jobs. */
  JOB_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Where reminders go besides the in-app notification centre. */
  NOTIFY_CHANNEL: z.enum(['log', 'email', 'sms', 'wecom']).default('log'),
  /** WeCom (企业微信) group robot webhook, for NOTIFY_CHANNEL=wecom. */
  WECOM_WEBHOOK_URL: z.string().url('WECOM_WEBHOOK_URL must be a full URL').optional(),
  /** An HTTP SMS gateway that accepts POST {phone, text}, for NOTIFY_CHANNEL=sms. */
  SMS_GATEWAY_URL: z.string().url('SMS_GATEWAY_URL must be a full URL').optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** smtp://user:pass@host:port (or smtps://), for NOTIFY_CHANNEL=email. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('taizhang@localhost'),
  /** The organization pickers get the whole tree up to this many organizations; a larger one comes a level at a time. */
  ORG_TREE_WHOLE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(2000),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly demo: boolean;
  readonly sessionSecret: string;
  readonly publicUrl: string | null;
  readonly secureCookies: boolean;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly logLevel: string;
  /** The proxies in front (addresses, CIDR ranges, proxy-addr names) whose X-Forwarded-For entries are believed; none: the TCP peer is the client. */
  readonly trustProxy: readonly string[];
  readonly bodyLimitBytes: number;
  readonly evidenceMaxBytes: number;
  readonly webDir: string;
  readonly jobsEnabled: boolean;
  readonly jobIntervalSeconds: number;
  /** ORG_TREE_WHOLE_MAX: the largest tree sent whole to a picker that asks `byLevel`. */
  readonly orgTreeWholeMax: number;
  readonly notify: {
    readonly channel: 'log' | 'email' | 'sms' | 'wecom';
    readonly wecomWebhookUrl: string | null;
    readonly smsGatewayUrl: string | null;
    readonly smsGatewayToken: string | null;
    readonly smtpUrl: string | null;
    readonly mailFrom: string;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL, preparedStatements: e.DATABASE_PREPARED_STATEMENTS } as const)
      : ({ kind: 'sqlite', file: path.join(dataDir, 'taizhang.sqlite') } as const),
    demo: e.DEMO,
    sessionSecret: e.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null,
    secureCookies: e.PUBLIC_URL ? e.PUBLIC_URL.startsWith('https:') : false,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    evidenceMaxBytes: e.EVIDENCE_MAX_BYTES,
    webDir: path.resolve(import.meta.dirname, '../../dist/web'),
    jobsEnabled: e.JOBS_ENABLED,
    jobIntervalSeconds: e.JOB_INTERVAL_SECONDS,
    orgTreeWholeMax: e.ORG_TREE_WHOLE_MAX,
    notify: Object.freeze({
      channel: e.NOTIFY_CHANNEL,
      wecomWebhookUrl: e.WECOM_WEBHOOK_URL ?? null,
      smsGatewayUrl: e.SMS_GATEWAY_URL ?? null,
      smsGatewayToken: e.SMS_GATEWAY_TOKEN ?? null,
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.MAIL_FROM,
    }),
  });
}

/** Several processes sharing one DATA_DIR share this file, so their cookies agree. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
