import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, makeUser, TEST_PASSWORD, uniqueName, type Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
let officer: Headers;
let secretary: Headers;
let ltadmin: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  const lt = await makeUser(t, admin, [{ role: 'district_admin', org: '良田街道' }]);
  ltadmin = await t.login(lt.username, TEST_PASSWORD);
});
afterAll(() => t.close());

/** Responses as loose JSON, the way the tests read them. */
type Json = ReturnType<typeof JSON.parse>;

const get = (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, payload });

async function expectOk(res: LightMyRequestResponse, status = 200): Promise<Json> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function demoStandard(): Promise<Json> {
  const list = await expectOk(await get('/api/standards'));
  return list.items.find((s: Json) => s.name === '渭南高新区村级党组织规范化建设标准');
}

/** A new standard of our own, so tests do not share drafts. */
async function newStandard(headers = admin): Promise<Json> {
  return expectOk(await send('POST', '/api/standards', { name: uniqueName('测试标准') }, headers), 201);
}

async function addArea(v: Json, code: string, name: string): Promise<Json> {
  return expectOk(await send('POST', `/api/standard-versions/${v.id}/areas`, { version: v.version, code, name }));
}

async function addItem(v: Json, areaCode: string, code: string, extra: Json = {}): Promise<Json> {
  const areaId = v.areas.find((a: Json) => a.code === areaCode).id;
  return expectOk(
    await send('POST', `/api/standard-versions/${v.id}/items`, {
      version: v.version,
      areaId,
      code,
      title: `检查项${code}`,
      criterion: '按要求落实',
      weight: 5,
      expectedEvidence: '照片、会议记录',
      ...extra,
    }),
  );
}

/** A draft with two areas and three items weighing 100 in all, ready to publish. */
async function completeDraft(): Promise<Json> {
  let v = await newStandard();
  v = await addArea(v, 'ZZSZ', '组织设置');
  v = await addArea(v, 'ZDJS', '阵地建设');
  v = await addItem(v, 'ZZSZ', 'ZZSZ-01', { weight: 40 });
  v = await addItem(v, 'ZZSZ', 'ZZSZ-02', { weight: 30 });
  return addItem(v, 'ZDJS', 'ZDJS-01', { appliesTo: 'village', weight: 30 });
}

const publish = (v: Json, headers = admin) => send('POST', `/api/standard-versions/${v.id}/publish`, { version: v.version }, headers);

