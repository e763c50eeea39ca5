import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_RULES } from '../../../domain/cadence-rules.ts';
import { countAuditEvents, makeUser, TEST_PASSWORD, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadCadenceRules } from './settings.service.ts';

let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const get = async (headers: Headers) => (await t.app.inject({ method: 'GET', url: '/api/settings/cadence', headers })).json();
const put = (headers: Headers, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: '/api/settings/cadence', headers, payload: payload as object });

describe('cadence rules', () => {
  it('start as the program defaults (DOMAIN.md): Friday 18:00, red after 14 days, 2 missing reports, interviews after 30 days', async () => {
    const body = await get(admin);
    expect(body.version).toBe(0);
    expect(body.rules.reports).toEqual({ unit: 'organization', dueWeekday: 5, dueTime: '18:00' });
    expect(body.rules.rag).toEqual({ redOverdueDays: 14, redMissingReportsInRow: 2, amberBelowMedian: true });
    expect(body.rules.interviews).toEqual({ redMonthsRunning: 2, lastInRanking: 3, overdueDays: 30 });
    expect(body.rules.reminders).toEqual({ dueInDays: [7, 3, 1], overdueDays: [1, 7, 14] });
    expect(body.allowedActions).toEqual(['edit']);
  });

  it('are saved by a district admin with one audit event, then read back and used', async () => {
    const before = await countAuditEvents(t.db, 'settings.updated');
    const current = await get(admin);
    const rules = { ...current.rules, rag: { ...current.rules.rag, redOverdueDays: 10 } };
    const res = await put(admin, { version: current.version, rules });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rules.rag.redOverdueDays).toBe(10);
    expect(res.json().version).toBe(current.version + 1);
    expect(res.json().updatedByName).toBeTruthy();
    expect(await countAuditEvents(t.db, 'settings.updated')).toBe(before + 1);
    expect((await loadCadenceRules(t.db.kysely)).rag.redOverdueDays).toBe(10);
  });

  it('refuse a stale version with 409 and change nothing', async () => {
    const current = await get(admin);
    const stale = { version: current.version - 1 < 0 ? 5 : current.version - 1, rules: DEFAULT_CADENCE_RULES };
    const res = await put(admin, stale);
    expect(res.statusCode).toBe(409);
    expect((await get(admin)).rules.rag.redOverdueDays).toBe(current.rules.rag.redOverdueDays);
  });

  it('reject bad values with 400 naming the field, never 500', async () => {
    const current = await get(admin);
    for (const rules of [
      { ...current.rules, reports: { ...current.rules.reports, dueTime: '25:00' } },
      { ...current.rules, reports: { ...current.rules.reports, dueWeekday: 8 } },
      { ...current.rules, ranking: { closureRate: 0, acceptancePassRate: 0, overdue: 0, reportPunctuality: 0, standardScore: 0 } },
      { ...current.rules, standards: { totalWeight: 0 } },
      { ...current.rules, reminders: { dueInDays: [-1], overdueDays: [1] } },
    ]) {
      const res = await put(admin, { version: current.version, rules });
      expect(res.statusCode, JSON.stringify(rules)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await put(admin, { version: current.version })).statusCode).toBe(400);
  });

  it('are sent whole, as read: a section or a rule left out is refused with 400 naming it, not reset to its default', async () => {
    // As read, they save (GET gives every rule).
    const read = await get(admin);
    const asRead = await put(admin, { version: read.version, rules: read.rules });
    expect(asRead.statusCode, asRead.body).toBe(200);
    // Rules off their defaults, so a rule reset to its default would show.
    const rules = {
      ...read.rules,
      reports: { ...read.rules.reports, dueTime: '17:30' },
      rag: { ...read.rules.rag, redOverdueDays: 21 },
      problems: { ...read.rules.problems, actors: { ...read.rules.problems.actors, close: ['liaison_member'] } },
    };
    const saved = await put(admin, { version: asRead.json().version, rules });
    expect(saved.statusCode, saved.body).toBe(200);

    const { rag: _rag, ...withoutRag } = rules;
    const { dueTime: _dueTime, ...reportsWithoutDueTime } = rules.reports;
    const { close: _close, ...actorsWithoutClose } = rules.problems.actors;
    for (const [partial, missing] of [
      [withoutRag, 'rag'],
      [{ ...rules, reports: reportsWithoutDueTime }, 'reports.dueTime'],
      [{ ...rules, problems: { ...rules.problems, actors: actorsWithoutClose } }, 'problems.actors.close'],
      [{ ...withoutRag, reports: reportsWithoutDueTime }, ['reports.dueTime', 'rag']],
    ] as const) {
      const names = [missing].flat();
      const res = await put(admin, { version: saved.json().version, rules: partial });
      expect(res.statusCode, names.join()).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain(
        `设置不完整，缺少：${names.join('、')} (every setting is sent, as read: missing ${names.join(', ')})`,
      );
      expect(res.json().error.details.fields).toEqual([expect.objectContaining({ path: 'rules' })]);
    }
    expect((await put(admin, { version: saved.json().version, rules: {} })).statusCode).toBe(400);

    const after = await get(admin);
    expect(after.version).toBe(saved.json().version);
    expect(after.rules).toEqual(rules);
  });

  it('may be changed only by an admin of the whole district', async () => {
    const ltadmin = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
    const headers = await t.login(ltadmin.username, TEST_PASSWORD);
    const current = await get(headers);
    expect(current.allowedActions).toEqual([]);
    expect((await put(headers, { version: current.version, rules: current.rules })).statusCode).toBe(403);
    expect((await put(await t.login('officer'), { version: current.version, rules: current.rules })).statusCode).toBe(403);
  });
});
