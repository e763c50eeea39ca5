import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_BODY_MAX } from '../../../domain/contracts/feedback.ts';
import { archiveOrg, countAuditEvents, type Headers, makeOrg } from '../../testing/factories.ts';
import { makeProblem } from '../../testing/ledger-factories.ts';
import { buildApp } from '../../app.ts';
import { createTestApp, TEST_ORIGIN, testConfig, type TestApp } from '../../testing/test-app.ts';
import { FEEDBACK_MAX_MS, FEEDBACK_MIN_MS, mintFeedbackToken } from './feedback-token.ts';

/**
 * 群众监督 (issue 12): the public form's limits (length, time trap, honeypot,
 * rate per address, same-site posts only), the moderation queue's
 * permissions, and each step's effect on the portal, the audit log and the
 * public ledger; a report turned into a ledger problem, linked both ways.
 */
let t: TestApp;
let admin: Headers;
let officer: Headers;
let village: string;
const secret = testConfig().sessionSecret;
let address = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  officer = await t.login('officer');
  village = await t.orgId('大闵村');
});
afterAll(() => t.close());

/** A token minted `ageMs` before the test clock's now (a person takes a while to write). */
const token = (ageMs = 60_000) => mintFeedbackToken(secret, new Date(t.clock.now().getTime() - ageMs));

