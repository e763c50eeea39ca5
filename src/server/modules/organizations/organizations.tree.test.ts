import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationTreeNode } from '../../../domain/contracts/organizations.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// A tree too large to send whole goes to the pickers a level at a time (`byLevel`), the rest on demand
// (`parentId`). The demo district is small, so these apps send at most a few organizations whole.

type Headers = Record<string, string>;

async function tree(t: TestApp, headers: Headers, query: string): Promise<OrganizationTreeNode[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/organizations/tree?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ roots: OrganizationTreeNode[] }>().roots;
}

/** Asks for every node's left-out children until none is left: the tree a picker sees after opening everything. */
async function openEverything(t: TestApp, headers: Headers, extra = ''): Promise<{ roots: OrganizationTreeNode[]; asks: number }> {
  let asks = 1;
  const roots = await tree(t, headers, `byLevel=true${extra}`);
  const fill = async (nodes: OrganizationTreeNode[]): Promise<void> => {
    for (const node of nodes) {
      if (node.unloadedChildren !== undefined) {
        expect(node.children).toEqual([]);
        asks += 1;
        node.children = await tree(t, headers, `byLevel=true&parentId=${node.id}${extra}`);
        expect(node.children).toHaveLength(node.unloadedChildren);
        delete node.unloadedChildren;
      }
      await fill(node.children);
    }
  };
  await fill(roots);
  return { roots, asks };
}

function count(nodes: OrganizationTreeNode[]): number {
  return nodes.reduce((n, node) => n + 1 + count(node.children), 0);
}

async function levelCounts(t: TestApp): Promise<number[]> {
  const rows = await t.db.kysely.selectFrom('organizations').select('depth').where('archived_at', 'is', null).execute();
  const counts: number[] = [];
  for (const r of rows) counts[r.depth] = (counts[r.depth] ?? 0) + 1;
  return counts;
}

