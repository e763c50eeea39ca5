import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circularImprintParts } from '../../../domain/circular-text.ts';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import { archiveOrg, type Headers, makeOrg } from '../../testing/factories.ts';
import { makeProblem, problemIn, uploadEvidence } from '../../testing/ledger-factories.ts';
import { createTestApp, TEST_ORIGIN, type TestApp } from '../../testing/test-app.ts';
import { portalScriptFiles } from './portal.routes.ts';
import { loadMasker } from './portal.mask.ts';
import { homeView } from './portal.service.ts';

/**
 * The public pages: server-rendered HTML that works without JavaScript and
 * runs none inline, cached until the record changes (ETag, 304), the 大字
 * switch without JavaScript, the poster's QR code, what is and is not public
 * (the 公示 switch, withdrawn problems, unpublished photos, the program
 * defaults), circulars with their paper anchor, and the script budget.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let village: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  village = await t.orgId('大闵村');
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
/** The portal settings saved as `by` (body: the version read and the settings). */
const saveSettings = (by: Headers, payload: { version: number; settings: Record<string, unknown> }) =>
  t.app.inject({ method: 'PUT', url: '/api/portal/settings', headers: by, payload });

describe('pages for everyone, without JavaScript', () => {
  it('serves the home, a village, its poster, news, circulars and the ledger page to anonymous visitors', async () => {
    expect((await get('/public/')).body).toContain('尚未完成');
    for (const url of [
      '/public/',
      `/public/villages/${village}`,
      `/public/villages/${village}/poster`,
      '/public/news',
      '/public/circulars',
      '/public/chain',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      // The CSP of every answer, and nothing in the page that it would block.
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(res.body).not.toMatch(/\son[a-z]+=/i);
      expect(res.body).not.toMatch(/\sstyle=/i);
      // One word for each figure everywhere: problems not yet accepted are 尚未完成 (not "正在整改": some are not started).
      expect(res.body).not.toContain('正在整改');
      expect(res.body).not.toMatch(/·\s*已完成/);
      expect(res.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    }
    expect((await get('/public')).statusCode).toBe(301);
    expect((await get('/public/no-such-page')).statusCode).toBe(404);
    expect((await get(`/public/villages/${await t.orgId('良田街道')}`)).statusCode).toBe(404);
    // A malformed address reads as a page that is not there (an HTML page, not the API's 400: see below).
    expect((await get('/public/villages/not-a-uuid')).statusCode).toBe(404);
  });

  it('answers 304 to a matching ETag, and renders again once the record changes', async () => {
    const first = await get(`/public/villages/${village}`);
    const etag = first.headers.etag as string;
    // Private: the page sets the feedback form's time-trap cookie (one cached body for everyone, a fresh cookie each).
    expect(first.headers['cache-control']).toBe('private, max-age=0, must-revalidate');
    expect((await get('/public/')).headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(first.headers.vary).toContain('cookie');
    expect((await get(`/public/villages/${village}`, { 'if-none-match': etag })).statusCode).toBe(304);
    const gz = await get(`/public/villages/${village}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('br');
    await makeProblem(t, admin, '大闵村', { description: '公开栏新增问题用于缓存检验' });
    const after = await get(`/public/villages/${village}`, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('公开栏新增问题用于缓存检验');
  });

  it('answers a page address cut short (a link truncated in a chat) with its 页面不存在 page, not the API’s JSON', async () => {
    for (const url of [`/public/villages/${village.slice(0, 8)}`, '/public/news/xyz', '/public/circulars/abc/docx']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.body, url).toContain('页面不存在');
    }
    // The API keeps its error shape.
    const api = await get('/api/public/chain?from=x');
    expect(api.statusCode).toBe(400);
    expect(api.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('remembers 大字 in a cookie through a plain link, and goes back only within the portal', async () => {
    const res = await get(`/public/prefs?font=large&back=${encodeURIComponent(`/public/villages/${village}`)}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/public/villages/${village}`);
    const cookie = res.cookies.find((c) => c.name === 'tz_font');
    expect(cookie).toMatchObject({ value: 'large', path: '/public' });
    const page = await get(`/public/villages/${village}`, { cookie: 'tz_font=large' });
    expect(page.body).toContain('<html lang="zh-CN" class="large">');
    expect(page.body).toContain('aria-pressed="true"');
    for (const back of ['//evil.example/x', 'https://evil.example/', '/api/session', '/public/\\evil']) {
      expect((await get(`/public/prefs?font=normal&back=${encodeURIComponent(back)}`)).headers.location).toBe('/public/');
    }
    // Characters a Location header cannot hold went back as written, and Node refused the header (500).
    for (const back of ['%E6%9D%91', '%7F', '%00']) {
      const res = await get(`/public/prefs?font=normal&back=/public/${back}`);
      expect(res.statusCode, `${back}: ${res.body}`).toBe(303);
      expect(res.headers.location).toBe('/public/');
    }
  });

  it('keeps its enhancement scripts under 100 KB gzipped, served for a year under hashed names', async () => {
    const total = portalScriptFiles().reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    expect(total).toBeLessThan(100 * 1024);
    const home = await get('/public/');
    const assets = [...home.body.matchAll(/\/public\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBe(2);
    for (const a of assets) {
      const res = await get(a, { 'accept-encoding': 'gzip' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe('gzip');
      expect((await get(a, { 'if-none-match': res.headers.etag as string })).statusCode).toBe(304);
    }
  });
});

describe('the poster', () => {
  it("carries a QR code of the village page's address and the ledger head at printing", async () => {
    const res = await get(`/public/villages/${village}/poster`);
    const url = `${TEST_ORIGIN}/public/villages/${village}`;
    const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    expect(res.body).toContain(svg.trim());
    expect(res.body).toContain(`<p class="small hash" data-poster-url>${url}</p>`);
    const head = (await get('/api/public/chain/head')).json();
    expect(res.body).toContain(`data-poster-head="${head.seq}">第 ${head.seq} 条 · ${head.hash.slice(0, 12)}</span>`);
  });

  it('without PUBLIC_URL names the address each client asked for, rendered for that request (not kept per Host)', async () => {
    const bare = await createTestApp({ config: { publicUrl: null } });
    try {
      const id = await bare.orgId('大闵村');
      for (const host of ['a.example', 'b.example:8080', 'a.example']) {
        const res = await bare.app.inject({ method: 'GET', url: `/public/villages/${id}/poster`, headers: { host } });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain(`data-poster-url>http://${host}/public/villages/${id}</p>`);
        expect(res.headers.etag).toBeTruthy();
      }
    } finally {
      await bare.close();
    }
  });
});

describe('news pages', () => {
  it('answers 404 past the last page, so page numbers cannot fill the page cache', async () => {
    expect((await get('/public/news')).statusCode).toBe(200);
    expect((await get('/public/news?page=1')).statusCode).toBe(200);
    const res = await get('/public/news?page=9999');
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});

describe('what is public', () => {
  it('shows public problems only: not one with 公示 off, not a withdrawn one', async () => {
    await makeProblem(t, admin, '大闵村', { description: '公示的问题甲' });
    await makeProblem(t, admin, '大闵村', { description: '不公示的问题乙', isPublic: false });
    const withdrawn = await makeProblem(t, admin, '大闵村', { description: '撤销的问题丙' });
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/problems/${withdrawn.id}/transitions`,
      headers: admin,
      payload: { action: 'withdraw', version: withdrawn.version, reason: '误登记' },
    });
    expect(w.statusCode).toBe(200);
    const page = (await get(`/public/villages/${village}`)).body;
    expect(page).toContain('公示的问题甲');
    expect(page).not.toContain('不公示的问题乙');
    expect(page).not.toContain('撤销的问题丙');
  });

  it('shows a photo once chosen for publication, on a public problem only, and never an unpublished one', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    const up = await uploadEvidence(t, admin, { problemId: p.id });
    const evidenceId = up.json().id as string;
    expect((await get(`/public/files/evidence/${evidenceId}`)).statusCode).toBe(404);
    const pub = await t.app.inject({
      method: 'PUT',
      url: `/api/portal/evidence/${evidenceId}/publication`,
      headers: officer,
      payload: { published: true, caption: '整改后的公开栏', before: { published: false, caption: null } },
    });
    expect(pub.statusCode, pub.body).toBe(200);
    const photo = await get(`/public/files/evidence/${evidenceId}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    // The public copy, re-encoded without metadata (public-images.test.ts): still the 1 × 1 picture.
    expect(await sharp(photo.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });
    expect((await get(`/public/villages/${village}`)).body).toContain(`/public/files/evidence/${evidenceId}`);
    // The problem's 公示 switch off: the photo goes with it.
    const d = (await t.app.inject({ method: 'GET', url: `/api/problems/${p.id}`, headers: admin })).json();
    await t.app.inject({ method: 'PATCH', url: `/api/problems/${p.id}`, headers: admin, payload: { version: d.version, isPublic: false } });
    expect((await get(`/public/files/evidence/${evidenceId}`)).statusCode).toBe(404);
    // Publication is audited both ways, and a document is no photo.
    const off = await t.app.inject({
      method: 'PUT',
      url: `/api/portal/evidence/${evidenceId}/publication`,
      headers: officer,
      payload: { published: false, before: { published: true, caption: '整改后的公开栏' } },
    });
    expect(off.json()).toEqual({ evidenceId, published: false, caption: null });
    const events = await t.db.kysely
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'evidence.publication_changed')
      .where('entity_id', '=', evidenceId)
      .execute();
    expect(events.length).toBe(2);
  });

  it('refuses a caption made on a publication someone has changed since (409), instead of overwriting theirs', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    const evidenceId = (await uploadEvidence(t, admin, { problemId: p.id })).json().id as string;
    const put = (headers: Headers, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PUT', url: `/api/portal/evidence/${evidenceId}/publication`, headers, payload });
    const hidden = { published: false, caption: null };
    expect((await put(officer, { published: true, caption: '甲写的说明', before: hidden })).statusCode).toBe(200);
    // The admin's screen still shows the photo hidden: his caption is refused, the officer's kept.
    const stale = await put(admin, { published: true, caption: '乙写的说明', before: hidden });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error.message).toContain('已被他人修改');
    const fresh = await put(admin, { published: true, caption: '乙写的说明', before: { published: true, caption: '甲写的说明' } });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json()).toMatchObject({ published: true, caption: '乙写的说明' });
    // Asking for what is already so is no conflict (a retry after a lost answer).
    expect(
      (await put(admin, { published: true, caption: '乙写的说明', before: { published: true, caption: '甲写的说明' } })).statusCode,
    ).toBe(200);
    // A body without what it was made on is refused.
    expect((await put(admin, { published: false })).statusCode).toBe(400);
  });

  it('follows the program defaults: progress notes and measures hidden when the district says so', async () => {
    const p = await problemIn(t, admin, '大闵村', 'rectifying');
    await t.app.inject({
      method: 'POST',
      url: `/api/problems/${p.id}/progress`,
      headers: admin,
      payload: { text: '进展说明：已完成一半' },
    });
    expect((await get(`/public/villages/${village}`)).body).toContain('进展说明：已完成一半');
    const current = (await t.app.inject({ method: 'GET', url: '/api/portal/settings', headers: admin })).json();
    const saved = await saveSettings(admin, { version: current.version, settings: { ...current.settings, showProgressNotes: false } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await get(`/public/villages/${village}`)).body).not.toContain('进展说明：已完成一半');
    // Audited with what it was and what it became; only a district-wide admin may change it.
    const audits = (await t.db.kysely.selectFrom('audit_events').select('data').where('type', '=', 'settings.updated').execute())
      .map((r) => JSON.parse(r.data) as { key: string; before: Record<string, boolean>; after: Record<string, boolean> })
      .filter((d) => d.key === 'portal');
    expect(audits.at(-1)).toMatchObject({ before: { showProgressNotes: true }, after: { showProgressNotes: false } });
    const refused = await saveSettings(officer, { version: saved.json().version, settings: current.settings });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/portal/settings', headers: officer })).json().allowedActions).toEqual([]);
    const back = await saveSettings(admin, { version: saved.json().version, settings: current.settings });
    expect(back.statusCode).toBe(200);
  });

  it('sums the home page’s totals over the villages it lists, not an archived (撤销) one’s too', async () => {
    const temp = await makeOrg(t, admin, '良田街道', 'village', '首页撤销村');
    // Settled first: a village with a problem still open is not archived.
    await problemIn(t, admin, temp.id, 'closed');
    await archiveOrg(t, admin, { id: temp.id, version: temp.version });
    const home = await homeView(t.db.kysely, t.clock.now(), await loadMasker(t.db.kysely));
    expect(home.villages.map((v) => v.id)).not.toContain(temp.id);
    const sum = (k: 'found' | 'fixing' | 'done' | 'overdue') => home.villages.reduce((n, v) => n + (v.figures[k] ?? 0), 0);
    expect(home.figures).toMatchObject({ found: sum('found'), fixing: sum('fixing'), done: sum('done'), overdue: sum('overdue') });
  });

  it('lists the villages in pinyin order within their subdistrict, as the app does (the database gave code-point order)', async () => {
    const home = await homeView(t.db.kysely, t.clock.now(), await loadMasker(t.db.kysely));
    const zh = new Intl.Collator('zh-CN');
    const keys = home.villages.map((v) => [v.subdistrict ?? '', v.name] as const);
    expect(keys.length).toBeGreaterThan(10);
    const sorted = [...keys].sort((a, b) => zh.compare(a[0], b[0]) || zh.compare(a[1], b[1]));
    expect(keys).toEqual(sorted);
    // 白杨街道's 上庄村 (shang) comes after 前进村 (qian), which code-point order put the other way round.
    const baiyang = keys.filter((k) => k[0] === '白杨街道').map((k) => k[1]);
    expect(baiyang.indexOf('前进村')).toBeLessThan(baiyang.indexOf('上庄村'));
  });

  it('keeps 整改时限 off the public ledger while the portal hides it', async () => {
    const current = (await t.app.inject({ method: 'GET', url: '/api/portal/settings', headers: admin })).json();
    const hidden = await saveSettings(admin, { version: current.version, settings: { ...current.settings, showDeadlines: false } });
    expect(hidden.statusCode, hidden.body).toBe(200);
    const before = (await t.app.inject({ method: 'GET', url: '/api/public/chain/head' })).json<{ seq: number }>();
    await makeProblem(t, admin, village, { dueOn: '2027-03-01', description: '时限隐藏时公示的问题' });
    const entries = (await t.app.inject({ method: 'GET', url: `/api/public/chain?from=${before.seq + 1}` })).json().entries;
    const published = entries.find((e: { entry: { type: string } }) => e.entry.type === 'problem.published');
    expect(published.entry.data).toMatchObject({ dueOn: null });
    expect(JSON.stringify(entries)).not.toContain('2027-03-01');
    // Nor how many are past their deadline: the count would tell what the dates no longer do.
    const homeHidden = await homeView(t.db.kysely, t.clock.now(), await loadMasker(t.db.kysely));
    expect(homeHidden.figures.overdue).toBeNull();
    expect(homeHidden.villages.every((v) => v.figures.overdue === null)).toBe(true);
    for (const url of ['/public/', `/public/villages/${village}`]) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.body, url).not.toContain('超期');
    }
    const back = await saveSettings(admin, { version: hidden.json().version, settings: current.settings });
    expect(back.statusCode).toBe(200);
    // Shown again with the deadlines.
    const homeShown = await t.app.inject({ method: 'GET', url: '/public/' });
    expect(homeShown.body).toContain('超期未改');
    expect((await homeView(t.db.kysely, t.clock.now(), await loadMasker(t.db.kysely))).figures.overdue).not.toBeNull();
  });
});

