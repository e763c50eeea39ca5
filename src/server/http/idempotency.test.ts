import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers } from '../testing/factories.ts';
import { type MadeProblem, multipart, PNG_1x1, problemIn, uploadEvidence } from '../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.ts';

/**
 * Idempotency-Key on the API's writes, on a real database (SQLite; PostgreSQL under scripts/with-postgres.sh): a
 * phone whose answer was lost sends its retry with the same key and gets the first answer, not a second record.
 */
let t: TestApp;
let admin: Headers;
let secretary: Headers;
let problem: MadeProblem;
let village: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  secretary = await t.login('secretary');
  village = await t.orgId('大闵村');
  problem = await problemIn(t, admin, '大闵村', 'rectifying');
});
afterAll(() => t?.close());

let n = 0;
const newKey = () => `test-key-${Date.now()}-${++n}`;

const addMeasure = (headers: Headers, key: string | undefined, description = '召开村两委会研究整改方案') =>
  t.app.inject({
    method: 'POST',
    url: '/api/measures',
    headers: key === undefined ? headers : { ...headers, [IDEMPOTENCY_HEADER]: key },
    payload: { organizationId: village, description, problemIds: [problem.id] },
  });

const measuresNamed = async (description: string) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('measures')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('description', '=', description)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key', () => {
  it('answers a write sent again with the same key with the first answer, and writes it once', async () => {
    const key = newKey();
    const description = `措施 ${key}`;
    const audited = await countAuditEvents(t.db);
    const first = await addMeasure(secretary, key, description);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers[REPLAYED_HEADER]).toBeUndefined();
    const again = await addMeasure(secretary, key, description);
    expect(again.statusCode).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await measuresNamed(description)).toBe(1);
    expect(await countAuditEvents(t.db)).toBe(audited + 1);
    // Without a key, or with another, it is a new write.
    expect((await addMeasure(secretary, undefined, description)).statusCode).toBe(201);
    expect((await addMeasure(secretary, newKey(), description)).statusCode).toBe(201);
    expect(await measuresNamed(description)).toBe(3);
  });

  it('answers an edit sent again at the same version with the first answer, not 409 "changed by someone else"', async () => {
    const made = await addMeasure(secretary, undefined, `措施 ${newKey()}`);
    const measure = made.json<{ id: string; version: number }>();
    const key = newKey();
    const description = `措施已细化 ${key}`;
    const edit = (headers: Headers, k: string | undefined) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/measures/${measure.id}`,
        headers: k === undefined ? headers : { ...headers, [IDEMPOTENCY_HEADER]: k },
        payload: { description, version: measure.version },
      });
    const audited = await countAuditEvents(t.db, 'measure.updated');
    const first = await edit(secretary, key);
    expect(first.statusCode, first.body).toBe(200);
    const again = await edit(secretary, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await countAuditEvents(t.db, 'measure.updated')).toBe(audited + 1);
    // Without the key, the same stale version is refused, as before.
    expect((await edit(secretary, undefined)).statusCode).toBe(409);
  });

  it('keeps keys apart per user', async () => {
    const key = newKey();
    const description = `措施 ${key}`;
    expect((await addMeasure(secretary, key, description)).statusCode).toBe(201);
    const other = await addMeasure(admin, key, description);
    expect(other.statusCode).toBe(201);
    expect(other.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await measuresNamed(description)).toBe(2);
  });

  it('replays an upload: one photo for two sends of it', async () => {
    const key = newKey();
    const count = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/problems/${problem.id}`, headers: admin })).json().evidence.length;
    const before = await count();
    const first = await uploadEvidence(t, { ...secretary, [IDEMPOTENCY_HEADER]: key }, { problemId: problem.id });
    expect(first.statusCode, first.body).toBe(201);
    const again = await uploadEvidence(t, { ...secretary, [IDEMPOTENCY_HEADER]: key }, { problemId: problem.id });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await count()).toBe(before + 1);
  });

  it('refuses the same key for another upload: a photo for another problem, or another photo (400), storing nothing', async () => {
    const key = newKey();
    const other = await problemIn(t, admin, '大闵村', 'rectifying');
    const count = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: admin })).json().evidence.length as number;
    const [before, otherBefore] = [await count(problem.id), await count(other.id)];
    const first = await uploadEvidence(t, { ...secretary, [IDEMPOTENCY_HEADER]: key }, { problemId: problem.id });
    expect(first.statusCode, first.body).toBe(201);
    // The same key on another problem's photo was answered with the first photo, and the second was never stored.
    const elsewhere = await uploadEvidence(t, { ...secretary, [IDEMPOTENCY_HEADER]: key }, { problemId: other.id });
    expect(elsewhere.statusCode, elsewhere.body).toBe(400);
    expect(elsewhere.json().error.message).toContain('已用于另一个请求');
    const anotherPhoto = await uploadEvidence(
      t,
      { ...secretary, [IDEMPOTENCY_HEADER]: key },
      { problemId: problem.id },
      { name: '现场照片.png', bytes: Buffer.concat([PNG_1x1, Buffer.from('another')]) },
    );
    expect(anotherPhoto.statusCode, anotherPhoto.body).toBe(400);
    expect([await count(problem.id), await count(other.id)]).toEqual([before + 1, otherBefore]);
    // The same photo sent again (another multipart boundary) is still the first answer.
    const again = await uploadEvidence(t, { ...secretary, [IDEMPOTENCY_HEADER]: key }, { problemId: problem.id });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBe('true');
    expect(again.json().id).toBe(first.json().id);
  });

  it('refuses the same key with another query: a dry run, then the import (400), not the dry run’s answer', async () => {
    const key = newKey();
    const branch = await t.orgId('大闵村党支部');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['序号', '党员姓名', '性别', '入党日期', '身份', '外出务工']);
    ws.addRow([1, `试导入${n}`, '女', '2003-07-01', '正式党员', '否']);
    const body = multipart({}, { name: '名册.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    const importIt = (dryRun: 0 | 1) =>
      t.app.inject({
        method: 'POST',
        url: `/api/party-members/import?organizationId=${branch}&dryRun=${dryRun}`,
        headers: { ...secretary, [IDEMPOTENCY_HEADER]: key, 'content-type': body.contentType },
        payload: body.payload,
      });
    const dry = await importIt(1);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true });
    const real = await importIt(0);
    expect(real.statusCode, real.body).toBe(400);
    expect(real.headers[REPLAYED_HEADER]).toBeUndefined();
  });

  it('frees the key of a refused request, so the corrected one may use it', async () => {
    const key = newKey();
    const refused = await addMeasure(secretary, key, '');
    expect(refused.statusCode).toBe(400);
    const description = `措施 ${key}`;
    const fixed = await addMeasure(secretary, key, description);
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.headers[REPLAYED_HEADER]).toBeUndefined();
  });

  it('refuses a key used for another request, and a malformed key (400), writing nothing', async () => {
    const key = newKey();
    expect((await addMeasure(secretary, key, `措施 ${key}`)).statusCode).toBe(201);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${problem.id}/progress`,
      headers: { ...secretary, [IDEMPOTENCY_HEADER]: key },
      payload: { text: '本周已完成制度上墙' },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(400);
    expect(elsewhere.json().error.message).toContain('已用于另一个请求');
    for (const bad of ['short', 'x'.repeat(101), '含中文的键值一二三四']) {
      const res = await addMeasure(secretary, bad, `措施 ${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(await measuresNamed(`措施 ${bad}`)).toBe(0);
    }
  });

  it('refuses the same key with an edited body: another request (400)', async () => {
    const key = newKey();
    expect((await addMeasure(secretary, key, `措施 ${key}`)).statusCode).toBe(201);
    const edited = await addMeasure(secretary, key, `措施 ${key}（改）`);
    expect(edited.statusCode).toBe(400);
    expect(await measuresNamed(`措施 ${key}（改）`)).toBe(0);
  });

  it('answers 409 while the first send is still being answered, and takes over a claim left by a process that ended', async () => {
    const key = newKey();
    const userId = await t.userId('secretary');
    const description = `措施 ${key}`;
    expect((await addMeasure(secretary, key, description)).statusCode).toBe(201);
    // As if its process had ended before answering: the claim has no answer.
    await t.db.kysely
      .updateTable('idempotency_keys')
      .set({ status_code: null, body: null, created_at: new Date(t.clock.now().getTime() - 10_000).toISOString() })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute();
    const busy = await addMeasure(secretary, key, description);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toContain('正在处理中');
    expect(await measuresNamed(description)).toBe(1);
    // Two minutes on, the claim is taken over and the request runs (its first run's answer was never kept).
    t.clock.advance(3 * 60_000);
    const taken = await addMeasure(secretary, key, description);
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.headers[REPLAYED_HEADER]).toBeUndefined();
    const replay = await addMeasure(secretary, key, description);
    expect(replay.headers[REPLAYED_HEADER]).toBe('true');
  });

  it('keeps an answer for a day: the same key a day later is a new write', async () => {
    const key = newKey();
    const description = `措施 ${key}`;
    expect((await addMeasure(secretary, key, description)).statusCode).toBe(201);
    // Signed in again (the session ended meanwhile): the key is the user's, not the session's.
    t.clock.advance(23 * 3_600_000);
    secretary = await t.login('secretary');
    expect((await addMeasure(secretary, key, description)).headers[REPLAYED_HEADER]).toBe('true');
    t.clock.advance(2 * 3_600_000);
    secretary = await t.login('secretary');
    const later = await addMeasure(secretary, key, description);
    expect(later.statusCode).toBe(201);
    expect(later.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await measuresNamed(description)).toBe(2);
  });
});
