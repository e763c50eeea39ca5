import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { compareDirectoryOrder, organizationDirectory } from './organization-directory.cache.ts';
import * as repo from './organizations.repository.ts';

/**
 * The organization directory is kept between requests under the organizations' generation
 * (organization-directory.cache.ts): after every kind of change, through the app or straight in the database as
 * another process would write it, it must answer exactly what the repository reads, in the directory's order.
 */
describe('the kept organization directory', () => {
  let t: TestApp;
  let admin: Headers;
  const roots = async () => {
    const k = t.db.kysely;
    const district = await k.selectFrom('organizations').select('path').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const subs = await k.selectFrom('organizations').select('path').where('kind', '=', 'subdistrict').orderBy('path').execute();
    const village = await k
      .selectFrom('organizations')
      .select('path')
      .where('kind', '=', 'village')
      .orderBy('path')
      .executeTakeFirstOrThrow();
    return [[district.path], [subs[0]!.path], [subs[1]!.path, village.path], [village.path], []];
  };
  /** The kept directory answers as the repository does, for every kind of scope, archived or not. */
  const agrees = async () => {
    const dir = await organizationDirectory.get(t.db.kysely);
    for (const r of await roots())
      for (const archived of [false, true]) {
        // The same rows, in the directory's order (the database's may collate names otherwise).
        const expected = (await repo.listInSubtrees(t.db.kysely, r, archived)).sort(compareDirectoryOrder);
        expect(dir.inSubtrees(r, archived).map((o) => [o.id, o.name, o.path, o.archived_at, o.version])).toEqual(
          expected.map((o) => [o.id, o.name, o.path, o.archived_at, o.version]),
        );
      }
  };
  const patch = async (id: string, body: object) => {
    const version = (await t.db.kysely.selectFrom('organizations').select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/organizations/${id}`, headers: admin, payload: { version, ...body } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const duty = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/duty/coverage?from=2026-11-01&to=2026-11-30', headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ rows: Array<{ organizationName: string; parentName: string | null }> }>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('answers as the repository after renames, additions, moves and archiving, and after writes by another process', async () => {
    await agrees();
    const dm = await t.orgId('大闵村');
    await patch(dm, { name: '阿大闵村' });
    await agrees();
    expect((await duty()).rows.map((r) => r.organizationName)).toContain('阿大闵村');

    const subs = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'subdistrict')
      .orderBy('name')
      .execute();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId: subs[0]!.id, kind: 'village', name: '新建村' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    await agrees();
    await patch(id, { parentId: subs[1]!.id });
    await agrees();
    expect((await duty()).rows.find((r) => r.organizationName === '新建村')?.parentName).toBe(subs[1]!.name);
    await patch(id, { archived: true });
    await agrees();
    expect((await duty()).rows.map((r) => r.organizationName)).not.toContain('新建村');

    // Another instance renames a village straight in the database: no request of this app saw it.
    await t.db.kysely.updateTable('organizations').set({ name: '大闵村' }).where('id', '=', dm).execute();
    await agrees();
    expect((await duty()).rows.map((r) => r.organizationName)).toContain('大闵村');
  });

  it('is read once while nothing changes, and again once anything does', async () => {
    const k = t.db.kysely;
    const first = await organizationDirectory.get(k);
    expect(await organizationDirectory.get(k)).toBe(first);
    await k.updateTable('organizations').set({ code: 'X9' }).where('kind', '=', 'village').execute();
    const second = await organizationDirectory.get(k);
    expect(second).not.toBe(first);
    expect(second.all.filter((o) => o.kind === 'village').every((o) => o.code === 'X9')).toBe(true);
  });
});