describe('the organization tree a level at a time', () => {
  let t: TestApp;
  let admin: Headers;
  let topTwo: number;

  beforeAll(async () => {
    // Sized after the seed: the district and its subdistricts fit, the villages do not.
    const probe = await createTestApp();
    const counts = await levelCounts(probe);
    await probe.close();
    topTwo = (counts[0] ?? 0) + (counts[1] ?? 0);
    t = await createTestApp({ config: { orgTreeWholeMax: topTwo } });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('sends the levels that fit, each node of the last level counting its children', async () => {
    const whole = await tree(t, admin, '');
    const counts = await levelCounts(t);
    expect(count(whole)).toBe(counts.reduce((a, b) => a + b, 0));
    expect(count(whole)).toBeGreaterThan(topTwo);

    const byLevel = await tree(t, admin, 'byLevel=true');
    expect(count(byLevel)).toBe(topTwo);
    const subdistricts = byLevel.flatMap((r) => r.children);
    expect(subdistricts.length).toBe(counts[1]);
    for (const s of subdistricts) {
      const inWhole = whole.flatMap((r) => r.children).find((n) => n.id === s.id)!;
      expect(s.children).toEqual([]);
      expect(s.unloadedChildren ?? 0).toBe(inWhole.children.length);
    }
    // The whole tree (no byLevel) says nothing of unloaded children.
    expect(JSON.stringify(whole)).not.toContain('unloadedChildren');
  });

  it('a subdistrict asked for by parentId sends what lies under it, not itself', async () => {
    const whole = await tree(t, admin, '');
    const baiyang = await t.orgId('白杨街道');
    const inWhole = whole.flatMap((r) => r.children).find((n) => n.id === baiyang)!;
    expect(inWhole.children.length).toBeGreaterThan(0);
    expect(await tree(t, admin, `parentId=${baiyang}`)).toEqual(inWhole.children);
    // A level at a time, the villages come; their branches wait to be asked for.
    const villages = await tree(t, admin, `byLevel=true&parentId=${baiyang}`);
    expect(villages.map((v) => v.id)).toEqual(inWhole.children.map((v) => v.id));
    for (const v of villages) {
      expect(v.children).toEqual([]);
      expect(v.unloadedChildren ?? 0).toBe(inWhole.children.find((w) => w.id === v.id)!.children.length);
    }
  });

  it('opening every node level by level gives exactly the whole tree, at any size limit', async () => {
    const whole = await tree(t, admin, '');
    const opened = await openEverything(t, admin);
    expect(opened.roots).toEqual(whole);
    expect(opened.asks).toBeGreaterThan(1);

    const tiny = await createTestApp({ config: { orgTreeWholeMax: 1 } });
    try {
      const tinyAdmin = await tiny.login('admin');
      const first = await tree(tiny, tinyAdmin, 'byLevel=true');
      expect(first).toHaveLength(1);
      expect(first[0]!.children).toEqual([]);
      expect(first[0]!.unloadedChildren).toBeGreaterThan(1);
      const all = await openEverything(tiny, tinyAdmin);
      expect(all.roots).toEqual(await tree(tiny, tinyAdmin, ''));
      // Every node with children was its own ask.
      expect(all.asks).toBeGreaterThan(opened.asks);
    } finally {
      await tiny.close();
    }
  });

  it('counts archived children only when they are asked for', async () => {
    const liangtian = await t.orgId('良田街道');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: admin,
      payload: { parentId: liangtian, kind: 'village', name: '待归档测试村' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const village = created.json<{ id: string; version: number }>();
    const before = (await tree(t, admin, 'byLevel=true')).flatMap((r) => r.children).find((n) => n.id === liangtian)!;
    const archive = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${village.id}`,
      headers: admin,
      payload: { version: village.version, archived: true },
    });
    expect(archive.statusCode, archive.body).toBe(200);
    const after = (await tree(t, admin, 'byLevel=true')).flatMap((r) => r.children).find((n) => n.id === liangtian)!;
    expect(after.unloadedChildren ?? 0).toBe((before.unloadedChildren ?? 0) - 1);
    const archivedToo = (await tree(t, admin, 'byLevel=true&includeArchived=true'))
      .flatMap((r) => r.children)
      .find((n) => n.id === liangtian)!;
    expect(archivedToo.unloadedChildren).toBe(before.unloadedChildren);
    expect((await tree(t, admin, `parentId=${liangtian}`)).map((n) => n.id)).not.toContain(village.id);
    expect((await tree(t, admin, `parentId=${liangtian}&includeArchived=true`)).map((n) => n.id)).toContain(village.id);
    const opened = await openEverything(t, admin, '&includeArchived=true');
    expect(opened.roots).toEqual(await tree(t, admin, 'includeArchived=true'));
  });

  it('keeps to the reader scope: a node outside it is not found, and a search names no parent outside it', async () => {
    const zhangdong = await t.login('zhangdong');
    const own = await tree(t, zhangdong, 'byLevel=true');
    expect(own.map((r) => r.name)).toEqual(['张东村']);
    for (const name of ['白杨街道', '大闵村', '渭南高新区']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/organizations/tree?byLevel=true&parentId=${await t.orgId(name)}`,
        headers: zhangdong,
      });
      expect(res.statusCode, name).toBe(404);
    }
    const village = await t.orgId('张东村');
    const under = await tree(t, zhangdong, `byLevel=true&parentId=${village}`);
    expect(under).toEqual(own[0]!.children);

    const search = (q: string, headers: Headers) =>
      t.app
        .inject({ method: 'GET', url: `/api/organizations?q=${encodeURIComponent(q)}`, headers })
        .then((r) => r.json<{ items: Array<{ name: string; parentName: string | null }> }>().items);
    expect((await search('张东村', zhangdong)).map((i) => [i.name, i.parentName])).toEqual([
      ['张东村', null],
      ['张东村党支部', '张东村'],
    ]);
    const seenByAdmin = (await search('张东村', admin)).find((i) => i.name === '张东村')!;
    expect(seenByAdmin.parentName).toMatch(/街道$/);
  });

  it('answers 400 to a malformed ask', async () => {
    for (const query of ['byLevel=maybe', 'parentId=', `parentId=${'x'.repeat(200)}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/organizations/tree?${query}`, headers: admin });
      expect([400, 404], query).toContain(res.statusCode);
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/organizations/tree?byLevel=maybe', headers: admin });
    expect(bad.statusCode).toBe(400);
  });
});
