import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { problemIn, transition } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let admin: Headers;
let officer: Headers;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
});
afterAll(() => t.close());

async function measureOn(problemId: string, progress: number): Promise<string> {
  const p = (await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: admin })).json();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/measures',
    headers: admin,
    payload: { organizationId: p.organizationId, description: `制度牌上墙（${progress}%）`, problemIds: [problemId], progress },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const detail = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: admin })).json();

describe('销号 with unfinished measures', () => {
  it('asks before closing a problem whose measures are below 100 %, and completes them on the closer’s word in the same step', async () => {
    const p = await problemIn(t, admin, '大闵村', 'accepted');
    const half = await measureOn(p.id, 50);
    const done = await measureOn(p.id, 100);
    const asked = await transition(t, officer, p, 'close');
    expect(asked.statusCode).toBe(422);
    expect(asked.json().error.details).toMatchObject({ needsConfirmation: 'measuresIncomplete', measures: [{ id: half, progress: 50 }] });
    expect((await detail(p.id)).status).toBe('accepted');

    const before = await countAuditEvents(t.db, 'measure.updated');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/transitions`,
      headers: officer,
      payload: { action: 'close', version: p.version, completeMeasures: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('closed');
    const measures = res.json().measures as Array<{ id: string; progress: number }>;
    expect(measures.find((m) => m.id === half)?.progress).toBe(100);
    expect(measures.find((m) => m.id === done)?.progress).toBe(100);
    // One audit event for the measure it completed, none for the one already done.
    expect(await countAuditEvents(t.db, 'measure.updated')).toBe(before + 1);
  });

  it('closes a problem without measures, or with all done, as before', async () => {
    const p = await problemIn(t, admin, '大闵村', 'accepted');
    expect((await transition(t, officer, p, 'close')).statusCode).toBe(200);
  });

  it('lets the village mark its measures done when it asks for acceptance', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    const m = await measureOn(p.id, 30);
    const { uploadEvidence } = await import('../../testing/ledger-factories.ts');
    await uploadEvidence(t, admin, { problemId: p.id });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/transitions`,
      headers: await t.login('secretary'),
      payload: { action: 'submit', version: p.version, completeMeasures: true, reason: '已完成' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().measures.find((x: { id: string }) => x.id === m).progress).toBe(100);
  });
});

describe('批量销号', () => {
  it('closes each accepted problem in its own transaction and lists the ones it could not close', async () => {
    const ok1 = await problemIn(t, admin, '大闵村', 'accepted');
    const ok2 = await problemIn(t, admin, '良田村', 'accepted');
    const withMeasure = await problemIn(t, admin, '上庄村', 'accepted');
    await measureOn(withMeasure.id, 80);
    const notAccepted = await problemIn(t, admin, '大闵村', 'rectifying');
    const stale = await problemIn(t, admin, '安家村', 'accepted');
    const before = await countAuditEvents(t.db, 'problem.transitioned');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk-close',
      headers: officer,
      payload: {
        items: [ok1, ok2, withMeasure, notAccepted, { id: stale.id, version: stale.version - 1 }].map((p) => ({
          id: p.id,
          version: p.version,
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ closed: 2, failed: 3 });
    const byId = new Map(body.results.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(ok1.id)).toMatchObject({ ok: true, error: null });
    expect(byId.get(withMeasure.id)).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(byId.get(notAccepted.id)).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(byId.get(stale.id)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await countAuditEvents(t.db, 'problem.transitioned')).toBe(before + 2);
    expect((await detail(ok2.id)).status).toBe('closed');
    expect((await detail(withMeasure.id)).status).toBe('accepted');

    // With the closer's word the unfinished measures are completed too.
    const fresh = await detail(withMeasure.id);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk-close',
      headers: officer,
      payload: { items: [{ id: fresh.id, version: fresh.version }], completeMeasures: true },
    });
    expect(again.json()).toMatchObject({ closed: 1, failed: 0 });
  });

  it('refuses per problem by role and scope, without revealing problems outside it', async () => {
    const p = await problemIn(t, admin, '大闵村', 'accepted');
    const item = { items: [{ id: p.id, version: p.version }] };
    const bySecretary = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk-close',
      headers: await t.login('secretary'),
      payload: item,
    });
    expect(bySecretary.json().results[0]).toMatchObject({ ok: false, code: p.code ?? expect.any(String), error: { code: 'FORBIDDEN' } });
    const byStranger = await t.app.inject({
      method: 'POST',
      url: '/api/problems/bulk-close',
      headers: await t.login('zhangdong'),
      payload: item,
    });
    expect(byStranger.json().results[0]).toEqual({
      id: p.id,
      code: null,
      ok: false,
      error: expect.objectContaining({ code: 'NOT_FOUND' }),
    });
    expect((await detail(p.id)).status).toBe('accepted');
  });
});
