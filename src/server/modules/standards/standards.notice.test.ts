import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandardVersionDetail } from '../../../domain/contracts/standards.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/** The notice a standard version is issued under (印发通知): its title and date, kept on the version. */
let t: TestApp;
let officer: Headers;
beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('officer');
});
afterAll(() => t.close());

describe('the notice of a standard version', () => {
  it('is recorded on a draft, cleared with null, and refused when not a date', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/standards',
      headers: officer,
      payload: { name: '社区党组织规范化建设标准' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const v = created.json<StandardVersionDetail>();
    expect(v).toMatchObject({ noticeTitle: null, noticeDate: null });
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/standard-versions/${v.id}`, headers: officer, payload });
    const set = await patch({
      version: v.version,
      noticeTitle: '《关于进一步加强农村基层组织规范化建设的通知》',
      noticeDate: '2026-04-28',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ noticeTitle: '《关于进一步加强农村基层组织规范化建设的通知》', noticeDate: '2026-04-28' });
    expect((await patch({ version: v.version + 1, noticeDate: '2026-02-30' })).statusCode).toBe(400);
    const cleared = await patch({ version: v.version + 1, noticeTitle: null, noticeDate: null });
    expect(cleared.json()).toMatchObject({ noticeTitle: null, noticeDate: null });
  });

  it('comes with the demo standard: issued on 28 April under 《关于进一步加强农村基层组织规范化建设的通知》', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/standards', headers: officer })).json();
    const demo = list.items.find((s: { name: string }) => s.name === '渭南高新区村级党组织规范化建设标准');
    expect(demo.versions[0]).toMatchObject({ noticeTitle: '《关于进一步加强农村基层组织规范化建设的通知》', noticeDate: '2026-04-28' });
    expect(demo.versions[0].publishedAt.slice(0, 10)).toBe('2026-04-28');
  });
});
