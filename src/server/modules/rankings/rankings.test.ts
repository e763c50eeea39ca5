import { afterEach, describe, expect, it } from 'vitest';
import { type Headers } from '../../testing/factories.ts';
import { makeProblem, problemIn, transition, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// The test clock starts on Friday 2026-11-27, 10:00 in Shanghai; the demo district is founded then.
let t: TestApp;
afterEach(() => t?.close());

async function start() {
  t = await createTestApp({ demo: true });
  return { admin: await t.login('admin') };
}

/** Reads a second later (the figures count what existed strictly before "now"). */
async function get(headers: Headers, url: string) {
  t.clock.advance(1000);
  return t.app.inject({ method: 'GET', url, headers });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
type Entry = Record<string, any>;
type RagRow = { organizationName: string; rag: { colour: string; reasonsZh: string[]; reasonsEn: string[]; summaryZh: string } };
function ragOf(body: { groups: Array<{ subdistrict: RagRow | null; villages: RagRow[] }> }, name: string): RagRow {
  const rows = body.groups.flatMap((g) => [...(g.subdistrict ? [g.subdistrict] : []), ...g.villages]);
  const row = rows.find((r) => r.organizationName === name);
  if (!row) throw new Error(`${name} not in the RAG table`);
  return row;
}

describe('red / amber / green', () => {
  it('colours a village with a problem overdue more than 14 days red, in words, and a village without one green', async () => {
    const { admin } = await start();
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' }); // 26 days overdue today
    await makeProblem(t, admin, '张东村', { dueOn: '2026-12-31' });

    const res = await get(admin, '/api/rag?period=week');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.key).toBe('2026-11-23');
    expect(ragOf(body, '大闵村').rag).toMatchObject({
      colour: 'red',
      reasonsZh: ['1 个问题逾期超过 14 天'],
      reasonsEn: ['1 problem overdue more than 14 days'],
      summaryZh: '红：1 个问题逾期超过 14 天',
    });
    expect(ragOf(body, '张东村').rag).toMatchObject({ colour: 'green', reasonsZh: ['无逾期，进度正常'] });
    // The subdistrict rolls its villages up: 良田街道 is red through 大闵村.
    expect(ragOf(body, '良田街道').rag.colour).toBe('red');
    expect(ragOf(body, '白杨街道').rag.colour).toBe('green');
    expect(body.groups.map((g: { subdistrict: RagRow }) => g.subdistrict.organizationName).sort()).toEqual(['白杨街道', '良田街道'].sort());

    // The month view says the same.
    const month = (await get(admin, '/api/rag?period=month&key=2026-11')).json();
    expect(ragOf(month, '大闵村').rag.colour).toBe('red');
  });

  it('is amber for an overdue problem younger than the red threshold, and the threshold follows the rules', async () => {
    const { admin } = await start();
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-20' }); // 7 days overdue
    await makeProblem(t, admin, '上庄村', { dueOn: '2026-11-01' }); // 26 days overdue
    let body = (await get(admin, '/api/rag?period=week')).json();
    expect(ragOf(body, '大闵村').rag).toMatchObject({ colour: 'amber', reasonsZh: ['1 个问题逾期'] });
    expect(ragOf(body, '上庄村').rag.colour).toBe('red');

    // The admin raises the red line to 30 days: 上庄村 turns amber.
    const current = (await get(admin, '/api/settings/cadence')).json();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/cadence',
      headers: admin,
      payload: { version: current.version, rules: { ...current.rules, rag: { ...current.rules.rag, redOverdueDays: 30 } } },
    });
    expect(put.statusCode, put.body).toBe(200);
    body = (await get(admin, '/api/rag?period=week')).json();
    expect(ragOf(body, '上庄村').rag).toMatchObject({ colour: 'amber', reasonsZh: ['1 个问题逾期'] });

    // …and lowers it to 5 days: both red, with the new number in the words.
    const again = (await get(admin, '/api/settings/cadence')).json();
    await t.app.inject({
      method: 'PUT',
      url: '/api/settings/cadence',
      headers: admin,
      payload: { version: again.version, rules: { ...again.rules, rag: { ...again.rules.rag, redOverdueDays: 5 } } },
    });
    body = (await get(admin, '/api/rag?period=week')).json();
    expect(ragOf(body, '大闵村').rag).toMatchObject({ colour: 'red', reasonsZh: ['1 个问题逾期超过 5 天'] });
  });

  it("shows a village secretary only the own village's colours, and refuses bad or future keys with clear messages", async () => {
    const { admin } = await start();
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' });
    const secretary = await t.login('secretary');
    const own = (await get(secretary, '/api/rag?period=week')).json();
    expect(own.organization.organizationName).toBe('大闵村');
    expect(own.organization.rag.colour).toBe('red');
    expect(own.groups.flatMap((g: { villages: RagRow[] }) => g.villages.map((v) => v.organizationName))).toEqual(['大闵村']);
    const other = await get(secretary, `/api/rag?period=week&organizationId=${await t.orgId('张东村')}`);
    expect(other.statusCode).toBe(404);

    const notMonday = await get(admin, '/api/rag?period=week&key=2026-11-25');
    expect(notMonday.statusCode).toBe(400);
    expect(notMonday.json().error.message).toContain('星期一');
    const future = await get(admin, '/api/rag?period=week&key=2026-12-07');
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('未来');
    expect((await get(admin, '/api/rag?period=month&key=2026-13')).statusCode).toBe(400);
    expect((await get(admin, '/api/rag?period=month&key=2026-12')).statusCode).toBe(400);
    expect((await get(admin, '/api/rankings/monthly?month=2026-12')).statusCode).toBe(400);
    expect((await get(admin, '/api/rankings/monthly?month=11-2026')).statusCode).toBe(400);
  });
});

