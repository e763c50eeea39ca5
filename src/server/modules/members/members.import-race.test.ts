import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.ts';
import { multipart } from '../../testing/ledger-factories.ts';
import { auditChainHead, inTurn } from '../../testing/pg-race.ts';
import { beforeStatement } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * Two imports of the same register at once must not add its members twice: the rows already in the register are
 * looked for again inside the import's transaction. SQLite, where the bad order (another import's row landing right
 * as this one's transaction begins) can be forced with a hook before BEGIN; and PostgreSQL, where both imports read
 * the register before either committed unless they take turns on the branch (an advisory lock).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('importing a register while another import lands', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)('skips the members the other import added meanwhile, and says so', async () => {
    const secretary = await t.login('secretary');
    const branch = await t.orgId('大闵村党支部');
    const path = (await t.db.kysely.selectFrom('organizations').select('path').where('id', '=', branch).executeTakeFirstOrThrow()).path;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['序号', '党员姓名', '性别', '入党日期', '身份', '外出务工']);
    ws.addRow([1, '并发导入甲', '女', '2003-07-01', '正式党员', '否']);
    ws.addRow([2, '并发导入乙', '男', '2004-07-01', '正式党员', '否']);
    const body = multipart({}, { name: '名册.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    const at = t.clock.now().toISOString();
    const { result: res, fired } = await beforeStatement(
      /^begin immediate/i,
      (database) =>
        database
          .prepare(
            `insert into party_members (id, organization_id, org_path, name, gender, joined_on, status, works_away, version, created_at, updated_at)
             values (?, ?, ?, '并发导入甲', 'female', '2003-07-01', 'full', 0, 1, ?, ?)`,
          )
          .run(newId(), branch, path, at, at),
      () =>
        t.app.inject({
          method: 'POST',
          url: `/api/party-members/import?organizationId=${branch}`,
          headers: { ...secretary, 'content-type': body.contentType },
          payload: body.payload,
        }),
    );
    expect(fired).toBe(true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, skipped: 1, errors: [] });
    const rows = await t.db.kysely.selectFrom('party_members').select('name').where('name', 'like', '并发导入%').execute();
    expect(rows.map((r) => r.name).sort()).toEqual(['并发导入乙', '并发导入甲']);
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: two imports at once add each member once', async () => {
    const branch = await t.orgId('大闵村党支部');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['序号', '党员姓名', '性别', '入党日期', '身份', '外出务工']);
    ws.addRow([1, '同时导入甲', '女', '2003-07-01', '正式党员', '否']);
    ws.addRow([2, '同时导入乙', '男', '2004-07-01', '正式党员', '否']);
    const body = multipart({}, { name: '名册.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    const importAs = async (who: string) => {
      const headers = await t.login(who);
      return () =>
        t.app.inject({
          method: 'POST',
          url: `/api/party-members/import?organizationId=${branch}`,
          headers: { ...headers, 'content-type': body.contentType },
          payload: body.payload,
        });
    };
    // Each import waits at the audit chain's head; before the branch's lock the second had read the register
    // without the first's members by then, and inserted them again.
    const [a, b] = await inTurn(t.db, auditChainHead, await importAs('secretary'), await importAs('admin'));
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([200, 200]);
    expect([a.json().created, b.json().created].sort()).toEqual([0, 2]);
    const rows = await t.db.kysely.selectFrom('party_members').select('name').where('name', 'like', '同时导入%').execute();
    expect(rows.map((r) => r.name).sort()).toEqual(['同时导入乙', '同时导入甲']);
  });
});
