import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countAuditEvents, makeOrg, type Headers } from '../../testing/factories.ts';
import { multipart, PNG_1x1 } from '../../testing/ledger-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * 工作动态 (issue 12): officers write, preview, publish and unpublish (audited,
 * with a reason); bodies are sanitized on the server (sanitize-html), images
 * are the article's own and show once it is published; the public page has
 * its source line, the 大字 switch, 相关新闻 and 新闻推荐.
 */
let t: TestApp;
let officer: Headers;
let secretary: Headers;
let village: string;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.login('officer');
  secretary = await t.login('secretary');
  village = await t.orgId('大闵村');
});
afterAll(() => t.close());

const XSS_BODY = [
  '<p onclick="alert(1)" style="color:red">正文第一段<script>alert(2)</script></p>',
  '<img src="x" onerror="alert(3)">',
  '<img src="https://evil.example/track.gif">',
  '<a href="javascript:alert(4)">坏链接</a>',
  '<a href="https://example.org/" target="_blank" onmouseover="alert(5)">好链接</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<svg><script>alert(6)</script></svg>',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example/"><input name="q"></form>',
].join('');

async function create(payload: Record<string, unknown>, by = officer) {
  return t.app.inject({
    method: 'POST',
    url: '/api/articles',
    headers: by,
    payload: { source: '区党群工作部', body: '<p>正文</p>', ...payload },
  });
}

async function publish(a: { id: string; version: number }) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/articles/${a.id}/transitions`,
    headers: officer,
    payload: { action: 'publish', version: a.version },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('writing', () => {
  it('sanitizes the body on the server: no script, handler, style, frame, form, foreign image or javascript: link survives', async () => {
    const res = await create({ title: '净化检验', body: XSS_BODY, tags: ['检验'] });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json().body as string;
    for (const bad of [
      '<script',
      'onclick',
      'onerror',
      'onmouseover',
      'style',
      'javascript:',
      '<iframe',
      '<svg',
      '<form',
      '<input',
      'evil.example',
      'alert(',
    ]) {
      expect(body, bad).not.toContain(bad);
    }
    expect(body).toContain('<p>正文第一段</p>');
    expect(body).toContain('<a href="https://example.org/" rel="noopener noreferrer nofollow">好链接</a>');
    expect(body).toContain('<a rel="noopener noreferrer nofollow">坏链接</a>');
    // Well-formed: a dropped image does not close the link with another tag's name.
    expect(body).not.toContain('</span>');
    // What is stored is what is shown: the public page carries the same inert markup.
    const published = await publish(res.json());
    const page = (await t.app.inject({ method: 'GET', url: `/public/news/${published.id}` })).body;
    expect(page).toContain('<p>正文第一段</p>');
    for (const bad of ['onclick', 'onerror', 'javascript:', '<iframe', 'evil.example', 'alert(']) expect(page, bad).not.toContain(bad);
  });

  it('previews as the portal will show it: sanitized and masked', async () => {
    const name = (
      await t.db.kysely.selectFrom('users').select('display_name').where('username', '=', 'secretary').executeTakeFirstOrThrow()
    ).display_name;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/articles/preview',
      headers: officer,
      payload: { body: `<p>${name}介绍经验，电话13800138000<script>x()</script></p>` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().html).toBe(`<p>${name[0]}*介绍经验，电话***</p>`);
  });

  it('is for portal.publish: a village secretary may not list, write or preview; anonymous must sign in', async () => {
    expect((await create({ title: '越权' }, secretary)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/articles', headers: secretary })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/articles/preview', headers: secretary, payload: { body: 'x' } })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/articles' })).statusCode).toBe(401);
  });

  it('refuses a linked organization that is not a village, and a stale version', async () => {
    const res = await create({ title: '相关村检验', villageIds: [await t.orgId('良田街道')] });
    expect(res.statusCode).toBe(400);
    const ok = await create({ title: '版本检验' });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/articles/${ok.json().id}`,
      headers: officer,
      payload: { version: 99, title: '新标题' },
    });
    expect(stale.statusCode).toBe(409);
  });
});

