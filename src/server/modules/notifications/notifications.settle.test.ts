import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportKey } from '../../../domain/reminders.ts';
import { type Headers } from '../../testing/factories.ts';
import { makeProblem, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { remindersJob } from '../../jobs/reminders.job.ts';
import { createTestApp, testConfig, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from '../settings/settings.service.ts';
import { createReminders } from './reminders.service.ts';

/**
 * A reminder whose cause is gone is marked read, for everyone it went to: the village's deadline reminders once the
 * problem is submitted, the verifiers' 待验收 once they answered it, a week's 周报 reminders once the report is filed.
 * Before, the bell kept 请尽快补报 after the report was filed, and a secretary took it that she had not reported.
 * The test clock starts on Friday 2026-11-27, 10:00 in Shanghai.
 */
let t: TestApp;
let admin: Headers;
let secretary: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  secretary = await t.login('secretary');
});
afterAll(() => t.close());

const unread = async (prefix: string) =>
  (
    await t.db.kysely.selectFrom('notifications').select(['dedupe_key', 'read_at']).where('dedupe_key', 'like', `${prefix}%`).execute()
  ).filter((n) => n.read_at === null).length;

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const remind = async (at = t.clock.now()) => {
  for (let minute = 0; minute < 20; minute++)
    if ((await createReminders(t.db.kysely, new Date(at.getTime() + minute * 60_000), await loadCadenceRules(t.db.kysely))) === 0) return;
};

describe('moot reminders are marked read', () => {
  it('a problem’s deadline reminders once the village submits it, the verifiers’ 待验收 once accepted', async () => {
    const p = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-20' }); // 7 days overdue: told today
    await remind();
    expect(await unread(`problem:${p.id}:overdue:`)).toBeGreaterThan(0);
    let version = p.version;
    const started = await transition(t, secretary, { id: p.id, version }, 'start');
    expect(started.statusCode, started.body).toBe(200);
    version = started.json().version;
    expect(await unread(`problem:${p.id}:overdue:`)).toBeGreaterThan(0); // still hers to act on
    expect((await uploadEvidence(t, secretary, { problemId: p.id })).statusCode).toBe(201);
    const submitted = await transition(t, secretary, { id: p.id, version }, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(await unread(`problem:${p.id}:overdue:`)).toBe(0);
    expect(await unread(`problem:${p.id}:submitted:`)).toBeGreaterThan(0);
    const accepted = await transition(t, admin, { id: p.id, version: submitted.json().version }, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await unread(`problem:${p.id}:submitted:`)).toBe(0);
  });

  it('a week’s report reminders once the report is filed, late or not', async () => {
    // Friday 8 January 2027, 18:00 Shanghai: the week of 4 January fell due unfiled, and 大闵村 was told so.
    t.clock.current = new Date('2027-01-08T10:00:00.000Z');
    await remindersJob.run({ db: t.db, config: testConfig(), now: t.clock.now(), log: silent });
    const h = await t.login('secretary');
    const village = await t.orgId('大闵村');
    const missing = reportKey('2027-01-04', village, 'report_missing');
    expect(await unread(missing)).toBeGreaterThan(0);
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/weekly-reports',
      headers: h,
      payload: { week: '2027-01-04', unitType: 'organization', unitId: village },
    });
    expect(started.statusCode, started.body).toBeLessThan(300);
    const report = started.json();
    const saved = await t.app.inject({
      method: 'PATCH',
      url: `/api/weekly-reports/${report.id}`,
      headers: h,
      payload: { version: report.version, progress: '补报：本周完成制度上墙。' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const filed = await t.app.inject({
      method: 'POST',
      url: `/api/weekly-reports/${report.id}/submit`,
      headers: h,
      payload: { version: saved.json().version },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(await unread(missing)).toBe(0);
  });
});
