import { type AccessEnv, type AccessRow, statuses, type Who } from '../../testing/access-table.ts';
import { makeProblem, multipart, PNG_1x1, uploadEvidence } from '../../testing/ledger-factories.ts';
import { TEST_ORIGIN, testConfig } from '../../testing/test-app.ts';
import { mintFeedbackToken } from '../feedback/feedback-token.ts';

/**
 * The public portal (issue 12): its pages, the feedback form and the public
 * ledger's API answer everyone, signed in or not. Work news is written by
 * district-wide portal.publish (admin, officer; a district admin scoped to a
 * subdistrict is not district-wide); feedback is moderated with
 * feedback.moderate over the village (admin, officer, ltadmin), and hidden
 * (404) from the rest; the portal defaults are a district-wide setting;
 * photos are published with portal.publish over the problem's village.
 */
export function portalAccessRows(env: AccessEnv): AccessRow[] {
  const t = () => env.t();
  const secret = testConfig().sessionSecret;
  const EVERYONE = statuses(200, { anonymous: 200 });
  const WRITERS = (ok: number) => statuses(403, { admin: ok, officer: ok });
  const MODERATORS = (ok: number) => statuses(404, { admin: ok, officer: ok, ltadmin: ok });
  const wrote =
    (allowed: readonly Who[], n = 1) =>
    (who: Who) =>
      allowed.includes(who) ? n : 0;
  let posts = 0;

  const village = () => t().orgId('大闵村');
  /** 大闵村's 街道. */
  const subdistrict = async () =>
    (
      await t()
        .db.kysely.selectFrom('organizations')
        .select('parent_id')
        .where('id', '=', await village())
        .executeTakeFirstOrThrow()
    ).parent_id!;
  const token = () => mintFeedbackToken(secret, new Date(t().clock.now().getTime() - 60_000));
  const form = async (body: string) => new URLSearchParams({ villageId: await village(), kind: 'report', body, token: token() }).toString();

  /** A feedback waiting for moderation on 大闵村 (each from its own address: the form is rate-limited). */
  const pendingFeedback = async (): Promise<{ id: string; version: number }> => {
    posts += 1;
    const body = `权限表留言第${posts}条：公开栏需要更新。`;
    const res = await t().app.inject({
      method: 'POST',
      url: '/public/feedback',
      remoteAddress: `10.77.${Math.floor(posts / 250)}.${posts % 250}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: TEST_ORIGIN },
      payload: await form(body),
    });
    if (res.statusCode !== 303) throw new Error(`setup feedback: ${res.statusCode} ${res.body}`);
    const row = await t().db.kysely.selectFrom('feedback').select(['id', 'version']).where('body', '=', body).executeTakeFirstOrThrow();
    return { id: row.id, version: Number(row.version) };
  };

  const draftArticle = (): Promise<{ id: string; version: number }> =>
    env.ok({ method: 'POST', url: '/api/articles', payload: { title: '权限表文章', source: '区党群工作部', body: '<p>正文</p>' } }, 201);

  let publishedArticle: { id: string; imageId: string } | null = null;
  const published = async () => {
    if (!publishedArticle) {
      const a = await draftArticle();
      const body = multipart({ caption: '图片' }, { name: 'a.png', bytes: PNG_1x1 });
      const up = await t().app.inject({
        method: 'POST',
        url: `/api/articles/${a.id}/images`,
        headers: { ...env.session.admin, 'content-type': body.contentType },
        payload: body.payload,
      });
      if (up.statusCode !== 201) throw new Error(`setup image: ${up.statusCode} ${up.body}`);
      await env.ok({ method: 'POST', url: `/api/articles/${a.id}/transitions`, payload: { action: 'publish', version: a.version } });
      publishedArticle = { id: a.id, imageId: up.json().id };
    }
    return publishedArticle;
  };

  let publishedCircular: string | null = null;
  const circular = async () => {
    if (!publishedCircular) {
      const d = await env.ok({ method: 'POST', url: '/api/circulars', payload: { month: '2020-01' } }, 201);
      await env.ok({ method: 'POST', url: `/api/circulars/${d.id}/publish`, payload: { version: d.version } });
      publishedCircular = d.id as string;
    }
    return publishedCircular;
  };

  const freshPhoto = async (): Promise<string> => {
    const p = await makeProblem(t(), env.session.admin, '大闵村', { description: '权限表照片问题' });
    const up = await uploadEvidence(t(), env.session.admin, { problemId: p.id });
    if (up.statusCode !== 201) throw new Error(`setup evidence: ${up.statusCode} ${up.body}`);
    return up.json().id as string;
  };

  const page = (route: string, target: string, url: () => Promise<string>): AccessRow => ({
    route,
    target,
    request: async () => ({ method: 'GET', url: await url() }),
    expect: EVERYONE,
  });

  return [
    // ── Pages for everyone ──
    page('GET /public/', 'the portal home', async () => '/public/'),
    page('GET /public/villages/{id}', '大闵村', async () => `/public/villages/${await village()}`),
    page('GET /public/subdistricts/{id}', "大闵村's 街道", async () => `/public/subdistricts/${await subdistrict()}`),
    page('GET /public/villages/{id}/poster', "大闵村's poster", async () => `/public/villages/${await village()}/poster`),
    page('GET /public/news', 'the news list', async () => '/public/news'),
    page('GET /public/news/{id}', 'a published article', async () => `/public/news/${(await published()).id}`),
    page('GET /public/circulars', 'the circulars', async () => '/public/circulars'),
    page('GET /public/circulars/{id}', 'a published circular', async () => `/public/circulars/${await circular()}`),
    page('GET /public/circulars/{id}/docx', 'a published circular as Word', async () => `/public/circulars/${await circular()}/docx`),
    page(
      'GET /public/circulars/{id}/annex.xlsx',
      "a published circular's annex as Excel",
      async () => `/public/circulars/${await circular()}/annex.xlsx`,
    ),
    page('GET /public/chain', 'the ledger page', async () => '/public/chain'),
    page(
      'GET /public/files/{kind}/{id}',
      "a published article's image",
      async () => `/public/files/article-images/${(await published()).imageId}`,
    ),
    page('GET /api/public/chain', 'entries from 1', async () => '/api/public/chain?from=1&limit=5'),
    page('GET /api/public/chain/head', 'the head', async () => '/api/public/chain/head'),
    {
      route: 'GET /public/prefs',
      target: '大字 on, back to the home',
      request: async () => ({ method: 'GET', url: '/public/prefs?font=large&back=%2Fpublic%2F' }),
      expect: statuses(303, { anonymous: 303 }),
    },
    {
      route: 'POST /public/feedback',
      target: 'a comment on 大闵村 (no account needed; 303 to the village page)',
      writes: () => 1,
      request: async (who) => ({
        method: 'POST',
        url: '/public/feedback',
        headers: { ...env.session[who], 'content-type': 'application/x-www-form-urlencoded' },
        payload: await form(`访问表留言：${who} 的意见建议内容`),
      }),
      expect: statuses(303, { anonymous: 303 }),
    },

    // ── What is public (officers) ──
    {
      route: 'GET /api/portal/settings',
      target: '-',
      request: async () => ({ method: 'GET', url: '/api/portal/settings' }),
      expect: statuses(200, {}),
    },
    {
      route: 'PUT /api/portal/settings',
      target: 'the same settings again (district-wide admins only)',
      writes: 'on-success',
      request: async () => {
        const s = await env.ok({ method: 'GET', url: '/api/portal/settings' });
        return { method: 'PUT', url: '/api/portal/settings', payload: { version: s.version, settings: s.settings } };
      },
      expect: statuses(403, { admin: 200 }),
    },
    {
      route: 'GET /api/portal/problems/{id}/publication',
      target: 'a problem of 大闵村',
      request: async () => ({
        method: 'GET',
        url: `/api/portal/problems/${(await makeProblem(t(), env.session.admin, '大闵村')).id}/publication`,
      }),
      expect: statuses(200, { zhangdong: 404 }),
    },
    {
      route: 'PUT /api/portal/evidence/{id}/publication',
      target: 'a photo of 大闵村 shown on the portal',
      writes: 'on-success',
      request: async () => ({
        method: 'PUT',
        url: `/api/portal/evidence/${await freshPhoto()}/publication`,
        payload: { published: true, caption: '整改后', before: { published: false, caption: null } },
      }),
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200, zhangdong: 404 }),
    },

    // ── Work news ──
    {
      route: 'GET /api/articles',
      target: '-',
      request: async () => ({ method: 'GET', url: '/api/articles' }),
      expect: WRITERS(200),
    },
    {
      route: 'POST /api/articles',
      target: 'a draft',
      writes: 'on-success',
      request: async () => ({
        method: 'POST',
        url: '/api/articles',
        payload: { title: '权限表新稿', source: '区党群工作部', body: '<p>x</p>' },
      }),
      expect: WRITERS(201),
    },
    {
      route: 'POST /api/articles/preview',
      target: 'a body',
      request: async () => ({ method: 'POST', url: '/api/articles/preview', payload: { body: '<p>预览</p>' } }),
      expect: WRITERS(200),
    },
    {
      route: 'GET /api/articles/{id}',
      target: 'a draft',
      request: async () => ({ method: 'GET', url: `/api/articles/${(await draftArticle()).id}` }),
      expect: WRITERS(200),
    },
    {
      route: 'PATCH /api/articles/{id}',
      target: 'a draft, new title',
      writes: 'on-success',
      request: async () => {
        const a = await draftArticle();
        return { method: 'PATCH', url: `/api/articles/${a.id}`, payload: { version: a.version, title: '改过的标题' } };
      },
      expect: WRITERS(200),
    },
    {
      route: 'POST /api/articles/{id}/transitions',
      target: 'publish a draft',
      writes: 'on-success',
      request: async () => {
        const a = await draftArticle();
        return { method: 'POST', url: `/api/articles/${a.id}/transitions`, payload: { action: 'publish', version: a.version } };
      },
      expect: WRITERS(200),
    },
    {
      route: 'POST /api/articles/{id}/images',
      target: 'a PNG for a draft',
      writes: 'on-success',
      request: async (who) => {
        const a = await draftArticle();
        const body = multipart({}, { name: 'a.png', bytes: PNG_1x1 });
        return {
          method: 'POST',
          url: `/api/articles/${a.id}/images`,
          payload: body.payload,
          headers: { ...env.session[who], 'content-type': body.contentType },
        };
      },
      expect: WRITERS(201),
    },
    {
      route: 'GET /api/article-images/{id}',
      target: "a published article's image (officers' address)",
      request: async () => ({ method: 'GET', url: `/api/article-images/${(await published()).imageId}` }),
      expect: WRITERS(200),
    },

    // ── Feedback moderation ──
    {
      route: 'GET /api/feedback',
      target: 'the queue',
      request: async () => ({ method: 'GET', url: '/api/feedback?status=pending' }),
      expect: statuses(403, { admin: 200, officer: 200, ltadmin: 200 }),
    },
    {
      route: 'GET /api/feedback/{id}',
      target: 'a pending feedback on 大闵村',
      request: async () => ({ method: 'GET', url: `/api/feedback/${(await pendingFeedback()).id}` }),
      expect: MODERATORS(200),
    },
    {
      route: 'POST /api/feedback/{id}/moderation',
      target: 'publish a pending feedback on 大闵村 with a reply',
      writes: 'on-success',
      request: async () => {
        const f = await pendingFeedback();
        return {
          method: 'POST',
          url: `/api/feedback/${f.id}/moderation`,
          payload: { action: 'publish', version: f.version, reply: '已收到。' },
        };
      },
      expect: MODERATORS(200),
    },
    {
      route: 'POST /api/feedback/{id}/problem',
      target: 'record a problem from a feedback on 大闵村 (the problem and the link: two events)',
      writes: wrote(['admin', 'officer', 'ltadmin'], 2),
      request: async () => {
        const f = await pendingFeedback();
        return {
          method: 'POST',
          url: `/api/feedback/${f.id}/problem`,
          payload: { version: f.version, description: '群众反映：公开栏需要更新' },
        };
      },
      expect: MODERATORS(200),
    },
  ];
}