describe('publishing', () => {
  it('publishes with the source and time line, unpublishes only with a reason, each step audited', async () => {
    const created = await create({
      title: '观摩学习归来话整改',
      source: '华商报',
      publishedAt: '2016-05-25T07:04:00Z',
      villageIds: [village],
    });
    const draft = created.json();
    expect(draft.status).toBe('draft');
    expect((await t.app.inject({ method: 'GET', url: `/public/news/${draft.id}` })).statusCode).toBe(404);
    const before = await countAuditEvents(t.db);
    const published = await publish(draft);
    expect(published).toMatchObject({
      status: 'published',
      publicUrl: `/public/news/${draft.id}`,
      allowedActions: ['edit', 'uploadImage', 'unpublish'],
    });
    expect(await countAuditEvents(t.db, 'article.published')).toBeGreaterThan(0);
    const page = await t.app.inject({ method: 'GET', url: `/public/news/${draft.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('华商报 2016-05-25 15:04');
    expect(page.body).toContain('data-font-toggle');
    expect(page.body).toContain('相关新闻');
    expect(page.body).toContain('新闻推荐');
    expect(page.body).toContain(`/public/villages/${village}`);
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/articles/${draft.id}/transitions`,
      headers: officer,
      payload: { action: 'unpublish', version: published.version },
    });
    expect(noReason.statusCode).toBe(400);
    const down = await t.app.inject({
      method: 'POST',
      url: `/api/articles/${draft.id}/transitions`,
      headers: officer,
      payload: { action: 'unpublish', version: published.version, reason: '来源需要核实' },
    });
    expect(down.statusCode, down.body).toBe(200);
    expect(await countAuditEvents(t.db)).toBe(before + 2);
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'article.unpublished')
      .where('entity_id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ reason: '来源需要核实' });
    expect((await t.app.inject({ method: 'GET', url: `/public/news/${draft.id}` })).statusCode).toBe(404);
  });

  it('shows an image with its caption once the article is published, never before', async () => {
    const draft = (await create({ title: '图片新闻' })).json();
    const body = multipart({ caption: '新建的活动场所' }, { name: 'a.png', bytes: PNG_1x1 });
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/articles/${draft.id}/images`,
      headers: { ...officer, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const image = up.json();
    expect(image.url).toBe(`/public/files/article-images/${image.id}`);
    const text = multipart({}, { name: 'a.png', bytes: Buffer.from('<html>not an image</html>') });
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/articles/${draft.id}/images`,
      headers: { ...officer, 'content-type': text.contentType },
      payload: text.payload,
    });
    expect(refused.statusCode).toBe(415);
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/articles/${draft.id}`,
      headers: officer,
      payload: {
        version: draft.version,
        body: `<figure><img src="${image.url}" alt="活动场所"><figcaption>新建的活动场所</figcaption></figure>`,
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/article-images/${image.id}`, headers: officer })).statusCode).toBe(200);
    await publish(edited.json());
    const served = await t.app.inject({ method: 'GET', url: image.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    const page = (await t.app.inject({ method: 'GET', url: `/public/news/${draft.id}` })).body;
    expect(page).toContain(
      `<figure><img src="${image.url}" alt="活动场所" loading="lazy" /><figcaption>新建的活动场所</figcaption></figure>`,
    );
  });

  it('no longer names a village once it is archived (its public page is gone)', async () => {
    const admin = await t.login('admin');
    const fresh = await makeOrg(t, admin, '良田街道');
    const a = await publish((await create({ title: '撤并村检验', villageIds: [fresh.id] })).json());
    const link = `/public/villages/${fresh.id}`;
    expect((await t.app.inject({ method: 'GET', url: `/public/news/${a.id}` })).body).toContain(link);
    const archived = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${fresh.id}`,
      headers: admin,
      payload: { version: fresh.version, archived: true },
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    const page = (await t.app.inject({ method: 'GET', url: `/public/news/${a.id}` })).body;
    expect(page).toContain('撤并村检验');
    expect(page).not.toContain(link);
  });

  it('counts readings for 新闻推荐 (most read) and lists related news by village and tag', async () => {
    const a = await publish((await create({ title: '相关甲', tags: ['清零行动'], villageIds: [village] })).json());
    const b = await publish((await create({ title: '相关乙', tags: ['其他'], villageIds: [village] })).json());
    const c = await publish((await create({ title: '相关丙', tags: ['清零行动'] })).json());
    const d = await publish((await create({ title: '无关丁', tags: ['无关'] })).json());
    // Three visitors, one of whom reloads twice: three readings, added to the database within a second or so, not
    // by the page view itself.
    for (const remoteAddress of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.3', '10.0.0.3'])
      await t.app.inject({ method: 'GET', url: `/public/news/${d.id}`, remoteAddress });
    const viewsOf = async (id: string) =>
      Number((await t.db.kysely.selectFrom('articles').select('views').where('id', '=', id).executeTakeFirstOrThrow()).views);
    await vi.waitFor(async () => expect(await viewsOf(d.id)).toBe(3), { timeout: 5_000, interval: 100 });
    const page = (await t.app.inject({ method: 'GET', url: `/public/news/${a.id}` })).body;
    const related = page.slice(page.indexOf('<h2>相关新闻</h2>'), page.indexOf('新闻推荐'));
    expect(related).toContain(`/public/news/${b.id}`);
    expect(related).toContain(`/public/news/${c.id}`);
    expect(related).not.toContain(`/public/news/${d.id}`);
    const mostRead = page.slice(page.indexOf('最多阅读'));
    expect(mostRead).toContain(`/public/news/${d.id}`);
  });
});