describe('the program defaults of what is public', () => {
  it('are sent whole, as read: a switch left out is refused with 400 naming it, not reset to its default', async () => {
    const read = async () => (await t.app.inject({ method: 'GET', url: '/api/portal/settings', headers: admin })).json();
    // As read, they save (GET gives every switch).
    const current = await read();
    const asRead = await saveSettings(admin, { version: current.version, settings: current.settings });
    expect(asRead.statusCode, asRead.body).toBe(200);
    // Off their defaults, so a switch reset to its default would show.
    const settings = { ...current.settings, showMeasures: false, feedbackOpen: false };
    const saved = await saveSettings(admin, { version: asRead.json().version, settings });
    expect(saved.statusCode, saved.body).toBe(200);

    const { showMeasures: _showMeasures, feedbackOpen: _feedbackOpen, ...withoutTwo } = settings;
    const { feedbackOpen: _open, ...withoutFeedback } = settings;
    for (const [partial, missing] of [
      [withoutFeedback, ['feedbackOpen']],
      [withoutTwo, ['showMeasures', 'feedbackOpen']],
    ] as const) {
      const res = await saveSettings(admin, { version: saved.json().version, settings: partial });
      expect(res.statusCode, missing.join()).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toContain(
        `设置不完整，缺少：${missing.join('、')} (every setting is sent, as read: missing ${missing.join(', ')})`,
      );
      expect(res.json().error.details.fields).toEqual([expect.objectContaining({ path: 'settings' })]);
    }
    const empty = await saveSettings(admin, { version: saved.json().version, settings: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain(`缺少：${Object.keys(settings).join('、')}`);

    const after = await read();
    expect(after.version).toBe(saved.json().version);
    expect(after.settings).toEqual(settings);
    expect((await saveSettings(admin, { version: after.version, settings: current.settings })).statusCode).toBe(200);
  });
});

describe('circulars on the portal', () => {
  it('lists a published circular, reads it and downloads it as Word, with the ledger head frozen at publication', async () => {
    const draft = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-10' } });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await get(`/public/circulars/${draft.json().id}`)).statusCode).toBe(404);
    expect(draft.json().draftingOffice).toBe('中共渭南高新区党工委党群工作部');
    // The editor's 印发机关 field: this circular's own drafting office (the setting is only the default).
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/circulars/${draft.json().id}`,
      headers: officer,
      payload: { version: draft.json().version, draftingOffice: '中共渭南高新区党工委党群工作部（综合科）' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const head = (await get('/api/public/chain/head')).json();
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/circulars/${draft.json().id}/publish`,
      headers: officer,
      payload: { version: edited.json().version },
    });
    expect(pub.statusCode, pub.body).toBe(200);
    await makeProblem(t, admin, '大闵村');
    expect((await get('/public/circulars')).body).toContain(`/public/circulars/${draft.json().id}`);
    const page = await get(`/public/circulars/${draft.json().id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`第 ${head.seq} 条 · ${head.hash.slice(0, 12)}`);
    const docx = await get(`/public/circulars/${draft.json().id}/docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('attachment');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain(`公开台账链头：第 ${head.seq} 条 · ${head.hash.slice(0, 12)}`);
    // The 版记 the printed circular ends with: the drafting office and the day it was printed (published).
    const publishedOn = shanghaiDate(new Date(pub.json().publishedAt as string));
    const imprint = circularImprintParts('中共渭南高新区党工委党群工作部（综合科）', publishedOn);
    expect(imprint.printed).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日印发$/);
    // The head is the Word file's last line, under the 版记: between the signature and the annexes it read as body.
    expect(xml.indexOf('公开台账链头')).toBeGreaterThan(xml.indexOf(imprint.printed));
    expect(xml.indexOf('公开台账链头')).toBeGreaterThan(xml.indexOf('附件3'));
    // Office and date as two ends of one line (wrapping apart on a phone), not joined by ideographic spaces.
    expect(page.body).toContain(`<p class="imprint" data-imprint><span>${imprint.office}</span><span>${imprint.printed}</span></p>`);
    // Signed and dated as the body's circular is (2026年11月6日, not 2026-11-06), its annexes numbered as the body
    // refers to them.
    expect(page.body).toContain(`<p class="signature">中共渭南高新区党工委<br />${chineseDate(pub.json().docDate as string)}</p>`);
    expect(page.body).toContain('<h2>附件1：村（社区）月度综合评分排名</h2>');
    expect(page.body).toContain('附件2（各单位红黄绿情况）见 Word 文档和附表（Excel）。');
    expect(page.body).not.toContain('附件：排名');
    // The officers' download carries it too.
    const internal = await t.app.inject({ method: 'GET', url: `/api/circulars/${draft.json().id}/docx`, headers: officer });
    const internalXml = await (await JSZip.loadAsync(internal.rawPayload)).file('word/document.xml')!.async('string');
    expect(internalXml).toContain(`第 ${head.seq} 条`);
  });

  it('shows the public no overdue problem whose 公示 is off, in the page, the Word file or the annex workbook', async () => {
    const hidden = '不公示的逾期问题描述文字';
    await makeProblem(t, admin, '大闵村', { dueOn: '2026-11-02', description: hidden, isPublic: false });
    // The figures count what existed strictly before their moment.
    t.clock.advance(60_000);
    const draft = await t.app.inject({ method: 'POST', url: '/api/circulars', headers: officer, payload: { month: '2026-11' } });
    expect(draft.statusCode, draft.body).toBe(201);
    const internalAnnex = await t.app.inject({ method: 'GET', url: `/api/circulars/${draft.json().id}/annex.xlsx`, headers: officer });
    const sheets = async (bytes: Buffer) =>
      (
        await Promise.all(
          Object.values((await JSZip.loadAsync(bytes)).files)
            .filter((f) => f.name.startsWith('xl/'))
            .map((f) => f.async('string')),
        )
      ).join('');
    expect(await sheets(internalAnnex.rawPayload)).toContain(hidden);
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/circulars/${draft.json().id}/publish`,
      headers: officer,
      payload: { version: draft.json().version, confirmRunningMonth: true },
    });
    expect(pub.statusCode, pub.body).toBe(200);
    const page = await get(`/public/circulars/${draft.json().id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(hidden);
    const docx = await get(`/public/circulars/${draft.json().id}/docx`);
    expect(await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')).not.toContain(hidden);
    const annex = await get(`/public/circulars/${draft.json().id}/annex.xlsx`);
    expect(annex.statusCode).toBe(200);
    expect(await sheets(annex.rawPayload)).not.toContain(hidden);
  });
});
