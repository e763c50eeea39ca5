import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircularDetail, CircularList } from '../../../domain/contracts/circulars.ts';
import type { MonthlyRanking } from '../../../domain/contracts/rankings.ts';
import { chineseDate } from '../../../domain/time.ts';
import { countAuditEvents, type Headers } from '../../testing/factories.ts';
import { watchStatements } from '../../testing/statements.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { ANNEX_TABLE_ROWS, annexView, excerptAnnex } from '../../../domain/circular-annex-excerpt.ts';
import { type CircularAnnex, praisedVillages } from '../../../domain/circular-text.ts';
import * as repo from './circulars.repository.ts';
import { assessMonth } from '../rankings/assessment.service.ts';
import { loadMasker } from '../portal/portal.mask.ts';
import { publicCircular, publicCircularAnnex } from '../portal/portal.service.ts';

let t: TestApp;
let officer: Headers;
let secretary: Headers;
let zhangdong: Headers;
let liangtian: Headers;

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  zhangdong = await t.login('zhangdong');
  liangtian = await t.login('liangtian');
}, 120_000);
afterAll(() => t.close());

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: unknown) {
  return t.app.inject({ method, url, headers, payload: payload as object });
}

async function generate(month: string): Promise<CircularDetail> {
  const res = await call('POST', '/api/circulars', officer, { month });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CircularDetail>();
}

const section = (c: CircularDetail, key: string) => c.sections.find((s) => s.key === key)!;

