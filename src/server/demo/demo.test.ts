import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/time.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
});
afterAll(() => t.close());

describe('the demo ledger', () => {
  it('holds one finished round over 16 villages with exactly 242 problems and 266 measures in mixed states', async () => {
    const admin = await t.login('admin');
    const rounds = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: admin })).json();
    const finished = rounds.items.filter((r: { status: string }) => r.status === 'closed');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ checklistsDone: 16, checklistsTotal: 16 });
    const found = finished[0].problemsFound;
    expect(found).toBe(242);

    const ledger = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=1', headers: admin })).json();
    expect(ledger.counts.total).toBe(found);
    for (const s of ['open', 'rectifying', 'submitted', 'accepted', 'closed'] as const) expect(ledger.counts[s], s).toBeGreaterThan(0);
    expect(ledger.counts.overdue).toBeGreaterThan(0);
    const soon = (await t.app.inject({ method: 'GET', url: '/api/problems?dueSoon=1&pageSize=1', headers: admin })).json();
    expect(soon.total).toBeGreaterThan(0);

    const measures = (await t.app.inject({ method: 'GET', url: '/api/measures?pageSize=1', headers: admin })).json();
    expect(measures.total).toBe(266);
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

describe('the demo reads the source faithfully', () => {
  type Item = {
    id: string;
    organizationName: string;
    checkItemCode: string | null;
    areaName: string | null;
    description: string;
    status: string;
  };
  const all = async (): Promise<Item[]> => {
    const admin = await t.login('admin');
    const body = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=200&page=1', headers: admin })).json();
    const rest = (await t.app.inject({ method: 'GET', url: '/api/problems?pageSize=200&page=2', headers: admin })).json();
    return [...body.items, ...rest.items];
  };

  it("places the source's villages as DOMAIN.md groups them: 大闵村, 麻李村, 庙北村 (良田办), 良田村, 上庄村, 安家村, 张东村 (白杨街道)", async () => {
    const admin = await t.login('admin');
    const parentOf = async (name: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/organizations/${await t.orgId(name)}`, headers: admin })).json().ancestors.at(-1)
        .name;
    for (const v of ['大闵村', '麻李村', '庙北村']) expect(await parentOf(v), v).toBe('良田街道');
    for (const v of ['良田村', '上庄村', '安家村', '张东村']) expect(await parentOf(v), v).toBe('白杨街道');
  });

  it('puts 庙北村 under 良田街道, in a liaison group of 良田街道 villages', async () => {
    const admin = await t.login('admin');
    const village = (await t.app.inject({ method: 'GET', url: `/api/organizations/${await t.orgId('庙北村')}`, headers: admin })).json();
    expect(village.ancestors.map((a: { name: string }) => a.name)).toEqual(['渭南高新区', '良田街道']);
    const groups = (await t.app.inject({ method: 'GET', url: '/api/liaison-groups', headers: admin })).json();
    const mine = groups.items.find((g: { villages: Array<{ name: string }> }) => g.villages.some((v) => v.name === '庙北村'));
    const liangtian = (
      await t.app.inject({ method: 'GET', url: `/api/organizations?parentId=${await t.orgId('良田街道')}&pageSize=50`, headers: admin })
    ).json();
    const names = new Set(liangtian.items.map((o: { name: string }) => o.name));
    expect(mine.villages.every((v: { name: string }) => names.has(v.name))).toBe(true);
  });

  it('writes each problem from its own check item, and the venue problems as the source gives them', async () => {
    const items = await all();
    expect(items).toHaveLength(242);
    // No generic phrase that contradicts its item (e.g. "面积和产权方面制度未上墙").
    for (const p of items) expect(p.description, p.description).not.toMatch(/方面制度未上墙/);
    const venue = items.filter((p) => p.checkItemCode === 'ZDJS-01');
    // The eight venues of the clearance list (the venue register agrees): five rented, three under 200 m².
    expect(new Set(venue.map((p) => p.organizationName))).toEqual(
      new Set(['良田村', '上庄村', '安家村', '大闵村', '麻李村', '张东村', '庙北村', '北坊村']),
    );
    const statusAt = (village: string) => venue.find((p) => p.organizationName === village)!.status;
    expect(statusAt('良田村')).toBe('closed');
    for (const v of ['上庄村', '安家村', '大闵村']) expect(statusAt(v)).toBe('rectifying');
    // 良田村's venue is rebuilt and in use: nothing of 阵地建设 is left unsettled there.
    const open = items.filter((p) => p.organizationName === '良田村' && p.areaName === '阵地建设' && p.status !== 'closed');
    expect(open).toEqual([]);
  });

  it("never writes a problem of a venue rule where the village's venue passes it (the venue register agrees)", async () => {
    const admin = await t.login('admin');
    const items = await all();
    const venues = (await t.app.inject({ method: 'GET', url: '/api/venues?pageSize=100', headers: admin })).json();
    const passing = new Set<string>(
      venues.items.filter((v: { passes: boolean }) => v.passes).map((v: { organizationName: string }) => v.organizationName),
    );
    expect(passing.size).toBeGreaterThan(0);
    // The facts the register holds: area, ownership, hall area, signage, rules on the wall.
    const venueFact = /不足200平方米|不足40平方米|租用|未悬挂.*标牌|制度未上墙|产权不归/;
    // A closed one is history (良田村 rebuilt its venue, which passes since).
    const contradicting = items.filter((p) => p.status !== 'closed' && passing.has(p.organizationName) && venueFact.test(p.description));
    expect(contradicting.map((p) => `${p.organizationName}: ${p.description}`)).toEqual([]);
  });

  it('numbers each problem in the month it was recorded (WT-YYMM-NNNN), without gaps or repeats', async () => {
    const items = (await all()) as Array<Item & { code: string; foundOn: string }>;
    const byPrefix = new Map<string, number[]>();
    for (const p of items) {
      expect(p.code.slice(0, 8), `${p.code} found ${p.foundOn}`).toBe(`WT-${p.foundOn.slice(2, 4)}${p.foundOn.slice(5, 7)}-`);
      byPrefix.set(p.code.slice(0, 8), [...(byPrefix.get(p.code.slice(0, 8)) ?? []), Number(p.code.slice(8))]);
    }
    for (const numbers of byPrefix.values()) expect([...numbers].sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
  });

  it("gives no problem a deadline after the round's 集中整改期 (the venue campaign ends with it)", async () => {
    const admin = await t.login('admin');
    const rounds = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: admin })).json();
    const finished = rounds.items.find((r: { status: string }) => r.status === 'closed');
    const end: string = finished.rectification.end;
    const items = (await all()) as Array<Item & { dueOn: string | null }>;
    expect(items.filter((p) => p.dueOn !== null && p.dueOn > end).map((p) => `${p.organizationName} ${p.dueOn}`)).toEqual([]);
    // Work is still due on the period's last days: the deadline is its end, not before.
    expect(items.some((p) => p.dueOn !== null && p.dueOn >= addDays(end, -3) && p.status !== 'closed')).toBe(true);
  });

  it('owes a 党小组会 every month, as its standard asks, and every branch has held them', async () => {
    const officer = await t.login('officer');
    const rhythm = (await t.app.inject({ method: 'GET', url: '/api/party-meetings/rhythm', headers: officer })).json();
    expect(rhythm.rows).toHaveLength(16);
    type Kind = { kind: string; every: string; missed: unknown[]; lastHeldOn: string | null };
    for (const row of rhythm.rows as Array<{ organizationName: string; kinds: Kind[] }>) {
      const group = row.kinds.find((k) => k.kind === 'group_meeting');
      expect(group, row.organizationName).toMatchObject({ every: 'month', missed: [] });
      expect(group!.lastHeldOn, row.organizationName).not.toBeNull();
    }
    // The committee meetings missed last month are still the only ones missed.
    const missing = (rhythm.rows as Array<{ organizationName: string; missed: number }>).filter((r) => r.missed > 0);
    expect(missing.map((r) => r.organizationName.replace('党支部', '')).sort()).toEqual(['南寨村', '红星村', '麻李村'].sort());
  });

  it('records the standard under the notice of the end of April, all in the program year', async () => {
    const admin = await t.login('admin');
    const list = (await t.app.inject({ method: 'GET', url: '/api/standards', headers: admin })).json();
    const v = list.items[0].versions[0];
    expect(v).toMatchObject({ noticeTitle: '《关于进一步加强农村基层组织规范化建设的通知》', noticeDate: '2026-04-28' });
    expect(v.title).toContain('2026年版');
    const rounds = (await t.app.inject({ method: 'GET', url: '/api/inspection-rounds', headers: admin })).json();
    for (const r of rounds.items) expect(r.name).toMatch(/^2026年度/);
  });

  it('has the 两委会 review of every village but 上庄村, approved plans, and visits with an overdue task', async () => {
    const liaison = await t.login('liaison');
    const work = (await t.app.inject({ method: 'GET', url: '/api/reviews', headers: liaison })).json();
    const byName = new Map(work.items.map((i: { organizationName: string }) => [i.organizationName, i]));
    expect([...byName.keys()].sort()).toEqual(['上庄村', '大闵村', '安家村', '良田村'].sort());
    expect((byName.get('上庄村') as { review: unknown }).review).toBeNull();
    expect(byName.get('良田村')).toMatchObject({ review: { counts: { unreviewed: 0, disputed: 0 } }, plan: { approvedVersionNo: 1 } });
    expect(byName.get('安家村')).toMatchObject({ plan: { latestStatus: 'draft', approvedId: null } });
    // 上庄村's list awaits its meeting: some findings are untouched, so the meeting may still dispute one.
    const untouched = (
      await t.app.inject({
        method: 'GET',
        url: `/api/problems?organizationId=${await t.orgId('上庄村')}&status=open&pageSize=1`,
        headers: liaison,
      })
    ).json();
    expect(untouched.total).toBeGreaterThanOrEqual(2);
    const admin = await t.login('admin');
    const overdue = (await t.app.inject({ method: 'GET', url: '/api/visit-tasks?overdue=1', headers: admin })).json();
    expect(overdue.items.map((x: { organizationName: string }) => x.organizationName).sort()).toEqual(['北坊村', '麻李村'].sort());
  });
});

describe('the demo seeded at the weekend', () => {
  // Sunday 2026-12-06, noon in Shanghai: the running week's report fell due on Friday at 18:00.
  let w: TestApp;
  beforeAll(async () => {
    w = await createTestApp({ demoLedger: true, start: new Date('2026-12-06T04:00:00Z') });
  });
  afterAll(() => w.close());

  it("finds the running week's report filed by every village but the lagging one and 大闵村 (left to the demo's secretary), and only the laggard red for it", async () => {
    const filed = await w.db.kysely
      .selectFrom('weekly_reports')
      .innerJoin('organizations as o', 'o.id', 'weekly_reports.organization_id')
      .select(['o.name', 'weekly_reports.submitted_at'])
      .where('week_start', '=', '2026-11-30')
      .execute();
    expect(filed).toHaveLength(14);
    expect(filed.map((r) => r.name)).not.toContain('大闵村');
    // Nothing is filed after the seeding.
    for (const r of filed) expect(Date.parse(r.submitted_at!)).toBeLessThan(Date.parse('2026-12-06T04:00:00Z'));
    const admin = await w.login('admin');
    const rag = (await w.app.inject({ method: 'GET', url: '/api/rag?period=week', headers: admin })).json();
    const villages: Array<{ organizationName: string; rag: { reasons: Array<{ code: string }> } }> = rag.groups.flatMap(
      (g: { villages: unknown[] }) => g.villages,
    );
    const missing = villages.filter((v) => v.rag.reasons.some((r) => r.code === 'missing_reports')).map((v) => v.organizationName);
    expect(missing).toHaveLength(1);
    expect(filed.map((r) => r.name)).not.toContain(missing[0]);
    // Its own row says it missed them (not "1 个单位…", which is a 街道's roll-up of its villages).
    const laggard = villages.find((v) => v.organizationName === missing[0]) as unknown as { rag: { reasonsZh: string[] } };
    expect(laggard.rag.reasonsZh).toContain('连续 2 周未报周报');
  });
});

describe("the demo's monthly circulars (一月一通报)", () => {
  // Sunday 2026-12-06: the program began with the round of 2026-10-22; October's circular fell due on 10 November.
  let w: TestApp;
  beforeAll(async () => {
    w = await createTestApp({ demoLedger: true, start: new Date('2026-12-06T04:00:00Z') });
  });
  afterAll(() => w.close());

  it("has October's circular published on time from the ledger, counted in 跟踪督查到位, and leaves November's to the officer", async () => {
    const officer = await w.login('officer');
    const list = (await w.app.inject({ method: 'GET', url: '/api/circulars', headers: officer })).json();
    expect(list.items.map((c: { month: string; status: string }) => [c.month, c.status])).toEqual([['2026-10', 'published']]);
    const id = list.items[0].id as string;
    const detail = (await w.app.inject({ method: 'GET', url: `/api/circulars/${id}`, headers: officer })).json();
    expect(detail.number).toMatch(/〔2026〕1号$/);
    expect(Date.parse(detail.publishedAt)).toBeLessThan(Date.parse('2026-11-10T16:00:00Z'));
    // Its annex is the demo's October: the villages ranked, and the round's problems overdue by the month's end.
    expect(detail.annex.ranking.villages).toHaveLength(16);
    expect(detail.annex.asAt).toBe('2026-10-31');
    expect(detail.annex.running).toBe(false);
    expect(detail.chainAnchor).not.toBeNull();

    const overview = (await w.app.inject({ method: 'GET', url: '/api/dashboard/overview', headers: officer })).json();
    expect(overview.inPlace.tracking).toMatchObject({ circularsOnTime: 1, circularsExpected: 1 });

    // The village it ranks last was called in (约谈) six days later, and the interview is held.
    const last = detail.annex.ranking.villages.reduce((a: { rank: number }, b: { rank: number }) => (b.rank > a.rank ? b : a));
    const interviews = (await w.app.inject({ method: 'GET', url: '/api/interviews', headers: officer })).json();
    expect(interviews.items).toHaveLength(1);
    expect(interviews.items[0]).toMatchObject({ organizationName: last.name, status: 'held', month: '2026-10' });
    expect(interviews.items[0].scheduledAt.slice(0, 10)).toBe('2026-11-12');

    // November's (the page's default month) is the officer's to generate; it reports that interview.
    const november = await w.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-11' } });
    expect(november.statusCode).toBe(201);
    expect(november.json().annex.interviews).toEqual([
      // The reasons are October's ranking, and say so (in November the village may rank elsewhere).
      expect.objectContaining({
        organization: last.name,
        date: '2026-11-12',
        status: '已约谈',
        reasons: '2026年10月：月度排名第 16 名（共 16 名），处于末位',
      }),
    ]);

    // Everyone in the district reads the published one, the public page too.
    const secretary = await w.login('secretary');
    const read = await w.app.inject({ method: 'GET', url: `/api/circulars/${id}`, headers: secretary });
    expect(read.statusCode).toBe(200);
    expect((await w.app.inject({ method: 'GET', url: `/public/circulars/${id}` })).statusCode).toBe(200);
  });
});
