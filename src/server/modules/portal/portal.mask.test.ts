import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../../testing/factories.ts';
import { uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../../testing/test-app.ts';
import { mintFeedbackToken } from '../feedback/feedback-token.ts';

/**
 * Masking never leaks (issue 12): the demo district with its ledger, plus
 * personal data planted where people do put it (phones on every account,
 * names and phones in progress notes, feedback, replies, captions, an article,
 * a remark, an acceptance opinion, a rejection reason, a circular's overdue
 * owners). Then every public page and API answer is fetched (home, every
 * village page and poster, the news and every article, the circulars with
 * their Word files, the ledger page and every page of its API, the feedback
 * redirect) and searched for every full name, phone number and user id.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
const planted = { remark: '内部备注：请勿外传X1', opinion: '验收意见内部X2', reason: '不予公开理由内部X3' };

beforeAll(async () => {
  t = await createTestApp({ demoLedger: true });
  admin = await t.login('admin');
  officer = await t.login('officer');
  const db = t.db.kysely;
  // Every account gets a phone; the demo has none.
  const users = await db.selectFrom('users').select(['id']).orderBy('id').execute();
  for (const [i, u] of users.entries()) {
    await sql`update users set phone = ${`139${String(10_000_000 + i).padStart(8, '0')}`} where id = ${u.id}`.execute(db);
  }
  const village = await t.orgId('大闵村');
  const problems = await db
    .selectFrom('problems')
    .select(['id', 'owner_name', 'version', 'status'])
    .where('organization_id', '=', village)
    .where('status', 'in', ['rectifying'])
    .orderBy('code')
    .execute();
  const p = problems[0]!;
  const secretaryName = (await db.selectFrom('users').select('display_name').where('username', '=', 'secretary').executeTakeFirstOrThrow())
    .display_name;
  const note = await t.app.inject({
    method: 'POST',
    url: `/api/problems/${p.id}/progress`,
    headers: admin,
    payload: { text: `${p.owner_name}已联系${secretaryName}，电话 139-1000-0003，身份证610502199001011234` },
  });
  expect(note.statusCode, note.body).toBe(200);
  // A remark and an acceptance opinion never show.
  const second = problems[1]!;
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/problems/${second.id}`,
    headers: admin,
    payload: { version: second.version, remark: `${planted.remark} ${secretaryName}` },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  expect((await uploadEvidence(t, admin, { problemId: second.id })).statusCode).toBe(201);
  const submitted = await t.app.inject({
    method: 'POST',
    url: `/api/problems/${second.id}/transitions`,
    headers: admin,
    payload: { action: 'submit', version: patched.json().version },
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const accepted = await t.app.inject({
    method: 'POST',
    url: `/api/problems/${second.id}/transitions`,
    headers: admin,
    payload: { action: 'accept', version: submitted.json().version, reason: `${planted.opinion} ${secretaryName}` },
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
  // A published photo whose caption names someone.
  const photos = (await t.app.inject({ method: 'GET', url: `/api/portal/problems/${second.id}/publication`, headers: officer })).json();
  const shown = await t.app.inject({
    method: 'PUT',
    url: `/api/portal/evidence/${photos.photos[0].evidenceId}/publication`,
    headers: officer,
    payload: { published: true, caption: `${secretaryName}拍摄，13910000004`, before: { published: false, caption: null } },
  });
  expect(shown.statusCode, shown.body).toBe(200);
  // Feedback: one published with a reply, one rejected with a reason.
  for (const [body, action] of [
    [`${secretaryName}书记好，我的电话13812345678，活动室晚上没人值班`, 'publish'],
    [`${p.owner_name}不作为，电话 029-88886666`, 'reject'],
  ] as const) {
    const form = new URLSearchParams({
      villageId: village,
      problemId: p.id,
      kind: 'report',
      body,
      name: '李建华',
      token: mintFeedbackToken('test-secret-test-secret-test-secret-0123', new Date(t.clock.now().getTime() - 60_000)),
    });
    const sent = await t.app.inject({
      method: 'POST',
      url: '/public/feedback',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_ORIGIN },
      payload: form.toString(),
    });
    expect(sent.statusCode, sent.body).toBe(303);
    const item = (await t.app.inject({ method: 'GET', url: '/api/feedback?status=pending', headers: officer })).json().items[0];
    const moderated = await t.app.inject({
      method: 'POST',
      url: `/api/feedback/${item.id}/moderation`,
      headers: officer,
      payload:
        action === 'publish'
          ? { action, version: item.version, reply: `已请${secretaryName}（13910000005）落实值班` }
          : { action, version: item.version, reason: `${planted.reason} ${secretaryName}` },
    });
    expect(moderated.statusCode, moderated.body).toBe(200);
  }
  // An article that names people and a phone.
  const article = await t.app.inject({
    method: 'POST',
    url: '/api/articles',
    headers: officer,
    payload: {
      title: `${secretaryName}带领村民整改`,
      source: '区党群工作部',
      body: `<p>${p.owner_name}和${secretaryName}介绍经验，咨询电话13910000006。</p>`,
      villageIds: [village],
    },
  });
  expect(article.statusCode, article.body).toBe(201);
  const published = await t.app.inject({
    method: 'POST',
    url: `/api/articles/${article.json().id}/transitions`,
    headers: officer,
    payload: { action: 'publish', version: article.json().version },
  });
  expect(published.statusCode, published.body).toBe(200);
  // A published circular (its overdue annex names the owners).
  const draft = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-10' } });
  expect(draft.statusCode, draft.body).toBe(201);
  const circular = await t.app.inject({
    method: 'POST',
    url: `/api/circulars/${draft.json().id}/publish`,
    headers: officer,
    payload: { version: draft.json().version },
  });
  expect(circular.statusCode, circular.body).toBe(200);
});
afterAll(() => t.close());

/** Every public answer: pages, posters, articles, circulars (with their Word text), the ledger page and API. */
async function everyPublicAnswer(): Promise<Array<{ url: string; text: string }>> {
  const out: Array<{ url: string; text: string }> = [];
  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    out.push({ url, text: res.body });
    return res;
  };
  const home = await get('/public/');
  const links = (pattern: RegExp, text: string) => [...new Set([...text.matchAll(pattern)].map((m) => m[0]))];
  for (const v of links(/\/public\/villages\/[0-9a-f-]{36}/g, home.body)) {
    await get(v);
    await get(`${v}/poster`);
  }
  const news = await get('/public/news');
  for (const a of links(/\/public\/news\/[0-9a-f-]{36}/g, news.body)) await get(a);
  const circulars = await get('/public/circulars');
  const circularLinks = links(/\/public\/circulars\/[0-9a-f-]{36}/g, circulars.body);
  expect(circularLinks.length).toBeGreaterThan(0);
  for (const c of circularLinks) {
    await get(c);
    const docx = await t.app.inject({ method: 'GET', url: `${c}/docx` });
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    out.push({ url: `${c}/docx`, text: await zip.file('word/document.xml')!.async('string') });
    // The annex workbook (every row of the tables the page shows in part): its sheets' cells.
    const xlsx = await t.app.inject({ method: 'GET', url: `${c}/annex.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const book = await JSZip.loadAsync(xlsx.rawPayload);
    const sheets = book.file(/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/);
    expect(sheets.length).toBeGreaterThan(2);
    out.push({ url: `${c}/annex.xlsx`, text: (await Promise.all(sheets.map((f) => f.async('string')))).join('\n') });
  }
  await get('/public/chain');
  await get('/api/public/chain/head');
  for (let from: number | null = 1; from !== null;) {
    const page = await get(`/api/public/chain?from=${from}&limit=1000`);
    from = page.json().next;
  }
  return out;
}

describe('masking on every public answer', () => {
  it('shows no full name, phone or ID number, user id, remark, opinion or reason anywhere', async () => {
    const db = t.db.kysely;
    const orgNames = (await db.selectFrom('organizations').select('name').execute()).map((o) => o.name);
    const names = new Set<string>();
    for (const list of [
      await db.selectFrom('users').select('display_name as n').execute(),
      await db.selectFrom('problems').select('owner_name as n').execute(),
      await db.selectFrom('problems').select('lead_official as n').execute(),
      await db.selectFrom('measures').select('owner_name as n').execute(),
    ])
      for (const r of list) if (r.n && r.n.length >= 2 && !orgNames.some((o) => o.includes(r.n!))) names.add(r.n);
    const phones = (await db.selectFrom('users').select('phone').execute()).map((u) => u.phone!).filter(Boolean);
    phones.push('13812345678', '029-88886666', '610502199001011234', '139-1000-0003', '13910000004', '13910000005', '13910000006');
    const userIds = (await db.selectFrom('users').select('id').execute()).map((u) => u.id);
    // What a feedback writer called themselves shows masked only (a name, not a word like 村民).
    names.add('李建华');
    expect(names.size).toBeGreaterThan(30);

    const answers = await everyPublicAnswer();
    expect(answers.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const { url, text } of answers) {
      for (const n of names) if (text.includes(n)) leaks.push(`${url}: name ${n}`);
      for (const p of phones) if (text.includes(p)) leaks.push(`${url}: phone ${p}`);
      for (const id of userIds) if (text.includes(id)) leaks.push(`${url}: user id ${id}`);
      for (const s of Object.values(planted)) if (text.includes(s)) leaks.push(`${url}: ${s}`);
    }
    expect(leaks).toEqual([]);
    // …while the masked forms are there: the planted texts did reach the portal.
    const all = answers.map((a) => a.text).join('\n');
    expect(all).toContain('活动室晚上没人值班');
    expect(all).toContain('书记好，我的电话***');
    expect(all).toContain('李*');
    expect(all).toContain('咨询电话***');
    expect(all).toMatch(/身份证\*\*\*/);
  });
});