describe('the demo standard', () => {
  it('is published as version 1: ten areas, at least 40 check items, weights adding up to 100', async () => {
    const s = await demoStandard();
    expect(s.versions).toHaveLength(1);
    expect(s.currentVersionId).toBe(s.versions[0].id);
    expect(s.draftVersionId).toBeNull();
    const v = await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`, secretary));
    expect(v).toMatchObject({ versionNo: 1, status: 'published', areaCount: 10, totalWeight: 100, publishProblems: [] });
    expect(v.publishedBy.displayName).toBe('系统管理员');
    expect(v.areas.map((a: Json) => a.name)).toEqual([
      '组织设置',
      '队伍建设',
      '阵地建设',
      '党建活动',
      '党建制度',
      '民主管理',
      '党员教育管理',
      '党务村务公开',
      '档案台账',
      '经费保障与服务群众',
    ]);
    expect(v.itemCount).toBeGreaterThanOrEqual(40);
    for (const area of v.areas) {
      expect(area.items.length).toBeGreaterThanOrEqual(4);
      expect(area.items.length).toBeLessThanOrEqual(6);
      // Items come in order, each coded after its area: ZZSZ-01, ZZSZ-02…
      expect(area.items.map((i: Json) => i.code)).toEqual(
        area.items.map((_: Json, n: number) => `${area.code}-${String(n + 1).padStart(2, '0')}`),
      );
      expect(area.weight).toBe(area.items.reduce((sum: number, i: Json) => sum + i.weight, 0));
    }
    const items = v.areas.flatMap((a: Json) => a.items);
    expect(items.find((i: Json) => i.code === 'ZDJS-01').criterion).toContain('不少于200平方米');
    expect(items.some((i: Json) => i.appliesTo === 'village')).toBe(true);
    expect(items.filter((i: Json) => i.appliesTo === 'both').length).toBeGreaterThan(items.length / 2);
  });

  it('offers a new draft to those who manage standards, and nothing to readers', async () => {
    const s = await demoStandard();
    const forAdmin = await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`));
    expect(forAdmin.allowedActions).toEqual(['createDraft']);
    const forSecretary = await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`, secretary));
    expect(forSecretary.allowedActions).toEqual([]);
    expect((await expectOk(await get('/api/standards', secretary))).allowedActions).toEqual([]);
    expect((await expectOk(await get('/api/standards', officer))).allowedActions).toEqual(['create']);
  });

  it('cannot be edited once published: 422 with a clear message, nothing changes', async () => {
    const s = await demoStandard();
    const v = await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`));
    const before = await countAuditEvents(t.db);
    const attempts = [
      await send('PATCH', `/api/standard-versions/${v.id}`, { version: v.version, title: '改标题' }),
      await send('POST', `/api/standard-versions/${v.id}/areas`, { version: v.version, code: 'XX', name: '新领域' }),
      await send('PATCH', `/api/standard-versions/${v.id}/items/${v.areas[0].items[0].id}`, { version: v.version, weight: 9 }),
      await send('DELETE', `/api/standard-versions/${v.id}/areas/${v.areas[0].id}?version=${v.version}`),
      await publish(v),
    ];
    for (const res of attempts) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('INVALID_TRANSITION');
    }
    expect(attempts[0]!.json().error.message).toContain('第1版已发布，不能再修改');
    expect(await countAuditEvents(t.db)).toBe(before);
    const after = await expectOk(await get(`/api/standard-versions/${v.id}`));
    expect(after).toEqual(v);
  });
});

