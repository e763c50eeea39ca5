import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('organizations', () => {
  it('creates a village under a subdistrict, with its audit event in the same change', async () => {
    const parentId = await t.orgId('白杨街道');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId, kind: 'village', name: '新建测试村' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name: '新建测试村', kind: 'village', parentId, version: 1 });
    expect(created.ancestors.map((a: { name: string }) => a.name)).toEqual(['渭南高新区', '白杨街道']);

    const audit = await t.app.inject({ method: 'GET', url: `/api/audit?entityId=${created.id}`, headers: admin });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({
      type: 'organization.created',
      actorName: '系统管理员',
      data: { after: { name: '新建测试村' } },
    });
  });

  it('refuses a kind that cannot sit under the parent', async () => {
    const parentId = await t.orgId('大闵村');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId, kind: 'subdistrict', name: 'X' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('moves a village with its branch and keeps subtree queries right', async () => {
    const village = await t.orgId('南寨村');
    const target = await t.orgId('良田街道');
    const before = (await t.app.inject({ method: 'GET', url: `/api/organizations/${village}`, headers: admin })).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${village}`,
      headers: admin,
      payload: { version: before.version, parentId: target },
    });
    expect(res.statusCode).toBe(200);
    const list = await t.app.inject({ method: 'GET', url: `/api/organizations?parentId=${village}`, headers: admin });
    expect(list.json().items.map((o: { name: string }) => o.name)).toEqual(['南寨村党支部']);
    const liangtian = await t.login('liangtian');
    const branch = await t.orgId('南寨村党支部');
    expect((await t.app.inject({ method: 'GET', url: `/api/organizations/${branch}`, headers: liangtian })).statusCode).toBe(200);
  });

  it('refuses a move that would make a cycle', async () => {
    const sub = await t.orgId('白杨街道');
    const child = await t.orgId('张东村');
    const before = (await t.app.inject({ method: 'GET', url: `/api/organizations/${sub}`, headers: admin })).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${sub}`,
      headers: admin,
      payload: { version: before.version, parentId: child },
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const id = await t.orgId('安家村');
    const res1 = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${id}`,
      headers: admin,
      payload: { version: 1, name: '安家村（改）' },
    });
    expect(res1.statusCode).toBe(200);
    const res2 = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${id}`,
      headers: admin,
      payload: { version: 1, name: '安家村（覆盖）' },
    });
    expect(res2.statusCode).toBe(409);
    const now = (await t.app.inject({ method: 'GET', url: `/api/organizations/${id}`, headers: admin })).json();
    expect(now.name).toBe('安家村（改）');
  });

  it('hides organizations outside the reader scope', async () => {
    const zhangdong = await t.login('zhangdong');
    const tree = (await t.app.inject({ method: 'GET', url: '/api/organizations/tree', headers: zhangdong })).json();
    const names = JSON.stringify(tree);
    expect(names).toContain('张东村');
    expect(names).not.toContain('大闵村');
    const damin = await t.orgId('大闵村');
    expect((await t.app.inject({ method: 'GET', url: `/api/organizations/${damin}`, headers: zhangdong })).statusCode).toBe(404);
  });
});