describe('the monthly circular', () => {
  let nov: CircularDetail;

  it('generates a draft whose body names the top and the bottom villages of the ranking', async () => {
    const before = await countAuditEvents(t.db, 'circular.created');
    nov = await generate('2026-11');
    expect(nov.status).toBe('draft');
    expect(nov.number).toBeNull();
    expect(nov.title).toBe('关于2026年11月基层组织规范化建设推进情况的通报');
    expect(nov.issuingOffice).toBe('中共渭南高新区党工委');
    // As in the source: issued by the working committee, drafted and printed by its 党群工作部 (版记).
    expect(nov.draftingOffice).toBe('中共渭南高新区党工委党群工作部');
    expect(nov.docDate).toBe('2026-11-27');
    expect(nov.sections.map((s) => s.key)).toEqual(['overall', 'good', 'laggards', 'overdue', 'interviews', 'venues', 'study', 'focus']);
    expect(nov.allowedActions).toEqual(['edit', 'regenerate', 'publish', 'delete']);
    expect(await countAuditEvents(t.db, 'circular.created')).toBe(before + 1);

    const a = await assessMonth(t.db.kysely, '2026-11', t.clock.now());
    const ranking = a.villageRanking;
    expect(ranking.length).toBeGreaterThan(6);
    expect(nov.annex.ranking.villages.map((v) => v.name)).toEqual(ranking.map((r) => r.name));
    // Praised: the best (at most three) that were neither red, amber nor long overdue this month, have closed a
    // problem, and are not named in section 七 (on 2026-11-27 most villages are still behind November's study plan).
    const praised = praisedVillages(nov.annex).map((v) => v.name);
    const study = nov.annex.study!;
    const studyNamed = new Set([
      ...study.behindPlan,
      ...study.missedMeetings.map((m) => m.organization),
      ...study.duty.gaps.map((g) => g.organization),
    ]);
    expect(studyNamed.size).toBeGreaterThan(0);
    for (const name of studyNamed) expect(section(nov, 'study').text).toContain(name);
    expect(praised.filter((name) => studyNamed.has(name))).toEqual([]);
    expect(praised.length <= 3).toBe(true);
    for (const name of praised) expect(section(nov, 'good').text).toContain(name);
    expect(section(nov, 'good').text.includes('不予通报表扬')).toBe(praised.length === 0);
    for (const r of nov.annex.rag.filter((x) => x.colour === 'red')) expect(section(nov, 'good').text).not.toContain(r.organization);
    expect(nov.praiseWarnings).toEqual([]);
    // A district's annex is shown whole.
    expect(nov.annexCuts).toEqual([]);
    expect(nov.annex.running).toBe(true);
    const laggards = section(nov, 'laggards').text;
    for (const r of ranking.slice(-3)) expect(laggards).toContain(r.name);
    // Every red village is named, the worst with a paragraph of their own.
    const villageNames = new Set(ranking.map((r) => r.name));
    const red = nov.annex.rag.filter((r) => r.colour === 'red' && villageNames.has(r.organization));
    expect(red.length).toBeGreaterThan(0);
    for (const r of red) expect(laggards).toContain(r.organization);
    expect(laggards).toContain(`（一）${ranking.at(-1)!.name}。`);
    expect(nov.annex.rag.map((r) => r.kind)).not.toContain('党支部');
    // Named with their overdue problems, by code.
    const bottom = ranking.at(-1)!.name;
    const overdueOfBottom = nov.annex.overdue.filter((o) => o.organization === bottom);
    if (overdueOfBottom.length) expect(laggards).toContain(overdueOfBottom[0]!.code);

    const rootFigures = a.figures.get(await t.orgId('渭南高新区'))!.figures;
    expect(nov.annex.totals.total).toBe(rootFigures.total);
    expect(section(nov, 'overall').text).toContain(`共排查发现问题${rootFigures.total}个`);
    expect(nov.annex.overdue.length).toBe(rootFigures.overdue);
    if (nov.annex.overdue.length) {
      const longest = nov.annex.overdue[0]!;
      expect(section(nov, 'overdue').text).toContain(`已逾期${longest.daysOverdue}天`);
    }
    expect(section(nov, 'interviews').text).toBe('本月无约谈。');
  });

  it('allows one draft per month, refuses a month to come, bad months and non-managers', async () => {
    const dup = await call('POST', '/api/circulars', officer, { month: '2026-11' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('已有一份通报草稿');
    // The answer names the draft, so that the editor opens (or regenerates) it instead of making a second one.
    expect(dup.json().error.details.existing).toEqual({ id: nov.id, status: 'draft', number: null });
    expect((await call('POST', '/api/circulars', officer, { month: '2026-12' })).statusCode).toBe(400);
    expect((await call('POST', '/api/circulars', officer, { month: '2026-13' })).statusCode).toBe(400);
    expect((await call('POST', '/api/circulars', officer, {})).statusCode).toBe(400);
    expect((await call('POST', '/api/circulars', secretary, { month: '2026-10' })).statusCode).toBe(403);
    expect((await call('POST', '/api/circulars', liangtian, { month: '2026-10' })).statusCode).toBe(403);
  });

  it('keeps drafts from readers', async () => {
    expect((await call('GET', `/api/circulars/${nov.id}`, secretary)).statusCode).toBe(404);
    expect((await call('GET', `/api/circulars/${nov.id}/docx`, zhangdong)).statusCode).toBe(404);
    const list = (await call('GET', '/api/circulars', secretary)).json<CircularList>();
    expect(list.items.find((c) => c.id === nov.id)).toBeUndefined();
    expect(list.canManage).toBe(false);
    const officerList = (await call('GET', '/api/circulars?status=draft', officer)).json<CircularList>();
    expect(officerList.items.map((c) => c.id)).toContain(nov.id);
    expect(officerList.canManage).toBe(true);
  });

  it('saves an edited section with one audit event, refuses a stale version and bad input', async () => {
    const before = await countAuditEvents(t.db, 'circular.edited');
    const res = await call('PATCH', `/api/circulars/${nov.id}`, officer, {
      version: nov.version,
      title: '关于2026年11月基层组织规范化建设推进情况的通报（修改）',
      sections: [{ key: 'focus', text: '下月重点：逾期问题限期整改到位。' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json<CircularDetail>();
    expect(edited.version).toBe(nov.version + 1);
    expect(section(edited, 'focus')).toMatchObject({ text: '下月重点：逾期问题限期整改到位。', edited: true });
    expect(section(edited, 'overall').edited).toBe(false);
    expect(edited.title).toContain('（修改）');
    expect(await countAuditEvents(t.db, 'circular.edited')).toBe(before + 1);

    const stale = await call('PATCH', `/api/circulars/${nov.id}`, officer, { version: nov.version, title: '旧版本' });
    expect(stale.statusCode).toBe(409);
    expect(await countAuditEvents(t.db, 'circular.edited')).toBe(before + 1);

    for (const payload of [
      { version: edited.version, sections: [{ key: 'nonsense', text: 'x' }] },
      {
        version: edited.version,
        sections: [
          { key: 'focus', text: 'a' },
          { key: 'focus', text: 'b' },
        ],
      },
      { version: edited.version, docDate: '2026-02-30' },
      { version: edited.version, title: '' },
      { title: '没有版本' },
    ]) {
      const bad = await call('PATCH', `/api/circulars/${nov.id}`, officer, payload);
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await call('GET', '/api/circulars/not-a-uuid', officer)).statusCode).toBe(400);
    expect((await call('DELETE', `/api/circulars/${nov.id}`, officer)).statusCode).toBe(400);
    nov = edited;
  });

  it('regenerates the figures and keeps the edited section', async () => {
    const res = await call('POST', `/api/circulars/${nov.id}/regenerate`, officer, { version: nov.version });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.json<CircularDetail>();
    expect(section(fresh, 'focus').text).toBe('下月重点：逾期问题限期整改到位。');
    expect(section(fresh, 'overall').text).toBe(section(nov, 'overall').text);
    expect(fresh.version).toBe(nov.version + 1);
    nov = fresh;
  });

  it('stores what the detail shows of the annex beside it, at generation and at regeneration', async () => {
    const stored = async (id: string) =>
      t.db.kysely.selectFrom('circulars').select(['annex', 'annex_view']).where('id', '=', id).executeTakeFirstOrThrow();
    const mar = await generate('2026-03');
    const made = await stored(mar.id);
    expect(made.annex_view).not.toBeNull();
    expect(JSON.parse(made.annex_view!)).toEqual(annexView(JSON.parse(made.annex) as CircularAnnex));
    // As a circular written before views were kept: regenerating writes its view.
    await t.db.kysely.updateTable('circulars').set({ annex_view: null }).where('id', '=', mar.id).execute();
    const res = await call('POST', `/api/circulars/${mar.id}/regenerate`, officer, { version: mar.version });
    expect(res.statusCode, res.body).toBe(200);
    const again = await stored(mar.id);
    expect(again.annex_view).not.toBeNull();
    expect(JSON.parse(again.annex_view!)).toEqual(annexView(JSON.parse(again.annex) as CircularAnnex));
    const fresh = res.json<CircularDetail>();
    expect((await call('DELETE', `/api/circulars/${mar.id}?version=${fresh.version}`, officer)).statusCode).toBe(204);
  });

  it('publishes with the next number; a published circular is immutable and read by every village', async () => {
    // 27 November: the month has not ended, so publishing needs an explicit confirmation.
    const unconfirmed = await call('POST', `/api/circulars/${nov.id}/publish`, officer, { version: nov.version });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().error.message).toContain('2026年11月尚未结束');
    expect(unconfirmed.json().error.details).toEqual({ needsConfirmation: 'runningMonth' });
    const res = await call('POST', `/api/circulars/${nov.id}/publish`, officer, { version: nov.version, confirmRunningMonth: true });
    expect(res.statusCode, res.body).toBe(200);
    const pub = res.json<CircularDetail>();
    expect(pub.number).toBe('高新党工〔2026〕1号');
    expect(pub.status).toBe('published');
    expect(pub.allowedActions).toEqual([]);

    const patch = await call('PATCH', `/api/circulars/${nov.id}`, officer, { version: pub.version, title: '改标题' });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.message).toContain('已印发的通报不能修改');
    expect((await call('POST', `/api/circulars/${nov.id}/publish`, officer, { version: pub.version })).statusCode).toBe(422);
    expect((await call('DELETE', `/api/circulars/${nov.id}?version=${pub.version}`, officer)).statusCode).toBe(422);
    expect((await call('PATCH', `/api/circulars/${nov.id}`, secretary, { version: pub.version, title: '改标题' })).statusCode).toBe(403);

    for (const reader of [secretary, zhangdong]) {
      const got = await call('GET', `/api/circulars/${nov.id}`, reader);
      expect(got.statusCode).toBe(200);
      expect(got.json<CircularDetail>().number).toBe('高新党工〔2026〕1号');
      const list = (await call('GET', '/api/circulars', reader)).json<CircularList>();
      expect(list.items.map((c) => c.number)).toContain('高新党工〔2026〕1号');
    }
    nov = pub;

    // Another month's circular takes the next number, in publication order; a complete month needs no confirmation.
    const oct = await generate('2026-10');
    const second = await call('POST', `/api/circulars/${oct.id}/publish`, officer, { version: oct.version });
    expect(second.json<CircularDetail>().number).toBe('高新党工〔2026〕2号');
    // One circular per month: November cannot be generated a second time, silently or not.
    const again = await call('POST', '/api/circulars', officer, { month: '2026-11' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已印发（高新党工〔2026〕1号）');
    expect(again.json().error.details.existing).toMatchObject({ id: nov.id, status: 'published' });
  });

  it('downloads a .docx that parses back with the title, number, ranking, named laggards and annex tables', async () => {
    const res = await call('GET', `/api/circulars/${nov.id}/docx`, secretary);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="circular-2026-11\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(`高新党工〔2026〕1号 ${nov.title}.docx`);

    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(nov.title);
    expect(xml).toContain('高新党工〔2026〕1号');
    expect(xml).toContain('中共渭南高新区党工委');
    // 版记: the office that drafted and printed it, and the day it was printed.
    expect(xml).toContain('中共渭南高新区党工委党群工作部');
    expect(xml).toContain('2026年11月27日印发');
    // …the office at the left, the date at a right tab stop: it cannot wrap and leave 发 alone on a line.
    const imprint = /<w:p>(?:(?!<\/w:p>)[\s\S])*2026年11月27日印发(?:(?!<\/w:p>)[\s\S])*<\/w:p>/.exec(xml)?.[0] ?? '';
    expect(imprint).toMatch(/<w:tab w:val="right" w:pos="\d+"\/>/);
    expect(imprint).toMatch(/中共渭南高新区党工委党群工作部<\/w:t>[\s\S]*<w:tab\/>[\s\S]*2026年11月27日印发/);
    for (const v of nov.annex.ranking.villages) expect(xml).toContain(`<w:t xml:space="preserve">${v.name}</w:t>`);
    const bottom = nov.annex.ranking.villages.slice(-3).map((v) => v.name);
    const laggardParagraphs = xml.match(/（[一二三四五六七八九十]）[^<]*/g) ?? [];
    for (const name of bottom) expect(laggardParagraphs.some((p) => p.includes(name))).toBe(true);
    expect(xml).toContain('附件1：村（社区）月度综合评分排名');
    expect(xml).toContain('附件3：逾期未整改问题清单');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('2026年11月27日');
    expect(xml).not.toContain('草稿');
    // A4 portrait with the official margins.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    if (nov.annex.overdue.length) expect(xml).toContain(nov.annex.overdue[0]!.code);
    expect(nov.annex.overdue.length).toBeGreaterThan(0);
    // Dates in the official style in the tables too (附件3's 整改时限 read 2026-11-11 beside the body's 2026年11月11日).
    expect(xml).not.toMatch(/>\d{4}-\d{2}-\d{2}</);
    expect(xml).toContain(`>${chineseDate(nov.annex.overdue[0]!.dueOn)}<`);
  });

  it('shows the 学习得分率 the scores blend in, in the annex, its Word file and its Excel annex (it weighed in unseen)', async () => {
    const ranking = (await call('GET', '/api/rankings/monthly?month=2026-11', officer)).json<MonthlyRanking>();
    expect(ranking.studyWeight).toBeGreaterThan(0);
    const detail = (await call('GET', `/api/circulars/${nov.id}`, officer)).json<CircularDetail>();
    for (const v of detail.annex.ranking.villages) {
      const entry = ranking.villages.find((e) => e.organizationName === v.name)!;
      expect(v.study, v.name).toBe(entry.parts.study);
    }
    const docx = await call('GET', `/api/circulars/${nov.id}/docx`, officer);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('学习得分率');
    const sheets = await readWorkbook((await call('GET', `/api/circulars/${nov.id}/annex.xlsx`, officer)).rawPayload);
    const villages = sheets.get('村（社区）排名')!;
    expect(villages[2]).toContain('学习得分率');
    expect(villages[3]![villages[2]!.indexOf('学习得分率')]).toBe(detail.annex.ranking.villages[0]!.study);
  });

  it('marks a draft as such in its .docx', async () => {
    const sep = await generate('2026-09');
    const res = await call('GET', `/api/circulars/${sep.id}/docx`, officer);
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]!)).toMatch(/^草稿 关于2026年9月/);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('草稿');
    expect((await call('DELETE', `/api/circulars/${sep.id}?version=${sep.version}`, officer)).statusCode).toBe(204);
  });

  it('never gives two circulars the same number when published at once', async () => {
    const [a, b] = [await generate('2026-08'), await generate('2026-07')];
    const results = await Promise.all([
      call('POST', `/api/circulars/${a.id}/publish`, officer, { version: a.version }),
      call('POST', `/api/circulars/${b.id}/publish`, officer, { version: b.version }),
    ]);
    // The issuer's row lock serializes the numbering: both succeed, with consecutive numbers.
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const numbers = results.map((r) => r.json<CircularDetail>().number).sort();
    expect(numbers).toEqual(['高新党工〔2026〕3号', '高新党工〔2026〕4号']);
  });

  it('deletes a draft with one audit event and refuses a stale version', async () => {
    const jun = await generate('2026-06');
    const before = await countAuditEvents(t.db, 'circular.deleted');
    expect((await call('DELETE', `/api/circulars/${jun.id}?version=${jun.version + 1}`, officer)).statusCode).toBe(409);
    expect((await call('DELETE', `/api/circulars/${jun.id}?version=${jun.version}`, secretary)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/circulars/${jun.id}?version=${jun.version}`, officer)).statusCode).toBe(204);
    expect(await countAuditEvents(t.db, 'circular.deleted')).toBe(before + 1);
    expect((await call('GET', `/api/circulars/${jun.id}`, officer)).statusCode).toBe(404);
  });
});

describe('the circular and the ranking of a month', () => {
  it('share one assessment of the month while the record has not changed (SQLite: the driver is watched)', async () => {
    if (t.db.kind !== 'sqlite') return; // PostgreSQL runs the same code; the statements are observed on better-sqlite3
    // The measures' figures mark one month's assessment (computeFigures → countMeasures).
    const assessedIn = (seen: string[]) => seen.filter((q) => q.includes('with gone as')).length;
    const ranked = await watchStatements(() => call('GET', '/api/rankings/monthly?month=2026-06', officer));
    expect(ranked.result.statusCode, ranked.result.body).toBe(200);
    const ranking = ranked.result.json<{ villages: CircularDetail['annex']['ranking']['villages'] }>().villages;
    const generated = await watchStatements(() => generate('2026-06'));
    const circular = generated.result;
    const counts = [assessedIn(ranked.seen), assessedIn(ranked.seen) + assessedIn(generated.seen)];
    // The ranking assessed June and May (its movement); the circular reused them.
    expect(counts).toEqual([2, 2]);
    expect(circular.annex.ranking.villages.map((v) => v.name)).toEqual(ranking.map((v) => v.name));
  });
});

/** The workbook's sheets by name, as arrays of row values (ExcelJS's `values` are 1-based). */
async function readWorkbook(payload: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  });
  return out;
}

describe('a circular of a province: long annex tables', () => {
  // The district's own annex, stretched to a province's lengths in the stored row: 1,200 villages ranked,
  // 700 RAG rows, 1,500 overdue problems (longest first), and its view. What a province's generation stores,
  // without loading a province.
  let c: CircularDetail;
  let big: CircularAnnex;

  beforeAll(async () => {
    c = await generate('2026-05');
    const stored = await repo.annexOf(t.db.kysely, c.id);
    const a = JSON.parse(stored!) as CircularAnnex;
    const ranked = (rank: number, name: string) => ({
      rank,
      name,
      score: 90 - rank / 100,
      closureRate: rank % 7 === 0 ? null : 0.5,
      acceptancePassRate: 0.8,
      overdue: rank % 3,
      reportPunctuality: 1,
      movement: null,
    });
    const o0 = { code: 'X', organization: '大闵村', description: '活动场所面积不足', dueOn: '2026-04-01', daysOverdue: 1, owner: '张三' };
    big = {
      ...a,
      ranking: {
        villages: Array.from({ length: 1200 }, (_, i) => ranked(i + 1, `村${i + 1}`)),
        subdistricts: ['甲街道', '乙街道', '丙街道'].map((n, i) => ranked(i + 1, n)),
      },
      rag: Array.from({ length: 700 }, (_, i) => ({
        organization: `村${i + 1}`,
        kind: '村',
        colour: i === 650 ? ('red' as const) : ('green' as const),
        reasons: '',
      })),
      overdue: Array.from({ length: 1500 }, (_, i) => ({
        ...o0,
        code: `WT-BIG-${i}`,
        organization: `社区${i + 1}`,
        daysOverdue: 1500 - i,
      })),
      overdueTasks: [],
    };
    await t.db.kysely
      .updateTable('circulars')
      .set({ annex: JSON.stringify(big), annex_view: JSON.stringify(annexView(big)) })
      .where('id', '=', c.id)
      .execute();
  });

  it('shows each long table in part, says where and how much was left out, and warns from every row', async () => {
    // The praise section names 村651: red, and its row is one of those the page leaves out.
    const patched = await call('PATCH', `/api/circulars/${c.id}`, officer, {
      version: c.version,
      sections: [{ key: 'good', text: '村651表现突出。' }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const d = patched.json<CircularDetail>();
    expect(ANNEX_TABLE_ROWS).toBe(500);
    expect(d.annex.ranking.villages.map((v) => v.rank)).toEqual([
      ...Array.from({ length: 250 }, (_, i) => i + 1),
      ...Array.from({ length: 250 }, (_, i) => 951 + i),
    ]);
    expect(d.annex.rag).toHaveLength(500);
    expect(d.annex.overdue.map((o) => o.daysOverdue).slice(0, 3)).toEqual([1500, 1499, 1498]);
    expect(d.annex.overdue).toHaveLength(500);
    expect(d.annexCuts).toEqual([
      { table: 'rankingVillages', total: 1200, at: 250, omitted: 700 },
      { table: 'rag', total: 700, at: 500, omitted: 200 },
      { table: 'overdue', total: 1500, at: 500, omitted: 1000 },
    ]);
    expect(d.praiseWarnings).toEqual([{ organization: '村651', why: 'red' }]);
    // A GET answers the same.
    const got = (await call('GET', `/api/circulars/${c.id}`, officer)).json<CircularDetail>();
    expect(got.annexCuts).toEqual(d.annexCuts);
    expect(got.annex.overdue).toHaveLength(500);
    c = d;
  });

  it('prints the same excerpt in the Word file, with the lines for the rows left out', async () => {
    const res = await call('GET', `/api/circulars/${c.id}/docx`, officer);
    expect(res.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('……中间700行从略（本表共1,200行，完整附表见随文Excel文件）');
    expect(xml).toContain('……以下200行从略（本表共700行');
    expect(xml).toContain('……以下1,000行从略（本表共1,500行');
    expect(xml).toContain('WT-BIG-499<');
    expect(xml).not.toContain('WT-BIG-500<');
    // Header row + 500 rows + the cut line, per cut table.
    expect(xml.match(/<w:tr>|<w:tr /g)!.length).toBeLessThan(3 * 502 + 40);
  });

  it('gives every row in the Excel annex, to those who may read the circular', async () => {
    const res = await call('GET', `/api/circulars/${c.id}/annex.xlsx`, officer);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]!)).toBe(`草稿 ${c.title}（附表）.xlsx`);
    const sheets = await readWorkbook(res.rawPayload);
    expect([...sheets.keys()]).toEqual(['村（社区）排名', '街道排名', '红黄绿情况', '逾期未整改问题']);
    const villages = sheets.get('村（社区）排名')!;
    // Title, "as at", header, then every row.
    expect(villages).toHaveLength(3 + 1200);
    expect(villages[2]).toEqual([
      '名次',
      '村（社区）',
      '综合得分',
      '对标得分',
      '达标验收',
      '销号率',
      '验收通过率',
      '逾期问题',
      '周报按时率',
      '较上月',
    ]);
    expect(villages.slice(3).map((r) => r[1])).toEqual(big.ranking.villages.map((v) => v.name));
    // Rates are numbers (formatted as percentages); nothing to measure reads "—".
    expect(villages[3]![5]).toBe(0.5);
    expect(villages[3 + 6]![5]).toBe('—');
    expect(sheets.get('红黄绿情况')).toHaveLength(3 + 700);
    const overdue = sheets.get('逾期未整改问题')!;
    expect(overdue.slice(3).map((r) => r[0])).toEqual(big.overdue.map((o) => o.code));
    expect(overdue[3]![4]).toBe(1500);
    expect(
      sheets
        .get('街道排名')!
        .slice(3)
        .map((r) => r[1]),
    ).toEqual(big.ranking.subdistricts.map((s) => s.name));
    // A draft is the district officers': readers do not learn it exists.
    expect((await call('GET', `/api/circulars/${c.id}/annex.xlsx`, secretary)).statusCode).toBe(404);
    expect((await call('GET', '/api/circulars/00000000-0000-7000-8000-000000000000/annex.xlsx', officer)).statusCode).toBe(404);
    expect((await call('GET', '/api/circulars/nope/annex.xlsx', officer)).statusCode).toBe(400);
  });

  it('reads no annex nor its view for a list or a circular’s row: only the detail, the files and regeneration read them', async () => {
    const row = await repo.find(t.db.kysely, c.id);
    expect(row).toBeDefined();
    expect(Object.keys(row!)).not.toContain('annex');
    expect(Object.keys(row!)).not.toContain('annex_view');
    expect(Object.keys(row!)).toContain('body');
    const list = await repo.list(t.db.kysely);
    expect(list.length).toBeGreaterThan(1);
    for (const r of list) expect(Object.keys(r)).not.toContain('annex');
    for (const r of list) expect(Object.keys(r)).not.toContain('annex_view');
  });

  it('reads the annex’s view, never the whole annex, for the detail, an edit’s answer and the Word file (SQLite: the driver is watched)', async () => {
    if (t.db.kind !== 'sqlite') return; // PostgreSQL runs the same code; the statements are observed on better-sqlite3
    const readsAnnex = (seen: string[]) => seen.filter((q) => /"annex"/.test(q));
    const readsView = (seen: string[]) => seen.filter((q) => /select "annex_view"/.test(q));
    const got = await watchStatements(() => call('GET', `/api/circulars/${c.id}`, officer));
    expect(got.result.statusCode).toBe(200);
    const patched = await watchStatements(() =>
      call('PATCH', `/api/circulars/${c.id}`, officer, { version: c.version, sections: [{ key: 'focus', text: '下月重点：整改到位。' }] }),
    );
    expect(patched.result.statusCode, patched.result.body).toBe(200);
    const docx = await watchStatements(() => call('GET', `/api/circulars/${c.id}/docx`, officer));
    expect(docx.result.statusCode).toBe(200);
    for (const w of [got, patched, docx]) {
      expect(readsAnnex(w.seen)).toEqual([]);
      expect(readsView(w.seen)).toHaveLength(1);
    }
    const d = patched.result.json<CircularDetail>();
    expect(d.annexCuts.map((x) => x.omitted)).toEqual([700, 200, 1000]);
    expect(d.praiseWarnings).toEqual([{ organization: '村651', why: 'red' }]);
    // The workbook needs every row: it reads the annex.
    const xlsx = await watchStatements(() => call('GET', `/api/circulars/${c.id}/annex.xlsx`, officer));
    expect(xlsx.result.statusCode).toBe(200);
    expect(readsAnnex(xlsx.seen)).toHaveLength(1);
    c = d;
  });

  it('shows the published circular’s excerpt on the public page, and every row in its public workbook', async () => {
    const pub = await call('POST', `/api/circulars/${c.id}/publish`, officer, { version: c.version });
    expect(pub.statusCode, pub.body).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: `/public/circulars/${c.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('……中间700行从略（本表共1,200行');
    expect(page.body).toContain('……以下1,000行从略（本表共1,500行');
    expect(page.body).toContain(`/public/circulars/${c.id}/annex.xlsx`);
    expect(page.body).not.toContain('WT-BIG-500<');
    const xlsx = await t.app.inject({ method: 'GET', url: `/public/circulars/${c.id}/annex.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const sheets = await readWorkbook(xlsx.rawPayload);
    expect(sheets.get('逾期未整改问题')).toHaveLength(3 + 1500);
    // A draft has no public workbook.
    const draft = await generate('2026-04');
    expect((await t.app.inject({ method: 'GET', url: `/public/circulars/${draft.id}/annex.xlsx` })).statusCode).toBe(404);
  });

  it('masks on the public page the rows it shows as the public workbook masks every row, from the stored view', async () => {
    const db = t.db.kysely;
    const m = await loadMasker(db);
    const page = await watchStatements(() => publicCircular(db, c.id, m));
    const whole = await publicCircularAnnex(db, c.id, m);
    // Masking the stored excerpt gives what excerpting the masked annex gives: the public sees nothing new.
    expect(page.result!.detail.annex).toEqual(excerptAnnex(whole!.annex).annex);
    expect(page.result!.detail.annexCuts).toEqual(excerptAnnex(whole!.annex).cuts);
    expect(page.result!.detail.praiseWarnings).toEqual([]);
    expect(page.result!.detail.annex.overdue[0]!.owner).toBe('张*');
    if (t.db.kind === 'sqlite') expect(page.seen.filter((q) => /"annex"/.test(q))).toEqual([]);
    const docx = await watchStatements(() => t.app.inject({ method: 'GET', url: `/public/circulars/${c.id}/docx` }));
    expect(docx.result.statusCode).toBe(200);
    if (t.db.kind === 'sqlite') expect(docx.seen.filter((q) => /"annex"/.test(q))).toEqual([]);
  });

  it('answers the same from the whole annex for a circular written before views were kept', async () => {
    const db = t.db.kysely;
    const documentXml = async (url: string, headers: Headers = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(200);
      return (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    };
    const answers = async () => ({
      detail: (await call('GET', `/api/circulars/${c.id}`, secretary)).json<CircularDetail>(),
      docx: await documentXml(`/api/circulars/${c.id}/docx`, officer),
      publicDetail: (await publicCircular(db, c.id, await loadMasker(db)))!.detail,
      publicDocx: await documentXml(`/public/circulars/${c.id}/docx`),
    });
    const fromView = await answers();
    expect(fromView.detail.annexCuts).toHaveLength(3);
    expect(fromView.detail.praiseWarnings).toEqual([{ organization: '村651', why: 'red' }]);
    await db.updateTable('circulars').set({ annex_view: null }).where('id', '=', c.id).execute();
    const watched = await watchStatements(answers);
    expect(watched.result).toEqual(fromView);
    // …read from the whole annex (SQLite: the driver is watched).
    if (t.db.kind === 'sqlite') expect(watched.seen.filter((q) => /select "annex" from/.test(q))).toHaveLength(4);
    // A view cut to another length than tables are cut to now is not used either.
    const stale = { ...annexView(big), rows: ANNEX_TABLE_ROWS + 1, cuts: [] };
    await db
      .updateTable('circulars')
      .set({ annex_view: JSON.stringify(stale) })
      .where('id', '=', c.id)
      .execute();
    expect((await call('GET', `/api/circulars/${c.id}`, secretary)).json<CircularDetail>()).toEqual(fromView.detail);
  });
});

describe('a draft generated while its month was running', () => {
  it('is published after the month only when asked, or once regenerated (it said the month had not ended)', async () => {
    // Sessions end after idle hours: each jump of the clock signs in again.
    t.clock.current = new Date('2026-12-15T02:00:00.000Z');
    let by = await t.login('officer');
    const created = await call('POST', '/api/circulars', by, { month: '2026-12' });
    expect(created.statusCode, created.body).toBe(201);
    const dec = created.json<CircularDetail>();
    t.clock.current = new Date('2027-01-04T02:00:00.000Z');
    by = await t.login('officer');
    const unconfirmed = await call('POST', `/api/circulars/${dec.id}/publish`, by, { version: dec.version });
    expect(unconfirmed.statusCode, unconfirmed.body).toBe(422);
    expect(unconfirmed.json().error.details).toEqual({ needsConfirmation: 'runningMonth' });
    expect(unconfirmed.json().error.message).toContain('结束前');
    const regenerated = await call('POST', `/api/circulars/${dec.id}/regenerate`, by, { version: dec.version });
    expect(regenerated.statusCode, regenerated.body).toBe(200);
    const res = await call('POST', `/api/circulars/${dec.id}/publish`, by, { version: regenerated.json<CircularDetail>().version });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('a draft whose month’s interviews changed after its figures were taken', () => {
  it('is published only once regenerated: section 五 said 本月无约谈 beside a scheduled interview', async () => {
    t.clock.current = new Date('2027-02-03T02:00:00.000Z');
    const by = await t.login('officer');
    const created = await call('POST', '/api/circulars', by, { month: '2027-01' });
    expect(created.statusCode, created.body).toBe(201);
    const jan = created.json<CircularDetail>();
    expect(jan.annex.interviews.map((i) => i.organization)).not.toContain('大闵村');
    const interview = await call('POST', '/api/interviews', by, {
      organizationId: await t.orgId('大闵村'),
      month: '2027-01',
      scheduledAt: '2027-02-10T09:00:00+08:00',
      location: '区党群工作部三楼会议室',
      interviewer: '区党群工作部 王部长',
      attendees: '村党支部书记',
      notice: '请于 2 月 10 日上午到会，汇报问题整改进展。',
    });
    expect(interview.statusCode, interview.body).toBe(201);
    const refused = await call('POST', `/api/circulars/${jan.id}/publish`, by, { version: jan.version });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.message).toContain('新安排了大闵村');
    expect(refused.json().error.message).toContain('更新数据');
    expect((await call('GET', `/api/circulars/${jan.id}`, by)).json<CircularDetail>().status).toBe('draft');
    const regenerated = await call('POST', `/api/circulars/${jan.id}/regenerate`, by, { version: jan.version });
    expect(regenerated.statusCode, regenerated.body).toBe(200);
    expect(regenerated.json<CircularDetail>().annex.interviews.map((i) => i.organization)).toContain('大闵村');
    const res = await call('POST', `/api/circulars/${jan.id}/publish`, by, { version: regenerated.json<CircularDetail>().version });
    expect(res.statusCode, res.body).toBe(200);
  });
});