describe('drafts', () => {
  it('start as a copy of the latest published version; only one at a time', async () => {
    const s = await demoStandard();
    const draft = await expectOk(await send('POST', `/api/standards/${s.id}/drafts`, {}), 201);
    expect(draft).toMatchObject({ versionNo: 2, status: 'draft', basedOnVersionId: s.currentVersionId, itemCount: 49, totalWeight: 100 });
    expect(draft.allowedActions).toEqual(['edit', 'publish']);
    // New rows, same content.
    const original = await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`));
    expect(draft.areas[0].id).not.toBe(original.areas[0].id);
    expect(draft.areas.map((a: Json) => a.items.map((i: Json) => [i.code, i.criterion]))).toEqual(
      original.areas.map((a: Json) => a.items.map((i: Json) => [i.code, i.criterion])),
    );
    // The published version no longer offers a draft, and a second draft is refused.
    expect((await expectOk(await get(`/api/standard-versions/${s.currentVersionId}`))).allowedActions).toEqual([]);
    const again = await send('POST', `/api/standards/${s.id}/drafts`, {}, officer);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已有草稿（第2版）');
    const listed = await demoStandard();
    expect(listed.draftVersionId).toBe(draft.id);
    expect(listed.versions.map((v: Json) => v.versionNo)).toEqual([2, 1]);
    const events = await expectOk(await get(`/api/audit?entityId=${draft.id}`));
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      type: 'standard.version_created',
      entityType: 'standard',
      data: { standardId: s.id, versionNo: 2, basedOnVersionId: s.currentVersionId },
    });
  });

  it('refuses a source version of another standard (400)', async () => {
    const s = await demoStandard();
    const other = await expectOk(await publish(await completeDraft()));
    const foreign = await send('POST', `/api/standards/${other.standardId}/drafts`, { basedOnVersionId: s.currentVersionId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details.fields[0].path).toBe('basedOnVersionId');
  });

  it('edits areas and items; every edit bumps the version and writes one audit event', async () => {
    let v = await newStandard(officer);
    expect(v).toMatchObject({ versionNo: 1, status: 'draft', version: 1, areas: [] });
    const before = await countAuditEvents(t.db, 'standard.draft_edited');
    v = await expectOk(
      await send('PATCH', `/api/standard-versions/${v.id}`, { version: 1, title: '社区党组织规范化建设标准', notes: '征求意见稿' }),
    );
    expect(v).toMatchObject({ title: '社区党组织规范化建设标准', notes: '征求意见稿', version: 2 });
    v = await addArea(v, 'zzsz', '组织设置');
    // Codes are stored upper-case, so versions compare by code reliably.
    expect(v.areas[0]).toMatchObject({ code: 'ZZSZ', sortOrder: 1, items: [] });
    v = await addArea(v, 'ZDJS', '阵地建设');
    v = await addItem(v, 'ZZSZ', 'ZZSZ-01', { weight: 6 });
    v = await addItem(v, 'ZZSZ', 'ZZSZ-02', { appliesTo: 'community' });
    expect(v.version).toBe(6);
    expect(v.areas[0].items.map((i: Json) => [i.code, i.sortOrder, i.appliesTo])).toEqual([
      ['ZZSZ-01', 1, 'both'],
      ['ZZSZ-02', 2, 'community'],
    ]);
    expect(v).toMatchObject({ itemCount: 2, totalWeight: 11 });
    expect(v.areas[0].weight).toBe(11);
    // The empty area blocks publishing, and so do weights that do not make 100; the DTO says why.
    expect(v.publishProblems).toEqual([expect.stringContaining('阵地建设'), expect.stringContaining('合计为 11 分，应为 100 分')]);
    expect(v.requiredTotalWeight).toBe(100);

    const item = v.areas[0].items[1];
    const zdjs = v.areas[1].id;
    v = await expectOk(
      await send('PATCH', `/api/standard-versions/${v.id}/items/${item.id}`, {
        version: v.version,
        areaId: zdjs,
        code: 'ZDJS-01',
        weight: 10,
        criterion: '面积不少于300平方米\n产权归社区所有',
      }),
    );
    expect(v.areas[1].items).toEqual([
      expect.objectContaining({ code: 'ZDJS-01', weight: 10, sortOrder: 1, criterion: '面积不少于300平方米\n产权归社区所有' }),
    ]);
    expect(v.publishProblems).toEqual([expect.stringContaining('合计为 16 分')]);
    v = await expectOk(
      await send('PATCH', `/api/standard-versions/${v.id}/areas/${zdjs}`, { version: v.version, name: '阵地建设（社区）', sortOrder: 0 }),
    );
    expect(v.areas.map((a: Json) => a.name)).toEqual(['阵地建设（社区）', '组织设置']);
    v = await expectOk(await send('DELETE', `/api/standard-versions/${v.id}/items/${v.areas[0].items[0].id}?version=${v.version}`));
    expect(v.areas.map((a: Json) => a.items.map((i: Json) => i.code))).toEqual([[], ['ZZSZ-01']]);
    v = await expectOk(await send('DELETE', `/api/standard-versions/${v.id}/areas/${zdjs}?version=${v.version}`));
    expect(v.areas.map((a: Json) => a.code)).toEqual(['ZZSZ']);
    expect(v.version).toBe(10);
    expect((await countAuditEvents(t.db, 'standard.draft_edited')) - before).toBe(9);
    const log = await expectOk(await get(`/api/audit?entityId=${v.id}&type=standard.draft_edited&pageSize=1`));
    expect(log.items[0]).toMatchObject({
      entityType: 'standard',
      data: { change: 'area.removed', after: null, before: { code: 'ZDJS', itemCodes: [] } },
    });
  });

  it('removing an area removes its items', async () => {
    const v = await completeDraft();
    const zzsz = v.areas.find((a: Json) => a.code === 'ZZSZ');
    const after = await expectOk(await send('DELETE', `/api/standard-versions/${v.id}/areas/${zzsz.id}?version=${v.version}`));
    expect(after).toMatchObject({ areaCount: 1, itemCount: 1 });
    const log = await expectOk(await get(`/api/audit?entityId=${v.id}&type=standard.draft_edited&pageSize=1`));
    expect(log.items[0].data.before.itemCodes).toEqual(['ZZSZ-01', 'ZZSZ-02']);
  });

  it('refuses a code already used in the version (409), whether area or item, added or renamed', async () => {
    const v = await completeDraft();
    const before = await countAuditEvents(t.db);
    const dupArea = await send('POST', `/api/standard-versions/${v.id}/areas`, { version: v.version, code: 'zdjs', name: '另一个' });
    expect(dupArea.statusCode).toBe(409);
    expect(dupArea.json().error.message).toContain('领域编码“ZDJS”在本版本中已被“阵地建设”使用');
    const dupItem = await send('POST', `/api/standard-versions/${v.id}/items`, {
      version: v.version,
      areaId: v.areas[0].id,
      code: 'ZZSZ-01',
      title: '重复',
      criterion: '重复',
      weight: 1,
      expectedEvidence: '无',
    });
    expect(dupItem.statusCode).toBe(409);
    expect(dupItem.json().error.message).toContain('ZZSZ-01');
    const rename = await send('PATCH', `/api/standard-versions/${v.id}/items/${v.areas[0].items[1].id}`, {
      version: v.version,
      code: 'ZDJS-01',
    });
    expect(rename.statusCode).toBe(409);
    // Keeping an item's own code is not a clash.
    const same = await send('PATCH', `/api/standard-versions/${v.id}/items/${v.areas[0].items[0].id}`, {
      version: v.version,
      code: 'ZZSZ-01',
      title: '新标题',
    });
    expect(same.statusCode).toBe(200);
    expect(await countAuditEvents(t.db)).toBe(before + 1);
  });

  it('validates weights, applies-to and the area of an item (400)', async () => {
    const v = await completeDraft();
    const base = { version: v.version, areaId: v.areas[0].id, code: 'ZZSZ-09', title: '题', criterion: '标准', expectedEvidence: '照片' };
    for (const bad of [
      { weight: 0 },
      { weight: -2 },
      { weight: 2.5 },
      { weight: 5, appliesTo: 'town' },
      { weight: 5, criterion: '' },
      { weight: 5, code: 'a b' },
    ]) {
      const res = await send('POST', `/api/standard-versions/${v.id}/items`, { ...base, ...bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const other = await completeDraft();
    const foreignArea = await send('POST', `/api/standard-versions/${v.id}/items`, { ...base, weight: 5, areaId: other.areas[0].id });
    expect(foreignArea.statusCode).toBe(400);
    expect(foreignArea.json().error.details.fields[0].path).toBe('areaId');
    const unknownItem = await send('PATCH', `/api/standard-versions/${v.id}/items/${other.areas[0].items[0].id}`, {
      version: v.version,
      weight: 3,
    });
    expect(unknownItem.statusCode).toBe(404);
    expect((await send('PATCH', `/api/standard-versions/${v.id}`, { version: v.version })).statusCode).toBe(400);
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const v = await completeDraft();
    const first = await send('PATCH', `/api/standard-versions/${v.id}`, { version: v.version, title: '甲' });
    expect(first.statusCode).toBe(200);
    const before = await countAuditEvents(t.db);
    for (const res of [
      await send('PATCH', `/api/standard-versions/${v.id}`, { version: v.version, title: '乙' }),
      await send('POST', `/api/standard-versions/${v.id}/areas`, { version: v.version, code: 'NEW', name: '新' }),
      await send('DELETE', `/api/standard-versions/${v.id}/items/${v.areas[0].items[0].id}?version=${v.version}`),
      await publish(v),
    ]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.code).toBe('CONFLICT');
    }
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await expectOk(await get(`/api/standard-versions/${v.id}`))).title).toBe('甲');
  });

  it('two edits of one draft at the same version: one 200, one 409', async () => {
    for (let round = 0; round < 3; round++) {
      const v = await completeDraft();
      const rs = await Promise.all(
        [admin, officer].map((h, i) =>
          send('POST', `/api/standard-versions/${v.id}/areas`, { version: v.version, code: `X${i}`, name: `新领域${i}` }, h),
        ),
      );
      expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect((await expectOk(await get(`/api/standard-versions/${v.id}`))).areaCount).toBe(3);
    }
  });

  it('two new drafts of one standard at once: one 201, one 409', async () => {
    for (let round = 0; round < 3; round++) {
      const published = await expectOk(await publish(await completeDraft()));
      const rs = await Promise.all([admin, officer].map((h) => send('POST', `/api/standards/${published.standardId}/drafts`, {}, h)));
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    }
  });
});

describe('publishing', () => {
  it('needs at least one area and an item in every area (422 naming what is missing)', async () => {
    let v = await newStandard();
    const empty = await publish(v);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { problems: [expect.stringContaining('至少需要一个领域')] },
    });
    v = await addArea(v, 'DATZ', '档案台账');
    const noItems = await publish(v);
    expect(noItems.statusCode).toBe(422);
    expect(noItems.json().error.message).toContain('档案台账');
  });

  it('needs the weights to make the total (100): a clear 422, nothing changes, then publishes once they do', async () => {
    let v = await newStandard();
    v = await addArea(v, 'ZZSZ', '组织设置');
    v = await addItem(v, 'ZZSZ', 'ZZSZ-01', { weight: 60 });
    v = await addItem(v, 'ZZSZ', 'ZZSZ-02', { weight: 30 });
    const before = await countAuditEvents(t.db);
    const short = await publish(v);
    expect(short.statusCode).toBe(422);
    expect(short.json().error.message).toContain('检查项分值合计为 90 分，应为 100 分');
    expect(short.json().error.message).toContain('they must total 100');
    expect(await countAuditEvents(t.db)).toBe(before);
    expect((await expectOk(await get(`/api/standard-versions/${v.id}`))).status).toBe('draft');
    v = await expectOk(
      await send('PATCH', `/api/standard-versions/${v.id}/items/${v.areas[0].items[1].id}`, { version: v.version, weight: 40 }),
    );
    expect(v.publishProblems).toEqual([]);
    expect((await expectOk(await publish(v))).status).toBe('published');
  });

  it('makes the draft immutable and lets the next draft start from it', async () => {
    const draft = await completeDraft();
    const before = await countAuditEvents(t.db);
    const v = await expectOk(await publish(draft, officer));
    expect(v).toMatchObject({ status: 'published', version: draft.version + 1, allowedActions: ['createDraft'] });
    expect(v.publishedAt).toBeTruthy();
    expect(v.publishedBy.displayName).toBe('赵明远');
    expect(await countAuditEvents(t.db)).toBe(before + 1);
    const log = await expectOk(await get(`/api/audit?entityId=${v.id}&type=standard.version_published`));
    expect(log.items[0]).toMatchObject({ entityType: 'standard', data: { versionNo: 1, checkItems: 3 } });

    const edit = await send('PATCH', `/api/standard-versions/${v.id}/areas/${v.areas[0].id}`, { version: v.version, name: '改' });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().error.message).toContain('已发布');

    const next = await expectOk(await send('POST', `/api/standards/${v.standardId}/drafts`, { basedOnVersionId: v.id }), 201);
    expect(next).toMatchObject({ versionNo: 2, basedOnVersionId: v.id, itemCount: 3 });
  });
});

describe('comparing versions', () => {
  it('reports areas and items added, removed and changed field by field, matched by code', async () => {
    const v1 = await expectOk(await publish(await completeDraft()));
    let v2 = await expectOk(await send('POST', `/api/standards/${v1.standardId}/drafts`, {}), 201);
    const area = (code: string) => v2.areas.find((a: Json) => a.code === code);
    const itemOf = (code: string) => v2.areas.flatMap((a: Json) => a.items).find((i: Json) => i.code === code);
    v2 = await expectOk(
      await send('PATCH', `/api/standard-versions/${v2.id}/areas/${area('ZZSZ').id}`, { version: v2.version, name: '组织建设' }),
    );
    v2 = await expectOk(
      await send('PATCH', `/api/standard-versions/${v2.id}/items/${itemOf('ZZSZ-01').id}`, {
        version: v2.version,
        weight: 8,
        expectedEvidence: '选举材料',
      }),
    );
    v2 = await expectOk(await send('DELETE', `/api/standard-versions/${v2.id}/items/${itemOf('ZZSZ-02').id}?version=${v2.version}`));
    v2 = await addArea(v2, 'DATZ', '档案台账');
    v2 = await addItem(v2, 'DATZ', 'DATZ-01');

    const cmp = await expectOk(await get(`/api/standard-versions/compare?from=${v1.id}&to=${v2.id}`, secretary));
    expect(cmp.from).toMatchObject({ id: v1.id, versionNo: 1, status: 'published' });
    expect(cmp.to).toMatchObject({ id: v2.id, versionNo: 2, status: 'draft' });
    expect(cmp.areas).toEqual({
      added: [{ code: 'DATZ', name: '档案台账' }],
      removed: [],
      changed: [{ code: 'ZZSZ', name: '组织建设', changes: [{ field: 'name', from: '组织设置', to: '组织建设' }] }],
    });
    expect(cmp.items.added.map((i: Json) => i.code)).toEqual(['DATZ-01']);
    expect(cmp.items.removed.map((i: Json) => i.code)).toEqual(['ZZSZ-02']);
    expect(cmp.items.changed).toEqual([
      {
        code: 'ZZSZ-01',
        title: '检查项ZZSZ-01',
        areaCode: 'ZZSZ',
        changes: [
          { field: 'weight', from: 40, to: 8 },
          { field: 'expectedEvidence', from: '照片、会议记录', to: '选举材料' },
        ],
      },
    ]);
    expect(cmp.summary).toEqual({
      areasAdded: 1,
      areasRemoved: 0,
      areasChanged: 1,
      itemsAdded: 1,
      itemsRemoved: 1,
      itemsChanged: 1,
      itemsUnchanged: 1,
      totalWeightFrom: 100,
      totalWeightTo: 43,
    });
  });

  it('answers 404 for an unknown version and 400 for a malformed id', async () => {
    const s = await demoStandard();
    const missing = '01900000-0000-7000-8000-000000000000';
    expect((await get(`/api/standard-versions/compare?from=${s.currentVersionId}&to=${missing}`)).statusCode).toBe(404);
    expect((await get(`/api/standard-versions/${missing}`)).statusCode).toBe(404);
    expect((await get(`/api/standard-versions/compare?from=x&to=y`)).statusCode).toBe(400);
  });
});

describe('who may change the catalog', () => {
  it('is district-wide: a scoped admin and a village secretary are refused (403), and nothing is written', async () => {
    const v = await completeDraft();
    const before = await countAuditEvents(t.db);
    for (const who of [ltadmin, secretary]) {
      expect((await send('POST', '/api/standards', { name: '越权' }, who)).statusCode).toBe(403);
      expect((await send('PATCH', `/api/standard-versions/${v.id}`, { version: v.version, title: '越权' }, who)).statusCode).toBe(403);
      expect((await publish(v, who)).statusCode).toBe(403);
      const read = await expectOk(await get(`/api/standard-versions/${v.id}`, who));
      expect(read.allowedActions).toEqual([]);
    }
    expect(await countAuditEvents(t.db)).toBe(before);
  });
});

describe('check items a problem may name', () => {
  it('are those of a published version: a draft’s item (its editors may still rename or delete it) is refused', async () => {
    const v = await completeDraft();
    const draftItem = v.areas.flatMap((a: Json) => a.items)[0];
    const village = await t.orgId('大闵村');
    const onDraft = await send('POST', '/api/problems', {
      organizationId: village,
      description: '按草稿检查项登记的问题',
      severity: 'minor',
      checkItemId: draftItem.id,
    });
    expect(onDraft.statusCode, onDraft.body).toBe(400);
    expect(onDraft.json().error.details.fields[0].path).toBe('checkItemId');
    const published = await expectOk(await publish(v));
    const item = published.areas.flatMap((a: Json) => a.items)[0];
    const ok = await send('POST', '/api/problems', {
      organizationId: village,
      description: '按已发布检查项登记的问题',
      severity: 'minor',
      checkItemId: item.id,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
