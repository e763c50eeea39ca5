import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Venue, VenueBoard, VenueProjectDetail } from '../../../domain/contracts/venues.ts';
import type { Headers } from '../../testing/factories.ts';
import { PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { draftProject, driveTo, makeVenue, milestone, step, uploadVenueFile } from './venues.test-support.ts';

/**
 * The venue campaign's records keep the program's rules: an archived village's venue records are read only; a
 * venue leaves the clearance list by an accepted project, an edit only as a correction of the register (with its
 * reason, counted as never listed); a project's fund totals stay within what the columns hold on PostgreSQL; and an
 * upload is refused before its body is read.
 */

let t: TestApp;
let admin: Headers;
let officer: Headers;
let finance: Headers;
let viewer: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  finance = await t.login('finance');
  viewer = await t.login('viewer');
});
afterAll(() => t.close());

const get = <T>(url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers }).then((r) => r.json<T>());
const patchVenue = (v: { id: string; version: number }, body: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: `/api/venues/${v.id}`, headers: officer, payload: { version: v.version, ...body } });
const money = (p: { id: string }, kind: 'allocations' | 'spendings', body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/venue-projects/${p.id}/${kind}`, headers: finance, payload: body });
// Beyond the project's approved budget, with its reason: these tests are about the 20,000,000 元 ceiling.
const allocation = (amount: number) => ({
  amount,
  allocatedOn: '2026-11-20',
  documentNo: '高新财〔2026〕88号',
  overBudget: { reason: '区政府追加投资' },
});
const spending = (amount: number, reason?: string) => ({
  amount,
  spentOn: '2026-11-21',
  payee: '某建筑公司',
  purpose: '扩建工程款',
  voucherNo: 'PZ-001',
  ...(reason && { override: { reason } }),
});

describe('a venue on the clearance list', () => {
  it('leaves it by an edit only as a correction of the register, with its reason, and then counts as never listed', async () => {
    const v = await makeVenue(t, officer, '东坡村');
    expect(v.passes).toBe(false);
    // Before: a plain edit took it off the list and the board counted it 已清零, with no project at all.
    const plain = await patchVenue(v, { buildingArea: 250, ownership: 'owned' });
    expect(plain.statusCode, plain.body).toBe(400);
    expect(plain.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { fields: [{ path: 'correctionReason' }] } } });
    expect((await get<Venue>(`/api/venues/${v.id}`, officer)).passes).toBe(false);
    // An edit that keeps it failing needs no reason.
    const still = await patchVenue(v, { buildingArea: 170 });
    expect(still.statusCode, still.body).toBe(200);
    const corrected = await patchVenue(still.json<Venue>(), {
      buildingArea: 250,
      ownership: 'owned',
      correctionReason: '原登记面积少算了二楼，产权证为村集体所有',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json<Venue>()).toMatchObject({ passes: true, listedAt: null });
    const board = await get<VenueBoard>('/api/venues/board', officer);
    const row = board.villages.find((r) => r.venueId === v.id)!;
    expect(row).toMatchObject({ onList: false, standing: 'passing' });
    expect(row.stateZh).not.toContain('清零');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('data')
      .where('entity_id', '=', v.id)
      .where('type', '=', 'venue.updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ correctionReason: '原登记面积少算了二楼，产权证为村集体所有' });
  });

  it('with a project under way leaves it only by the project’s acceptance', async () => {
    const v = await makeVenue(t, officer, '麻李村');
    const p = await draftProject(t, admin, v.id);
    expect(p.statusCode, p.body).toBe(201);
    const res = await patchVenue(v, { buildingArea: 250, ownership: 'owned', correctionReason: '登记有误，实为自有场所' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toContain('整改项目正在进行');
    expect((await get<Venue>(`/api/venues/${v.id}`, officer)).passes).toBe(false);
  });
});

describe("a project's fund", () => {
  it('keeps its totals within 20,000,000 元: over it is a 400 naming the total, never a 500 (PostgreSQL’s 32-bit columns)', async () => {
    const v = await makeVenue(t, officer, '上庄村');
    const p = await driveTo(t, admin, v.id, 'approved');
    expect((await money(p, 'allocations', allocation(15_000_000))).statusCode).toBe(200);
    const over = await money(p, 'allocations', allocation(15_000_000));
    expect(over.statusCode, over.body).toBe(400);
    expect(over.json().error.message).toContain('15000000');
    expect((await money(p, 'allocations', allocation(5_000_000))).statusCode).toBe(200);
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance)).allocated).toBe(20_000_000);
    // Spends, even over the balance with the override's reason, stop at the same total.
    expect((await money(p, 'spendings', spending(20_000_000))).statusCode).toBe(200);
    const overSpend = await money(p, 'spendings', spending(20_000_000, '追加工程款，财政已口头同意'));
    expect(overSpend.statusCode, overSpend.body).toBe(400);
    expect(overSpend.json().error.details).toMatchObject({ fields: [{ path: 'amount' }] });
    const after = await get<VenueProjectDetail>(`/api/venue-projects/${p.id}`, finance);
    expect(after).toMatchObject({ allocated: 20_000_000, spent: 20_000_000 });
    const rows = await t.db.kysely.selectFrom('fund_spendings').select('id').where('project_id', '=', p.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('an upload of a venue file', () => {
  it('is refused as such before its body is read: an oversized upload by a reader is 403, not 413', async () => {
    const v = await makeVenue(t, officer, '西塬村');
    // Over the upload limit (256 KB in tests): read first, it answered 413 to anyone.
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(300 * 1024, 0x80)]);
    const refused = await uploadVenueFile(t, viewer, { venueId: v.id }, { name: '大图.png', bytes: big });
    expect(refused.statusCode, refused.body).toBe(403);
    expect((await uploadVenueFile(t, officer, { venueId: v.id }, { name: '大图.png', bytes: big })).statusCode).toBe(413);
    expect((await uploadVenueFile(t, officer, { venueId: v.id }, { name: '外景.png', bytes: PNG_1x1 })).statusCode).toBe(201);
  });
});

describe("an archived village's venue records", () => {
  it('are read only: no action is offered, and every write is 409 with nothing written', async () => {
    const v = await makeVenue(t, officer, '大闵村');
    const inWorks = await driveTo(t, admin, v.id, 'in_works');
    // Its branch first (an organization with unarchived children is not archived), then the village.
    const orgs = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'version', 'parent_id'])
      .where((eb) => eb.or([eb('id', '=', v.organizationId), eb('parent_id', '=', v.organizationId)]))
      .execute();
    for (const org of orgs.sort((a, b) => (a.parent_id === v.organizationId ? -1 : 0) - (b.parent_id === v.organizationId ? -1 : 0))) {
      const archived = await t.app.inject({
        method: 'PATCH',
        url: `/api/organizations/${org.id}`,
        headers: admin,
        payload: { version: Number(org.version), archived: true },
      });
      expect(archived.statusCode, archived.body).toBe(200);
    }

    const venue = await get<Venue>(`/api/venues/${v.id}`, admin);
    expect(venue.allowedActions).toEqual([]);
    const project = await get<VenueProjectDetail>(`/api/venue-projects/${inWorks.id}`, admin);
    expect(project.allowedActions).toEqual([]);

    // Out of the campaign's figures from its archiving on: it no longer holds the clearance list open.
    const board = await get<VenueBoard>('/api/venues/board', admin);
    expect(board.villages.map((r) => r.venueId)).not.toContain(v.id);

    const before = await t.db.kysely
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const writes = [
      await t.app.inject({
        method: 'PATCH',
        url: `/api/venues/${v.id}`,
        headers: admin,
        payload: { version: venue.version, name: '新名' },
      }),
      await milestone(t, admin, project, 50),
      await step(t, admin, project, 'complete'),
      await money(project, 'allocations', allocation(1000)),
      await money(project, 'spendings', spending(10, '应急')),
      await uploadVenueFile(t, admin, { venueId: v.id }),
    ];
    for (const res of writes) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toContain('已撤销（归档）');
    }
    const after = await t.db.kysely
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await get<VenueProjectDetail>(`/api/venue-projects/${inWorks.id}`, admin)).version).toBe(project.version);
  });
});
