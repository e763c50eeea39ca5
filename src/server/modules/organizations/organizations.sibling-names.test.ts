import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Headers, makeOrg } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { archiveOrganization } from '../reviews/reviews.test-support.ts';

/**
 * No two active organizations under one parent share a name: a second 大闵村 under 良田街道 was taken, and then
 * neither could be named in a ledger import, not even as "良田街道/大闵村" (found by a hostile review). Created,
 * renamed, moved in or restored: refused with 400 on the name. The same name under another parent, or that of an
 * archived sibling, is fine. SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const create = (parentId: string, name: string) =>
  t.app.inject({ method: 'POST', url: '/api/organizations', headers: admin, payload: { parentId, kind: 'village', name } });
const patch = async (id: string, change: object) => {
  const { version } = (await t.app.inject({ method: 'GET', url: `/api/organizations/${id}`, headers: admin })).json<{ version: number }>();
  return t.app.inject({ method: 'PATCH', url: `/api/organizations/${id}`, headers: admin, payload: { ...change, version } });
};
function refused(res: { statusCode: number; body: string }, name: string) {
  expect(res.statusCode, res.body).toBe(400);
  const error = JSON.parse(res.body).error as { code: string; message: string; details?: { fields?: Array<{ path: string }> } };
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.message).toContain(`已有名为“${name}”的组织`);
}

describe('a name an active sibling already has', () => {
  it('is refused when a village is created, renamed, moved in or restored; elsewhere, or after an archive, it is fine', async () => {
    const liangtian = await t.orgId('良田街道');
    const baiyang = await t.orgId('白杨街道');
    refused(await create(liangtian, '大闵村'), '大闵村');
    const named = await t.db.kysely
      .selectFrom('organizations')
      .select('id')
      .where('parent_id', '=', liangtian)
      .where('name', '=', '大闵村')
      .execute();
    expect(named).toHaveLength(1);

    // Under another 街道 the name says which one is meant.
    const other = await create(baiyang, '大闵村');
    expect(other.statusCode, other.body).toBe(201);
    const otherId = other.json<{ id: string }>().id;
    refused(await patch(otherId, { parentId: liangtian }), '大闵村');

    const fresh = await makeOrg(t, admin, '良田街道');
    refused(await patch(fresh.id, { name: '麻李村' }), '麻李村');
    // Renaming to its own name, or to a free one, goes through.
    expect((await patch(fresh.id, { name: fresh.name })).statusCode).toBe(200);

    // An archived sibling's name may be taken again; restoring it then is refused until one of them is renamed.
    await archiveOrganization(t, admin, otherId);
    const again = await create(baiyang, '大闵村');
    expect(again.statusCode, again.body).toBe(201);
    refused(await patch(otherId, { archived: false }), '大闵村');
  });
});