/** Posts the public form as a browser would, from its own address unless given (the rate limit counts per address). */
function post(fields: Record<string, string>, o: { ip?: string; headers?: Record<string, string> } = {}) {
  address += 1;
  return t.app.inject({
    method: 'POST',
    url: '/public/feedback',
    remoteAddress: o.ip ?? `10.0.${Math.floor(address / 250)}.${address % 250}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_ORIGIN, ...o.headers },
    payload: new URLSearchParams({ villageId: village, kind: 'comment', token: token(), ...fields }).toString(),
  });
}

const stored = async (body: string) => t.db.kysely.selectFrom('feedback').selectAll().where('body', '=', body).execute();

async function pendingItem(body: string) {
  const list = (await t.app.inject({ method: 'GET', url: '/api/feedback?status=pending&pageSize=200', headers: officer })).json();
  return list.items.find((i: { body: string }) => i.body === body);
}

/** A moderator's step on a feedback, as the officer. */
const moderate = (id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/feedback/${id}/moderation`, headers: officer, payload });

const head = async () => (await t.app.inject({ method: 'GET', url: '/api/public/chain/head' })).json<{ seq: number; hash: string }>();

describe('the public form', () => {
  it('stores a comment for moderation, audited without an actor, and goes back to the village page', async () => {
    const before = await countAuditEvents(t.db, 'feedback.received');
    const res = await post({ body: '村口的公开栏被雨淋坏了，请及时修补。', name: '王大爷' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/public/villages/${village}?sent=1#feedback`);
    // The page opens at #feedback (far down on a phone): the notice stands there, not only at the top.
    const sentPage = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}?sent=1` })).body;
    expect(sentPage.indexOf('留言已收到', sentPage.indexOf('id="feedback"'))).toBeGreaterThan(-1);
    const [row] = await stored('村口的公开栏被雨淋坏了，请及时修补。');
    expect(row).toMatchObject({ status: 'pending', author_name: '王大爷', organization_id: village });
    expect(await countAuditEvents(t.db, 'feedback.received')).toBe(before + 1);
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .select(['actor_id'])
      .where('entity_id', '=', row!.id)
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBeNull();
    // Waiting: not on the portal yet.
    expect((await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body).not.toContain('村口的公开栏被雨淋坏了');
  });

  it('offers a way to the form at the top of the village page, before its problems (the form is ten screens down on a phone)', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    const jump = page.indexOf('href="#feedback"');
    expect(jump).toBeGreaterThan(-1);
    expect(jump).toBeLessThan(page.indexOf('问题清单'));
    expect(page).toContain('id="feedback"');
  });

  it('refuses too short and too long a text, and keeps what was written in the form shown again', async () => {
    const short = await post({ body: '好' });
    expect(short.statusCode).toBe(400);
    expect(short.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(short.body).toContain('内容至少 5 个字');
    const long = await post({ body: '长'.repeat(FEEDBACK_BODY_MAX + 1) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain(`内容不超过 ${FEEDBACK_BODY_MAX} 个字`);
    expect(long.body).toContain('长'.repeat(50));
    const name = await post({ body: '称呼太长的一条留言内容', name: '名'.repeat(21) });
    expect(name.statusCode).toBe(400);
    expect(await stored('称呼太长的一条留言内容')).toEqual([]);
    // A NUL PostgreSQL cannot store (500 there), or a U+FFFF no export could hold: the form again, nothing kept.
    for (const bad of ['\u0000', '\uFFFF']) {
      const res = await post({ body: `留言中有无法保存的字符${bad}内容` });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    // Looked for by the text before it (PostgreSQL refuses a NUL in the query too).
    expect(await t.db.kysely.selectFrom('feedback').select('id').where('body', 'like', '留言中有无法保存的字符%').execute()).toEqual([]);
  });

  it('springs the time trap: too fast, too old, forged or missing tokens are refused', async () => {
    for (const [tok, words] of [
      [token(500), '提交太快了'],
      [token(FEEDBACK_MAX_MS + 60_000), '页面打开太久了'],
      [`${t.clock.now().getTime() - 60_000}.AAAAAAAAAAAAAAAAAAAAAA`, '请从村页面的留言表单提交'],
      ['', '请从村页面的留言表单提交'],
    ] as const) {
      const res = await post({ body: `时间陷阱检验的留言 ${words}`, token: tok });
      expect(res.statusCode, tok).toBe(400);
      expect(res.body).toContain(words);
      expect(await stored(`时间陷阱检验的留言 ${words}`)).toEqual([]);
    }
  });

  it("takes the time trap from the village page's cookie: the cached page itself carries no token", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/public/villages/${village}` });
    expect(page.body).not.toContain('name="token"');
    const cookie = page.cookies.find((c) => c.name === 'tz_ft')!;
    expect(cookie).toMatchObject({ path: '/public/feedback', httpOnly: true, sameSite: 'Lax' });
    const again = await t.app.inject({ method: 'GET', url: `/public/villages/${village}` });
    expect(again.body).toBe(page.body);
    // Posted at once with the fresh cookie: too fast; a minute later: stored.
    const quick = await post({ body: '凭页面的时间凭证留言 A', token: '' }, { headers: { cookie: `tz_ft=${cookie.value}` } });
    expect(quick.statusCode).toBe(400);
    expect(quick.body).toContain('提交太快了');
    t.clock.advance(60_000);
    const ok = await post({ body: '凭页面的时间凭证留言 B', token: '' }, { headers: { cookie: `tz_ft=${cookie.value}` } });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(await stored('凭页面的时间凭证留言 B')).toHaveLength(1);
    // Neither a cookie nor a token in the form: refused.
    expect((await post({ body: '没有时间凭证的留言', token: '' })).statusCode).toBe(400);
  });

  it('accepts a form posted a little over the minimum after its page was served (the shared cookie costs under 0.1 s)', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/public/villages/${village}` });
    const cookie = page.cookies.find((c) => c.name === 'tz_ft')!;
    t.clock.advance(FEEDBACK_MIN_MS + 200);
    const res = await post({ body: '看完公示稍作思考后的留言', token: '' }, { headers: { cookie: `tz_ft=${cookie.value}` } });
    expect(res.statusCode, res.body).toBe(303);
  });

  it('answers a filled honeypot as if stored, and keeps nothing', async () => {
    const res = await post({ body: '机器人填写的留言内容', website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(await stored('机器人填写的留言内容')).toEqual([]);
  });

  it('refuses a post from another site, a problem of another village, and an unknown village', async () => {
    const cross = await post({ body: '跨站提交的留言内容' }, { headers: { origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(403);
    const fetchSite = await post({ body: '跨站提交的留言内容' }, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchSite.statusCode).toBe(403);
    const other = await makeProblem(t, admin, '张东村', { description: '张东村的公开问题' });
    const wrong = await post({ body: '问题不属于这个村的留言', problemId: other.id });
    expect(wrong.statusCode).toBe(400);
    const unknown = await post({ body: '没有这个村的留言内容', villageId: '01900000-0000-7000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(await stored('跨站提交的留言内容')).toEqual([]);
    expect(await stored('问题不属于这个村的留言')).toEqual([]);
  });

  it('limits each address to 10 posts in 10 minutes, and others may still post', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post({ body: `频率限制检验第${i}条留言` }, { ip: '10.9.9.9' })).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses[10]).toBe(429);
    const limited = await post({ body: '频率限制之后的留言' }, { ip: '10.9.9.9' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(limited.body).toContain('留言太频繁了');
    expect((await post({ body: '另一个地址的留言内容' }, { ip: '10.9.9.10' })).statusCode).toBe(303);
  });

  it('keeps the limit in the database: two instances on one database together take 10 from an address, and keep no address', async () => {
    // A second instance of the app on the same database (as behind a reverse proxy, docs/OPERATIONS.md): each
    // instance's own in-memory limiter sees only its share; before, 6 + 5 from one address all went through.
    const other = await buildApp({ db: t.db, config: t.config, clock: t.clock, logger: false });
    await other.ready();
    try {
      const ip = '10.8.8.8';
      const via = (app: typeof t.app, i: number) =>
        app.inject({
          method: 'POST',
          url: '/public/feedback',
          remoteAddress: ip,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_ORIGIN },
          payload: new URLSearchParams({
            villageId: village,
            kind: 'comment',
            token: token(),
            body: `两个实例共同计数的第${i}条留言`,
          }).toString(),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await via(i % 2 === 0 ? t.app : other, i)).statusCode);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
      expect(statuses[10]).toBe(429);
      expect((await stored('两个实例共同计数的第10条留言')).length).toBe(0);
      // The sender is kept as a keyed hash, never as the address.
      const kept = await t.db.kysely.selectFrom('feedback_submissions').select('source').execute();
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept.every((r) => !r.source.includes('10.8.8.8') && r.source.length === 22)).toBe(true);
      // Ten minutes on, the address may post again.
      t.clock.advance(10 * 60 * 1000 + 1000);
      expect((await via(other, 11)).statusCode).toBe(303);
    } finally {
      await other.close();
    }
  });

  it('renders a script in a feedback and its reply as text, never as markup', async () => {
    const xss = '<script>alert(1)</script><img src=x onerror=alert(2)>测试';
    expect((await post({ body: xss, name: '<b>张三</b>' })).statusCode).toBe(303);
    const item = await pendingItem(xss);
    const pub = await moderate(item.id, { action: 'publish', version: item.version, reply: '<a href="javascript:alert(3)">点我</a>' });
    expect(pub.statusCode, pub.body).toBe(200);
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;测试');
    expect(page).toContain('&lt;a href=&quot;javascript:alert(3)&quot;&gt;点我&lt;/a&gt;');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
  });
});

describe('moderation', () => {
  it('is for feedback.moderate within scope: a village secretary and a viewer are refused, anonymous must sign in', async () => {
    const body = '权限检验：广场的路灯坏了三盏。';
    expect((await post({ body })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const secretary = await t.login('secretary');
    const viewer = await t.login('viewer');
    expect((await t.app.inject({ method: 'GET', url: '/api/feedback', headers: secretary })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/feedback', headers: viewer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/feedback', headers: { origin: TEST_ORIGIN } })).statusCode).toBe(401);
    for (const h of [secretary, viewer]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/feedback/${item.id}/moderation`,
        headers: h,
        payload: { action: 'publish', version: item.version },
      });
      expect(res.statusCode).toBe(404);
    }
    expect(item.allowedActions).toEqual(['publish', 'reject', 'convert']);
    expect((await stored(body))[0]!.status).toBe('pending');
  });

  it('refuses a reason with a publish or a reply (it was dropped without a word), and a text of invisible characters alone', async () => {
    const body = '理由检验：村口的垃圾桶满了没人清。';
    expect((await post({ body })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const withReason = await moderate(item.id, { action: 'publish', version: item.version, reason: '内容属实' });
    expect(withReason.statusCode, withReason.body).toBe(400);
    expect(withReason.json().error.details.fields[0].path).toBe('reason');
    // A zero-width space published an empty entry on the portal and the append-only public ledger.
    const blank = await moderate(item.id, { action: 'publish', version: item.version, publicText: '\u200B' });
    expect(blank.statusCode, blank.body).toBe(400);
    expect((await stored(body))[0]!.status).toBe('pending');
  });

  it('publishes with a public reply: shown under its problem, audited, one entry on the public ledger', async () => {
    const problem = await makeProblem(t, admin, '大闵村', { description: '活动室门口台阶破损' });
    const body = '活动室门口的台阶破了，老人进出不方便。';
    expect((await post({ body, problemId: problem.id, kind: 'report' })).statusCode).toBe(303);
    const item = await pendingItem(body);
    expect(item.problem).toMatchObject({ id: problem.id, code: problem.code });
    const before = await head();
    const audits = await countAuditEvents(t.db);
    const res = await moderate(item.id, { action: 'publish', version: item.version, reply: '已安排本周内修补台阶。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'published',
      reply: '已安排本周内修补台阶。',
      allowedActions: ['reply', 'withdraw', 'convert'],
    });
    expect(await countAuditEvents(t.db)).toBe(audits + 1);
    const after = await head();
    expect(after.seq).toBe(before.seq + 1);
    const entry = (await t.app.inject({ method: 'GET', url: `/api/public/chain?from=${after.seq}` })).json().entries[0];
    expect(entry.entry).toMatchObject({
      type: 'feedback.published',
      data: { feedbackId: item.id, text: body, reply: '已安排本周内修补台阶。', problem: { code: problem.code } },
    });
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    const card = page.slice(page.indexOf(`id="p-${problem.code}"`));
    expect(card.slice(0, card.indexOf('</article>'))).toContain('已安排本周内修补台阶。');
    // A later reply replaces it, audited and chained too; publishing twice is refused.
    const again = await moderate(item.id, { action: 'publish', version: res.json().version });
    expect(again.statusCode).toBe(422);
    const reply = await moderate(item.id, { action: 'reply', version: res.json().version, reply: '台阶已修好。' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect((await head()).seq).toBe(after.seq + 1);
    expect((await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body).toContain('台阶已修好。');

    // The problem's 公示 switched off: its feedback goes with it, rather than moving to the village's own list.
    const d = (await t.app.inject({ method: 'GET', url: `/api/problems/${problem.id}`, headers: admin })).json();
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/problems/${problem.id}`,
      headers: admin,
      payload: { version: d.version, isPublic: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    const hidden = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(hidden).not.toContain('活动室门口的台阶破了');
    expect(hidden).not.toContain('台阶已修好。');
  });

  it('takes a published feedback down with a reason: gone from the page, audited with the reason, chained without it', async () => {
    const body = '村口的路灯坏了好几盏，请尽快修理。';
    expect((await post({ body })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const moderate = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/feedback/${item.id}/moderation`, headers: officer, payload });
    // Only a published one can be taken down.
    expect((await moderate({ action: 'withdraw', version: item.version, reason: '误操作' })).statusCode).toBe(422);
    const published = await moderate({ action: 'publish', version: item.version, reply: '已报修。' });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().allowedActions).toEqual(expect.arrayContaining(['reply', 'withdraw']));
    expect((await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body).toContain('村口的路灯坏了好几盏');
    expect((await t.app.inject({ method: 'GET', url: '/public/chain' })).body).toContain('村口的路灯坏了好几盏');
    const version = published.json().version as number;
    expect((await moderate({ action: 'withdraw', version })).statusCode).toBe(400);
    expect((await moderate({ action: 'withdraw', version: version + 1, reason: '涉及个人信息' })).statusCode).toBe(409);
    const before = await head();
    const audits = await countAuditEvents(t.db);
    const res = await moderate({ action: 'withdraw', version, reason: '涉及个人信息' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', rejectReason: '涉及个人信息' });
    expect(res.json().allowedActions).not.toContain('withdraw');
    expect(res.json().allowedActions).not.toContain('reply');
    expect(await countAuditEvents(t.db)).toBe(audits + 1);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'feedback.withdrawn')
      .where('entity_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ reason: '涉及个人信息' });
    const after = await head();
    expect(after.seq).toBe(before.seq + 1);
    const entry = (await t.app.inject({ method: 'GET', url: `/api/public/chain?from=${after.seq}` })).json().entries[0];
    expect(entry.entry).toMatchObject({ type: 'feedback.withdrawn', data: { feedbackId: item.id } });
    expect(JSON.stringify(entry)).not.toContain('涉及个人信息');
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(page).not.toContain('村口的路灯坏了好几盏');
    expect(page).not.toContain('已报修。');
    // The ledger's page no longer quotes it either; the API keeps the entry as stored, for verification.
    const ledgerPage = (await t.app.inject({ method: 'GET', url: '/public/chain' })).body;
    expect(ledgerPage).not.toContain('村口的路灯坏了好几盏');
    expect(ledgerPage).toContain('（留言已撤下）');
    const list = (await t.app.inject({ method: 'GET', url: '/api/feedback?status=withdrawn', headers: officer })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(item.id);
    expect(list.counts.withdrawn).toBeGreaterThanOrEqual(1);
    // Taken down is final: it cannot be published or replied to again.
    expect((await moderate({ action: 'publish', version: res.json().version })).statusCode).toBe(422);
    expect((await moderate({ action: 'reply', version: res.json().version, reply: '再答复' })).statusCode).toBe(422);
  });

  it('masks the writer’s own name where the text names them, on the page and on the public ledger', async () => {
    const body = '我是本村村民王小明，村口水渠堵了一个月。';
    expect((await post({ body, name: '王小明' })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const res = await moderate(item.id, { action: 'publish', version: item.version, reply: '王小明同志：已安排清理。' });
    expect(res.statusCode, res.body).toBe(200);
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(page).toContain('我是本村村民王*，村口水渠堵了一个月。');
    expect(page).toContain('王*同志：已安排清理。');
    expect(page).not.toContain('王小明');
    const entry = (await t.app.inject({ method: 'GET', url: `/api/public/chain?from=${(await head()).seq}` })).json().entries[0];
    expect(entry.entry.data).toMatchObject({ text: '我是本村村民王*，村口水渠堵了一个月。', reply: '王*同志：已安排清理。' });
  });

  it('shows the moderator what will be public, and publishes it edited: a bystander the masking cannot know is taken out', async () => {
    const body = '邻居王建国家门口的路灯坏了半年，村里一直没人管。';
    expect((await post({ body })).statusCode).toBe(303);
    const item = await pendingItem(body);
    // The masking knows only the names the system holds: the preview shows the bystander in full, for the moderator.
    expect(item.publicPreview).toContain('王建国');
    expect(item.publicEdited).toBe(false);
    // publicText goes with publish only.
    const wrong = await moderate(item.id, { action: 'reject', version: item.version, reason: '重复', publicText: '路灯坏了' });
    expect(wrong.statusCode).toBe(400);
    const edited = '邻居家门口的路灯坏了半年，村里一直没人管。';
    const audits = await countAuditEvents(t.db, 'feedback.published');
    const res = await moderate(item.id, { action: 'publish', version: item.version, publicText: edited });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ body, publicPreview: edited, publicEdited: true });
    expect(await countAuditEvents(t.db, 'feedback.published')).toBe(audits + 1);
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(page).toContain(edited);
    expect(page).not.toContain('王建国');
    const entry = (await t.app.inject({ method: 'GET', url: `/api/public/chain?from=${(await head()).seq}` })).json().entries[0];
    expect(entry.entry.data).toMatchObject({ feedbackId: item.id, text: edited });
    expect(JSON.stringify(entry)).not.toContain('王建国');
    // What was written is kept for the moderators.
    expect((await stored(body))[0]).toMatchObject({ body, public_body: edited });
  });

  it('keeps an archived (撤销) village’s feedback as it was: no moderation, nothing on the public ledger', async () => {
    const admin = await t.login('admin');
    const temp = await makeOrg(t, admin, '良田街道', 'village', '留言撤销村');
    const body = '撤销前收到的一条留言内容。';
    expect((await post({ body, villageId: temp.id })).statusCode).toBe(303);
    const item = await pendingItem(body);
    await archiveOrg(t, admin, temp);
    const before = await head();
    const res = await moderate(item.id, { action: 'publish', version: item.version, reply: '已转交' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.body).toContain('已撤销（归档）');
    expect(await head()).toEqual(before);
    const seen = await t.app.inject({ method: 'GET', url: `/api/feedback/${item.id}`, headers: officer });
    expect(seen.json()).toMatchObject({ status: 'pending', allowedActions: [] });
  });

  it('rejects with a reason that is kept and never shown; a reject without a reason and a stale version are refused', async () => {
    const body = '这是一条与台账无关的广告内容。';
    expect((await post({ body })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const noReason = await moderate(item.id, { action: 'reject', version: item.version });
    expect(noReason.statusCode).toBe(400);
    const stale = await moderate(item.id, { action: 'reject', version: item.version + 1, reason: '广告' });
    expect(stale.statusCode).toBe(409);
    const before = await head();
    const res = await moderate(item.id, { action: 'reject', version: item.version, reason: '与台账无关的广告' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', rejectReason: '与台账无关的广告' });
    expect((await head()).seq).toBe(before.seq);
    const page = (await t.app.inject({ method: 'GET', url: `/public/villages/${village}` })).body;
    expect(page).not.toContain(body);
    expect(page).not.toContain('与台账无关的广告');
  });

  it('turns a report into a ledger problem, linked both ways, once', async () => {
    const body = '村委会的制度牌掉了一块，没人管。';
    expect((await post({ body, kind: 'report' })).statusCode).toBe(303);
    const item = await pendingItem(body);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/feedback/${item.id}/problem`,
      headers: officer,
      payload: { version: item.version, description: '村委会制度牌脱落（群众反映）', isPublic: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const converted = res.json();
    expect(converted.convertedProblem.code).toMatch(/^WT-/);
    expect(converted.allowedActions).not.toContain('convert');
    const problem = (await t.app.inject({ method: 'GET', url: `/api/problems/${converted.convertedProblem.id}`, headers: officer })).json();
    expect(problem.description).toBe('村委会制度牌脱落（群众反映）');
    // A deadline and an owner as a problem recorded by hand gets them: without a deadline it was never overdue.
    expect(problem.dueOn).not.toBeNull();
    expect(problem.ownerName).not.toBeNull();
    expect(problem.responsibleOrgId).toBe(problem.organizationId);
    const linked = (await t.app.inject({ method: 'GET', url: `/api/feedback?problemId=${problem.id}`, headers: officer })).json();
    expect(linked.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/feedback/${item.id}/problem`,
      headers: officer,
      payload: { version: converted.version, description: '重复转换' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('lists the queue with counts per status, for one village', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/feedback?organizationId=${village}&status=pending`, headers: officer });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.counts.pending).toBeGreaterThan(0);
    expect(list.counts.published).toBeGreaterThan(0);
    expect(list.counts.rejected).toBeGreaterThan(0);
    expect(list.items.every((i: { status: string; village: { id: string } }) => i.status === 'pending' && i.village.id === village)).toBe(
      true,
    );
  });
});
