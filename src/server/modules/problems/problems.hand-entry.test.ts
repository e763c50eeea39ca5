import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonthsToDate } from '../../../domain/rectification.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { Headers } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 登记问题 by hand (the ledger's button, POST /api/problems) gets what a checklist's failure gets where the form is
 * left empty: a deadline, the village's Party secretary as owner, the village as responsible unit. Before, such a
 * problem had no deadline, so it was never overdue: it escaped the colours, the interviews and the circular.
 */
let t: TestApp;
let liaison: Headers;
beforeAll(async () => {
  t = await createTestApp();
  liaison = await t.login('liaison');
});
afterAll(() => t.close());

const create = async (extra: Record<string, unknown>, headers = liaison) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/problems',
    headers,
    payload: { organizationId: await t.orgId('大闵村'), description: '登记问题的默认值', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ dueOn: string | null; ownerId: string | null; ownerName: string | null; responsibleOrgId: string | null }>();
};

describe('a problem recorded by hand', () => {
  it('gets a deadline, the village secretary as owner and the village as responsible unit when the form leaves them empty', async () => {
    const secretary = await t.db.kysely
      .selectFrom('role_assignments as ra')
      .innerJoin('users as u', 'u.id', 'ra.user_id')
      .select(['u.id', 'u.display_name'])
      .where('ra.role', '=', 'village_secretary')
      .where('ra.organization_id', '=', await t.orgId('大闵村'))
      .executeTakeFirstOrThrow();
    const p = await create({});
    // No round covers 大闵村 in this test's district: two months after it was found.
    expect(p.dueOn).toBe(addMonthsToDate(shanghaiDate(t.clock.now()), 2));
    expect(p.ownerId).toBe(secretary.id);
    expect(p.ownerName).toBe(secretary.display_name);
    expect(p.responsibleOrgId).toBe(await t.orgId('大闵村'));
  });

  it('refuses a day found after today, and dates outside the program’s years (400)', async () => {
    for (const extra of [{ foundOn: '2999-12-31' }, { foundOn: '1900-01-01' }, { dueOn: '1900-01-01' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/problems',
        headers: liaison,
        payload: { organizationId: await t.orgId('大闵村'), description: '日期不对的问题', ...extra },
      });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.details.fields[0].path).toBe(Object.keys(extra)[0]);
    }
  });

  it('keeps what the form says: a deadline, an owner by name only, another responsible unit', async () => {
    const p = await create({ dueOn: '2027-03-31', ownerName: '王某', responsibleOrgId: await t.orgId('良田街道') }, await t.login('admin'));
    expect(p).toMatchObject({ dueOn: '2027-03-31', ownerId: null, ownerName: '王某', responsibleOrgId: await t.orgId('良田街道') });
  });
});
