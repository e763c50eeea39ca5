import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * The instants a user types (a study session's time, an interview's, an article's source line) lie from 2000 to
 * 2999. 9999-12-31T23:00:00-12:00 is in the year 10000: its ISO form (+010000-01-01…) compared as text before
 * today, so a session "in the future" was taken, and it reached the circular as 0月1日 (found by a hostile review).
 * A time that is no time at all (hour 25) is named as such. SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let t: TestApp;
let secretary: Headers;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp();
  secretary = await t.login('secretary');
  officer = await t.login('officer');
});
afterAll(() => t.close());

const FAR = ['9999-12-31T23:00:00-12:00', '3000-01-01T00:00:00+08:00', '0000-01-01T00:00:00Z', '1999-12-31T23:59:59+08:00'];

function refused(res: { statusCode: number; body: string }, field: string, words: string) {
  expect(res.statusCode, res.body).toBe(400);
  const error = JSON.parse(res.body).error as { code: string; message: string };
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.message).toContain(field);
  expect(error.message).toContain(words);
}

describe('an instant outside the years 2000–2999', () => {
  it('is refused for a study session, an interview and an article, with the range named', async () => {
    const branch = await t.orgId('大闵村党支部');
    const village = await t.orgId('张东村');
    for (const at of FAR) {
      const session = await t.app.inject({
        method: 'POST',
        url: '/api/study-sessions',
        headers: secretary,
        payload: { organizationId: branch, kind: 'self_study', startsAt: at, place: '村党员活动室', topic: '学党章' },
      });
      refused(session, 'startsAt', '2000 年至 2999 年');
      const interview = await t.app.inject({
        method: 'POST',
        url: '/api/interviews',
        headers: officer,
        payload: {
          organizationId: village,
          scheduledAt: at,
          location: '会议室',
          interviewer: '王部长',
          attendees: '书记',
          notice: '请到会',
        },
      });
      refused(interview, 'scheduledAt', '2000 年至 2999 年');
      const article = await t.app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: officer,
        payload: { title: '工作动态', source: '区党群工作部', body: '<p>正文</p>', publishedAt: at },
      });
      refused(article, 'publishedAt', '2000 年至 2999 年');
    }
  });

  it('is told apart from a time that does not exist', async () => {
    const branch = await t.orgId('大闵村党支部');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/study-sessions',
      headers: secretary,
      payload: {
        organizationId: branch,
        kind: 'self_study',
        startsAt: '2026-12-03T25:00:00+08:00',
        place: '村党员活动室',
        topic: '学党章',
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).not.toContain('2000');
  });
});

describe("an article's source-line time", () => {
  it('may not be in the future (it listed the article first on the portal for years); now and the past are fine', async () => {
    const write = (publishedAt: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/articles',
        headers: officer,
        payload: { title: '工作动态', source: '区党群工作部', body: '<p>正文</p>', publishedAt },
      });
    const later = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    for (const at of [later, '2030-01-01T00:00:00+08:00']) {
      const res = await write(at);
      refused(res, '发布时间', '不能晚于现在');
      expect(res.json().error.details.fields[0].path).toBe('publishedAt');
    }
    expect((await write(t.clock.now().toISOString())).statusCode).toBe(201);
    expect((await write('2026-04-08T18:30:00+08:00')).statusCode).toBe(201);
  });
});
