import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
});
afterAll(() => t.close());

describe('the demo ledger', () => {
  it('holds one finished round over 16 villages with about 240 problems and 260 measures in mixed states', async () => {
    const admin = await t.login('admin');
    const rounds = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: admin })).json();
    const finished = rounds.items.filter((r: { status: string }) => r.status === 'closed');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ checklistsDone: 16, checklistsTotal: 16 });
    const found = finished[0].problemsFound;
    expect(found).toBeGreaterThanOrEqual(200);
    expect(found).toBeLessThanOrEqual(300);

    const ledger = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=1', headers: admin })).json();
    expect(ledger.counts.total).toBe(found);
    for (const s of ['open', 'rectifying', 'submitted', 'accepted', 'closed'] as const) expect(ledger.counts[s], s).toBeGreaterThan(0);
    expect(ledger.counts.overdue).toBeGreaterThan(0);
    const soon = (await t.app.inject({ method: 'GET', url: '/api/problems?dueSoon=1&pageSize=1', headers: admin })).json();
    expect(soon.total).toBeGreaterThan(0);

    const measures = (await t.app.inject({ method: 'GET', url: '/api/measures?pageSize=1', headers: admin })).json();
    expect(measures.total).toBeGreaterThanOrEqual(found + 10);
  });

  it('keeps a follow-up round open, so the liaison member lands on checklists still to fill', async () => {
    const liaison = await t.login('liaison');
    const rounds = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: liaison })).json();
    const open = rounds.items.filter((r: { status: string }) => r.status === 'open');
    expect(open).toHaveLength(1);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/inspection-rounds/${open[0].id}`, headers: liaison })).json();
    // The liaison member sees the checklists of the group's own villages.
    const mine = detail.checklists as Array<{ organizationName: string; status: string }>;
    expect(mine.map((c) => c.organizationName).sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    const statuses = mine.map((c) => c.status);
    expect(statuses).toContain('pending');
    expect(statuses).toContain('in_progress');
    expect(detail.problemsFound).toBe(0);
  });

  it('gives each settled problem a consistent timeline and evidence', async () => {
    const admin = await t.login('admin');
    const closed = (await t.app.inject({ method: 'GET', url: '/api/problems?status=closed&pageSize=5', headers: admin })).json();
    for (const item of closed.items) {
      const d = (await t.app.inject({ method: 'GET', url: `/api/problems/${item.id}`, headers: admin })).json();
      const actions = d.timeline.filter((e: { kind: string }) => e.kind === 'history').map((e: { action: string }) => e.action);
      expect(actions[0]).toBe('create');
      expect(actions.at(-1)).toBe('close');
      expect(actions).toContain('accept');
      expect(d.evidence.length).toBeGreaterThan(0);
      const times = d.timeline.map((e: { at: string }) => e.at);
      expect([...times].sort()).toEqual(times);
      // The demo photo is really there to download.
      const photo = await t.app.inject({ method: 'GET', url: `/api/evidence/${d.evidence[0].id}`, headers: admin });
      expect(photo.statusCode).toBe(200);
    }
  });

  it('lets the 大闵村 secretary see only her village, with work to do', async () => {
    const sec = await t.login('secretary');
    const mine = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=200', headers: sec })).json();
    expect(mine.total).toBeGreaterThan(5);
    expect(new Set(mine.items.map((i: { organizationName: string }) => i.organizationName))).toEqual(new Set(['大闵村']));
    expect(
      mine.items.some((i: { allowedActions: string[] }) => i.allowedActions.includes('start') || i.allowedActions.includes('submit')),
    ).toBe(true);
  });
});
