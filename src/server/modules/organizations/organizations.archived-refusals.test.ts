import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveOrg, countAuditEvents, type Headers, makeOrg, makeUser } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { RENTED_SMALL } from '../venues/venues.test-support.ts';

/**
 * Every refusal because an organization is archived (撤销) answers alike: 409 CONFLICT with `details.reason`
 * "archived", whether something new was to be written into it (a problem, a child, a role, a venue, a liaison
 * group's village), one of its records was to change, or its study figures were asked for. Before, the first kind
 * answered 400 and the second 409, and a client could not tell an archived organization from a stale version.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let village: { id: string; name: string; version: number };
let parent: { id: string; name: string; version: number };

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  parent = await makeOrg(t, admin, '渭南高新区', 'subdistrict');
  village = await makeOrg(t, admin, parent.id);
  await archiveOrg(t, admin, village);
  await archiveOrg(t, admin, parent);
});
afterAll(() => t?.close());

async function refusedAsArchived(headers: Headers, method: 'GET' | 'POST', url: string, payload?: object, name = village.name) {
  const before = await countAuditEvents(t.db);
  const res = await t.app.inject({ method, url, headers, payload });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(409);
  const error = res.json().error;
  expect(error.code).toBe('CONFLICT');
  expect(error.details).toMatchObject({ reason: 'archived' });
  expect(error.message).toContain(name);
  expect(await countAuditEvents(t.db)).toBe(before);
  return error as { message: string; details: { fields?: Array<{ path: string }> } };
}

describe('an archived organization', () => {
  it('takes no new problem', async () => {
    const error = await refusedAsArchived(admin, 'POST', '/api/problems', {
      organizationId: village.id,
      description: '活动场所制度未上墙',
      severity: 'minor',
      dueOn: '2026-12-31',
    });
    expect(error.message).toContain('已归档，不能登记问题');
  });

  it('takes no new child', async () => {
    const error = await refusedAsArchived(
      admin,
      'POST',
      '/api/organizations',
      { parentId: parent.id, kind: 'village', name: '新设村' },
      parent.name,
    );
    expect(error.message).toContain('不能在其下新增或移入组织');
  });

  it('takes no new role', async () => {
    const u = await makeUser(t, admin, [{ role: 'village_secretary', org: '大闵村' }]);
    const error = await refusedAsArchived(admin, 'POST', `/api/users/${u.id}/roles`, {
      version: u.version,
      role: 'village_secretary',
      organizationId: village.id,
    });
    expect(error.message).toContain('不能授予角色');
  });

  it('takes no venue, and the refusal names the form field', async () => {
    const error = await refusedAsArchived(officer, 'POST', '/api/venues', { organizationId: village.id, ...RENTED_SMALL });
    expect(error.details.fields?.[0]?.path).toBe('organizationId');
  });

  it('has no study figures to show', async () => {
    await refusedAsArchived(admin, 'GET', `/api/study/overview?organizationId=${village.id}`);
  });

  it('keeps its records read only, with the same reason', async () => {
    await refusedAsArchived(admin, 'POST', '/api/weekly-reports', { unitType: 'organization', unitId: village.id, week: '2026-11-16' });
  });
});
