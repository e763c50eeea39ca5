import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobContext } from '../jobs/job.ts';
import { remindersJob } from '../jobs/reminders.job.ts';
import { makeProblem } from '../testing/ledger-factories.ts';
import { createTestApp, testConfig, type TestApp } from '../testing/test-app.ts';
import { startSmtpServer } from './smtp-server.test-support.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as JobContext['log'];
const baseConfig = testConfig();

describe('reminders delivered by email', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await t.close();
    rmSync(baseConfig.dataDir, { recursive: true, force: true });
  });

  const run = () =>
    remindersJob.run({
      db: t.db,
      config: {
        ...baseConfig,
        notify: { ...baseConfig.notify, channel: 'email', smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'taizhang@district.test' },
      },
      now: t.clock.now(),
      log: silent,
    });

  async function notificationOf(username: string, problemId: string) {
    return t.db.kysely
      .selectFrom('notifications')
      .select(['title', 'delivered_at', 'delivery_attempts', 'delivery_error'])
      .where('user_id', '=', await t.userId(username))
      .where('dedupe_key', 'like', `problem:${problemId}:%`)
      .executeTakeFirstOrThrow();
  }

  it('a due-soon reminder reaches the secretary’s address; a secretary without one is skipped, not retried', async () => {
    // A Wednesday: no weekly-report reminders, only the problems' deadlines (tomorrow).
    t.clock.current = new Date('2026-11-25T02:00:00.000Z');
    const admin = await t.login('admin');
    const secretaryId = await t.userId('secretary');
    const current = (await t.app.inject({ method: 'GET', url: `/api/users/${secretaryId}`, headers: admin })).json();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${secretaryId}`,
      headers: admin,
      payload: { version: current.version, email: ' chen.xiaomei@damin.example.cn ' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().email).toBe('chen.xiaomei@damin.example.cn');

    const damin = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-26' });
    const zhangdong = await makeProblem(t, admin, '张东村', { dueOn: '2026-11-26' });
    const summary = await run();
    expect(summary).toContain('1 delivered via email');
    expect(summary).toContain('1 skipped');

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.rcptTo).toEqual(['chen.xiaomei@damin.example.cn']);
    expect(mail.mailFrom).toBe('taizhang@district.test');
    const row = await notificationOf('secretary', damin.id);
    expect(mail.subject).toBe(row.title);
    expect(mail.subject).toMatch(/^整改即将到期：.+ 还有 1 天到期$/);
    expect(mail.text).toContain('【台账提醒】陈晓梅：整改即将到期');
    expect(mail.text).toContain('大闵村');
    expect(mail.text).toContain(`http://taizhang.test/ledger/${damin.id}`);
    expect(row.delivered_at).toBe(t.clock.now().toISOString());

    // 张东村's secretary has no address: recorded with the reason, never tried again.
    const skipped = await notificationOf('zhangdong', zhangdong.id);
    expect(skipped).toMatchObject({ delivered_at: null, delivery_attempts: 5 });
    expect(skipped.delivery_error).toContain('电子邮箱');

    // The next run sends nothing twice.
    expect(await run()).toContain('0 delivered via email');
    expect(smtp.received).toHaveLength(1);
  });
});
