import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A client that sends `Prefer: return=minimal` (RFC 7240) gets a problem write's short answer: its id, status,
 * version, updatedAt and allowedActions, and `Preference-Applied: return=minimal`. The write itself is the same
 * (its history row and audit event), and the short answer agrees with a fresh read of the problem by the same
 * reader. SQLite, or PostgreSQL under scripts/with-postgres.sh.
 */
let t: TestApp;
let admin: Headers;
let secretary: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  secretary = await t.login('secretary');
});
afterAll(() => t.close());

const MINIMAL = { prefer: 'return=minimal' };
/** A write that asks for the short answer. */
const short = (by: Headers, method: 'POST' | 'PATCH', url: string, payload: object) =>
  t.app.inject({ method, url, headers: { ...by, ...MINIMAL }, payload });
const read = async (id: string, by: Headers) => (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: by })).json();
/** The short answer's fields of a whole detail. */
const ackOf = (d: Record<string, unknown>) => ({
  id: d.id,
  status: d.status,
  version: d.version,
  updatedAt: d.updatedAt,
  allowedActions: d.allowedActions,
});
const historyOf = async (id: string) =>
  t.db.kysely
    .selectFrom('problem_history')
    .select(['action', 'to_status'])
    .where('problem_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
const auditOf = async (id: string) =>
  (await t.db.kysely.selectFrom('audit_events').select('type').where('entity_id', '=', id).orderBy('seq').execute()).map((r) => r.type);

describe('a problem write with Prefer: return=minimal', () => {
  it('answers a transition with the short answer, which agrees with a fresh read', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const res = await short(secretary, 'POST', `/api/problems/${p.id}/transitions`, { action: 'start', version: p.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['allowedActions', 'id', 'status', 'updatedAt', 'version']);
    expect(body).toEqual(ackOf(await read(p.id, secretary)));
    expect(body).toMatchObject({ id: p.id, status: 'rectifying', version: p.version + 1 });
    // The write is the whole write: its history row and its audit event.
    expect(await historyOf(p.id)).toEqual([
      { action: 'create', to_status: 'open' },
      { action: 'start', to_status: 'rectifying' },
    ]);
    expect(await auditOf(p.id)).toEqual(['problem.created', 'problem.transitioned']);
    // The version it gives is the one the next write needs.
    const next = await short(admin, 'PATCH', `/api/problems/${p.id}`, { version: body.version, remark: '已开始整改' });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().version).toBe(body.version + 1);
  });

  it('answers a create and an edit with the short answer too', async () => {
    const created = await short(admin, 'POST', '/api/problems', {
      organizationId: await t.orgId('大闵村'),
      description: '党员活动室制度未上墙',
      severity: 'minor',
      dueOn: '2026-12-31',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['preference-applied']).toBe('return=minimal');
    const c = created.json();
    expect(c).toEqual(ackOf(await read(c.id, admin)));
    expect(c).toMatchObject({ status: 'open', version: 1 });

    const edited = await short(admin, 'PATCH', `/api/problems/${c.id}`, { version: c.version, remark: '已电话督办' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.headers['preference-applied']).toBe('return=minimal');
    expect(edited.json()).toEqual(ackOf(await read(c.id, admin)));
    expect(edited.json().version).toBe(2);
    expect((await read(c.id, admin)).remark).toBe('已电话督办');
  });

  it('keeps the whole detail without the preference, or with return=representation', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    for (const headers of [secretary, { ...secretary, prefer: 'return=representation' }]) {
      const version = (await read(p.id, secretary)).version as number;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/problems/${p.id}/transitions`,
        headers,
        payload: { action: version === 1 ? 'start' : 'submit', version },
      });
      if (version !== 1) {
        // submit needs evidence: the refusal is the same whatever the preference
        expect(res.statusCode, res.body).toBe(422);
        continue;
      }
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(res.json()).toEqual(await read(p.id, secretary));
      expect(res.json().timeline).toHaveLength(2);
    }
  });

  it('answers a refused or stale write with the same error shape as ever', async () => {
    const p = await makeProblem(t, admin, '大闵村');
    const stale = await short(secretary, 'POST', `/api/problems/${p.id}/transitions`, { action: 'start', version: p.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const other = await makeProblem(t, admin, '张东村');
    const hidden = await short(secretary, 'POST', `/api/problems/${other.id}/transitions`, { action: 'start', version: other.version });
    expect(hidden.statusCode).toBe(404);
  });
});