describe('monthly ranking', () => {
  it('ranks by score, shares a rank between villages with identical figures (1, …, 14, 14, 16) and documents the formula', async () => {
    const { admin } = await start();
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' });
    await makeProblem(t, admin, '良田村', { dueOn: '2026-12-31' });
    await makeProblem(t, admin, '上庄村', { dueOn: '2026-12-31' });

    // The default is the last complete month; the running one is asked for and labelled as running, with its as-of day.
    const byDefault = (await get(admin, '/api/rankings/monthly')).json();
    expect(byDefault).toMatchObject({ month: '2026-10', running: false, asAt: '2026-10-31' });
    const res = await get(admin, '/api/rankings/monthly?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ month: '2026-11', running: true, asAt: '2026-11-27' });
    expect(body.scoreFormula.zh).toContain('40×销号率');
    expect(body.villages).toHaveLength(16);
    const byName = new Map<string, Entry>(body.villages.map((v: { organizationName: string }) => [v.organizationName, v]));
    // Nothing to fix elsewhere: the other 13 share first place.
    expect(byName.get('张东村')).toMatchObject({ rank: 1, tied: true, of: 16 });
    // 良田村 and 上庄村: one open problem each, not overdue → identical figures, one shared rank.
    expect(byName.get('良田村')).toMatchObject({ rank: 14, tied: true });
    expect(byName.get('上庄村')).toMatchObject({ rank: 14, tied: true, score: byName.get('良田村')!.score });
    // Listed by name within the tie.
    const tail = body.villages.slice(13).map((v: { organizationName: string }) => v.organizationName);
    expect(tail).toEqual(['良田村', '上庄村'].sort((a, b) => a.localeCompare(b, 'zh-CN')).concat('大闵村'));
    expect(byName.get('大闵村')).toMatchObject({
      rank: 16,
      tied: false,
      parentName: '良田街道',
      figures: { total: 1, closed: 0, overdue: 1 },
      parts: { closureRate: 0, acceptancePassRate: 1, onTimeShare: 0 },
      rag: { colour: 'red', reasonsZh: ['1 个问题逾期超过 14 天'] },
    });
    expect(byName.get('大闵村')!.score).toBeLessThan(byName.get('良田村')!.score);
    // The district was founded this month: nobody was ranked last month.
    expect(byName.get('大闵村')).toMatchObject({ previousRank: null, movement: null });
    expect(body.subdistricts.map((s: { organizationName: string; rank: number }) => [s.organizationName, s.rank])).toEqual([
      ['白杨街道', 1],
      ['良田街道', 2],
    ]);
  });

  it('shows the movement against last month', async () => {
    let { admin } = await start();
    let late = await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' });
    await makeProblem(t, admin, '良田村', { dueOn: '2027-01-31' });
    // November: 大闵村 last (16th), 良田村 15th.
    // December 10th: 大闵村 has fixed its problem and had it closed; 良田村 has not.
    t.clock.current = new Date('2026-12-10T02:00:00.000Z');
    admin = await t.login('admin');
    for (const action of ['start', 'submit', 'accept', 'close']) {
      if (action === 'submit') expect((await uploadEvidence(t, admin, { problemId: late.id })).statusCode).toBe(201);
      const res = await transition(t, admin, late, action);
      expect(res.statusCode, res.body).toBe(200);
      late = { ...late, version: res.json().version };
    }
    const body = (await get(admin, '/api/rankings/monthly?month=2026-12')).json();
    const byName = new Map<string, Entry>(body.villages.map((v: { organizationName: string }) => [v.organizationName, v]));
    expect(body.previousMonth).toBe('2026-11');
    expect(byName.get('大闵村')).toMatchObject({ rank: 1, previousRank: 16, movement: 15 });
    expect(byName.get('良田村')).toMatchObject({ rank: 16, previousRank: 15, movement: -1 });
    expect(byName.get('张东村')).toMatchObject({ rank: 1, previousRank: 1, movement: 0 });
  });

  it('pages the villages and the subdistricts server-side, with district-wide ranks and the totals of the scope', async () => {
    const { admin } = await start();
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-01' });
    await makeProblem(t, admin, '良田村', { dueOn: '2026-12-31' });
    const whole = (await get(admin, '/api/rankings/monthly?month=2026-11')).json();
    // The default page (200) holds a district: nothing changes for it.
    expect(whole).toMatchObject({ page: 1, pageSize: 200, villagesTotal: 16, subdistrictPage: 1, subdistrictsTotal: 2 });
    expect(whole.villages).toHaveLength(16);

    const pages: Entry[] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await get(admin, `/api/rankings/monthly?month=2026-11&page=${page}&pageSize=5`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ page, pageSize: 5, villagesTotal: 16, subdistrictsTotal: 2 });
      expect(body.villages).toHaveLength(page < 4 ? 5 : 1);
      pages.push(...body.villages);
    }
    // The pages together are the whole list, in order, with the same (district-wide) rank and `of`.
    expect(pages).toEqual(whole.villages);
    expect(pages.at(-1)).toMatchObject({ organizationName: '大闵村', rank: 16, of: 16 });
    // Past the end: an empty page, still with the totals.
    const past = (await get(admin, '/api/rankings/monthly?month=2026-11&page=9&pageSize=5')).json();
    expect(past).toMatchObject({ villages: [], villagesTotal: 16, page: 9 });

    // The subdistricts have their own page number, with the same page size.
    const sub = (await get(admin, '/api/rankings/monthly?month=2026-11&pageSize=1&subdistrictPage=2')).json();
    expect(sub.subdistricts.map((s: Entry) => [s.organizationName, s.rank, s.of])).toEqual([['良田街道', 2, 2]]);
    expect(sub.villages).toHaveLength(1);
    expect(sub).toMatchObject({ subdistrictPage: 2, subdistrictsTotal: 2 });

    // A change to the record shows at once, cached assessment or not (the audit chain's height is part of the key).
    await makeProblem(t, admin, '张东村', { dueOn: '2026-11-02' });
    expect(whole.villages.find((v: Entry) => v.organizationName === '张东村')).toMatchObject({ rank: 1 });
    const after = (await get(admin, '/api/rankings/monthly?month=2026-11')).json();
    expect(after.villages.find((v: Entry) => v.organizationName === '张东村')).toMatchObject({ rank: 15, tied: true });

    for (const bad of ['pageSize=0', 'pageSize=201', 'page=0', 'page=1.5', 'subdistrictPage=-1']) {
      const res = await get(admin, `/api/rankings/monthly?month=2026-11&${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it("shows a village secretary only the own village's row, with the district-wide rank", async () => {
    const { admin } = await start();
    await problemIn(t, admin, '大闵村', 'open');
    await makeProblem(t, admin, '张东村', { dueOn: '2026-11-01' });
    const secretary = await t.login('secretary');
    const body = (await get(secretary, '/api/rankings/monthly?month=2026-11')).json();
    expect(body.villages).toHaveLength(1);
    expect(body).toMatchObject({ villagesTotal: 1, subdistrictsTotal: 0 });
    expect(body.villages[0]).toMatchObject({ organizationName: '大闵村', rank: 15, of: 16 });
    expect(body.subdistricts).toEqual([]);
    const liangtian = (await get(await t.login('liangtian'), '/api/rankings/monthly?month=2026-11')).json();
    expect(liangtian.villages).toHaveLength(5);
    expect(liangtian.subdistricts.map((s: { organizationName: string }) => s.organizationName)).toEqual(['良田街道']);
  });
});

describe('months and weeks before the program', () => {
  it('answers 400 at once for year 0000 (its weeks’ loop never ended and the server hung)', async () => {
    const { admin } = await start();
    for (const url of [
      '/api/rankings/monthly?month=0000-01',
      '/api/rankings/monthly?month=0000-02',
      '/api/rag?period=month&key=0000-01',
      '/api/rag?period=week&key=0000-01-03',
      '/api/interviews/candidates?month=0000-01',
      '/api/statistics/weeks?week=0000-01-03',
    ]) {
      const res = await get(admin, url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
    }
  }, 20_000);
});
