import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Values a hostile review found taken that a district would never mean: a 清零行动 deadline before its start, or
 * a start in 1900; a circular's section with control characters (they reached the public page); a name that
 * reverses itself (U+202E: a village's name showed reversed everywhere) or is invisible (U+200B). Each is refused
 * with 400 and its field named, nothing written; a sensible change still goes through. SQLite, or PostgreSQL under
 * scripts/with-postgres.sh.
 */
let t: TestApp;
let officer: Headers;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('officer');
  admin = await t.login('admin');
});
afterAll(() => t.close());

function refused(res: { statusCode: number; body: string }, words: string) {
  expect(res.statusCode, res.body).toBe(400);
  const error = JSON.parse(res.body).error as { code: string; message: string };
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.message).toContain(words);
}

describe('the 清零行动 settings', () => {
  it('refuse a deadline before the start and a date outside 2000–2999; a sensible campaign is saved', async () => {
    const current = (await t.app.inject({ method: 'GET', url: '/api/venues/settings', headers: officer })).json();
    const put = (campaign: object) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/venues/settings',
        headers: officer,
        payload: { version: current.version, settings: { ...current.settings, campaign: { ...current.settings.campaign, ...campaign } } },
      });
    refused(await put({ startedOn: '2026-12-01', deadline: '2026-01-01' }), '截止日期不能早于开始日期');
    refused(await put({ startedOn: '1900-01-01' }), '2000 年至 2999 年');
    refused(await put({ deadline: '9999-12-31' }), '2000 年至 2999 年');
    const after = (await t.app.inject({ method: 'GET', url: '/api/venues/settings', headers: officer })).json();
    expect(after.version).toBe(current.version);
    const ok = await put({ startedOn: '2026-10-01', deadline: '2027-06-30' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().deadline).toBe('2027-06-30');
  });

  it('refuses settings with a section or a key left out (they took their defaults: the start and deadline were reset)', async () => {
    const current = (await t.app.inject({ method: 'GET', url: '/api/venues/settings', headers: officer })).json();
    const { deadline, ...withoutDeadline } = current.settings.campaign;
    expect(deadline).not.toBeNull();
    for (const settings of [{}, { ...current.settings, campaign: withoutDeadline }]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/venues/settings',
        headers: officer,
        payload: { version: current.version, settings },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toMatch(/缺少：[^"]*campaign/);
    }
    const after = (await t.app.inject({ method: 'GET', url: '/api/venues/settings', headers: officer })).json();
    expect(after).toMatchObject({ version: current.version, settings: { campaign: { deadline } } });
  });
});

describe("a circular's section", () => {
  it('refuses control characters other than line breaks, and keeps paragraphs', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-11' } });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json<{ id: string; version: number; sections: Array<{ key: string }> }>();
    const patch = (text: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/circulars/${c.id}`,
        headers: officer,
        payload: { version: c.version, sections: [{ key: c.sections[0]!.key, text }] },
      });
    refused(await patch('本月\u0001情况\u000b'), '不能包含控制字符');
    const ok = await patch('本月情况。\n\n第二段。');
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('a name', () => {
  it('with a bidirectional override, or of invisible characters alone, is refused; one with a zero-width space inside is kept', async () => {
    const id = await t.orgId('张东村');
    const rename = async (name: string) => {
      const { version } = (await t.app.inject({ method: 'GET', url: `/api/organizations/${id}`, headers: admin })).json<{
        version: number;
      }>();
      return t.app.inject({ method: 'PATCH', url: `/api/organizations/${id}`, headers: admin, payload: { name, version } });
    };
    refused(await rename('\u202e村'), '文字方向');
    refused(await rename('\u200b'), '不可见字符');
    const kept = await rename('张东\u200b村');
    expect(kept.statusCode, kept.body).toBe(200);
  });
});

describe("zod's own messages", () => {
  it('say a missing field is required, and a wrong type in Chinese with the English after it', async () => {
    const parentId = await t.orgId('良田街道');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId, kind: 'village' },
    });
    refused(missing, 'name: 必填，不能缺少 (required)');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId, kind: 'village', name: 5 },
    });
    // In words, not zod's type names ("期望 string，实际接收 数字").
    refused(wrong, 'name: 类型不符：应为文本，收到的是数字 (Invalid input: expected string, received number)');
    const session = (playsCount: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/study-sessions',
        headers: admin,
        payload: {
          organizationId: parentId,
          kind: 'broadcast',
          startsAt: '2026-11-26T19:30:00+08:00',
          place: '活动室',
          topic: '学习',
          playsCount,
        },
      });
    // "数值过小：期望 number >=0" and "期望 int，实际接收 数字" read as code.
    refused(await session(-1), 'playsCount: 数值过小：应不小于 0 (Too small: expected number to be >=0)');
    refused(await session(1.5), 'playsCount: 类型不符：应为整数，收到的是数字');
    refused(await session(10_001), 'playsCount: 数值过大：应不大于 10000');
    refused(await session('3'), 'playsCount: 类型不符：应为数字，收到的是文本');
    // A schema's own message is kept.
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId, kind: 'village', name: ' ' },
    });
    refused(empty, '名称不能为空');
  });
});

describe('a week or month outside the program', () => {
  it('is refused with the years named: 1900-01-01 is a Monday, and was told it should be one', async () => {
    const week = await t.app.inject({ method: 'GET', url: '/api/weekly-reports?week=1900-01-01', headers: officer });
    refused(week, '2000 至 2999 年间某周的星期一');
    const month = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '1999-12' } });
    refused(month, '2000 至 2999 年间的 YYYY-MM');
  });
});

describe('a body the parser refuses', () => {
  it('says why: a forbidden key in valid JSON, and which types an upload or a write takes', async () => {
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"__proto__":{"x":1},"name":"a"}',
    });
    refused(proto, '__proto__');
    const mixed = await t.app.inject({
      method: 'POST',
      url: '/api/evidence',
      headers: { ...admin, 'content-type': 'multipart/mixed; boundary=x' },
      payload: '--x--',
    });
    expect(mixed.statusCode, mixed.body).toBe(415);
    expect(mixed.json().error.message).toContain('multipart/form-data');
  });
});
