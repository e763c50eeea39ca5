import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { ErrorBodySchema, IdParamsSchema, IdSchema, queryInt, STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { DOCX_MIME } from '../../../domain/contracts/circulars.ts';
import { XLSX_MIME } from '../../../domain/contracts/ledger.ts';
import { FeedbackFormSchema } from '../../../domain/contracts/feedback.ts';
import {
  ChainHeadSchema,
  ChainPageQuerySchema,
  ChainPageSchema,
  EvidencePublicationBodySchema,
  EvidencePublicationSchema,
  PortalSettingsSchemaDto,
  ProblemPublicationSchema,
  UpdatePortalSettingsBodySchema,
} from '../../../domain/contracts/portal.ts';
import type { Masker } from '../../../domain/masking.ts';
import { shanghaiDate } from '../../../domain/time.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext, serviceContext } from '../../http/auth.ts';
import type { Executor } from '../../http/context.ts';
import { answerError, AppError, isSchemaValidationError } from '../../http/errors.ts';
import { buildCircularDocx } from '../circulars/circulars.docx.ts';
import { annexWorkbookStream, circularFileNames } from '../circulars/circulars.service.ts';
import { attachment } from '../circulars/circulars.routes.ts';
import { FEEDBACK_MAX_MS, mintFeedbackToken } from '../feedback/feedback-token.ts';
import { FeedbackRefused, submitFeedback } from '../feedback/feedback.service.ts';
import { type CachedPage, currentGeneration, encodedBody, etagOf, PageCache, RecordState } from './portal.cache.ts';
import { trusted } from './portal.html.ts';
import { loadMasker } from './portal.mask.ts';
import * as pages from './portal.pages.ts';
import * as service from './portal.service.ts';
import { getPortalSettings, updatePortalSettings } from './portal-settings.ts';
import { currentHead, readChainPage } from './public-chain.service.ts';
import { getProblemPublication, setEvidencePublication } from './publication.service.ts';
import { readPublicFile } from './public-files.ts';
import { ArticleViews } from './portal.views.ts';
import { maskArticleHtml } from '../articles/article-html.ts';

/**
 * The public portal (no account): server-rendered pages under /public/ that
 * work without JavaScript, the public ledger's API under /api/public/, and
 * the officers' publication settings. Pages are cached in memory until the
 * record changes (portal.cache.ts) and answer 304 to a matching ETag.
 */

const tags = ['portal'];
const FONT_COOKIE = 'tz_font';
/**
 * The feedback form's time trap (feedback-token.ts) rides in a cookie set with
 * each village page, minted per request, so that the page itself stays one
 * cached (and pre-compressed) body for everyone.
 */
export const TIME_TRAP_COOKIE = 'tz_ft';
/** Pages change with the record: revalidate every time (a 304 costs a few bytes). */
const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';
const PRIVATE_PAGE_CACHE_CONTROL = 'private, max-age=0, must-revalidate';

const ASSET_DIR = path.join(import.meta.dirname, 'assets');
const ASSET_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

/** The enhancement files, each under a name carrying its content hash (so browsers keep them for a year). */
function loadAssets(): { byName: Map<string, Asset>; urls: pages.PortalAssets } {
  const byName = new Map<string, Asset>();
  const url = (file: string) => {
    const body = readFileSync(path.join(ASSET_DIR, file));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const ext = path.extname(file);
    const name = `${path.basename(file, ext)}.${hash}${ext}`;
    byName.set(name, { body, gzip: gzipSync(body, { level: 9 }), type: ASSET_TYPES[ext]!, etag: etagOf(body) });
    return `/public/assets/${name}`;
  };
  return { byName, urls: { css: url('portal.css'), js: url('portal.js'), verify: url('verify.js') } };
}

/** Files of the enhancement scripts, for the budget test (≤ 100 KB gzipped in total). */
export function portalScriptFiles(): string[] {
  return ['portal.js', 'verify.js'].map((f) => path.join(ASSET_DIR, f));
}

/** A page's HTML (a large one, `large`, may be served stale while it renders again: portal.cache.ts), or null: 404. */
type Rendered = string | { html: string; large: boolean } | null;

interface RenderContext {
  db: Executor;
  masker: Masker;
  now: Date;
  frame: pages.PageFrame;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerPortalRoutes(app: AppInstance, deps: AppDeps): void {
  const assets = loadAssets();
  const cache = new PageCache();
  /** Pages being rendered, by key, record state and generation (servePage). */
  const rendering = new Map<string, Promise<CachedPage | null>>();
  const recordState = new RecordState(() => service.recordState(db));
  // The head, read again as the record state is (clients may keep it 5 s anyway).
  const chainHead = new RecordState(() => currentHead(db));
  const db = deps.db.kysely;
  const secret = deps.config.sessionSecret;
  const views = new ArticleViews(db, (err) => app.log.error({ err }, 'counting news readings failed'));
  app.addHook('onClose', () => views.close());

  const isLarge = (request: FastifyRequest) => request.cookies[FONT_COOKIE] === 'large';
  const baseUrl = (request: FastifyRequest) => deps.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;

  async function frameFor(request: FastifyRequest, self: string): Promise<pages.PageFrame> {
    const [head, districtName] = await Promise.all([currentHead(db), service.districtName(db)]);
    return { assets: assets.urls, large: isLarge(request), self, head, districtName };
  }

  /**
   * The time-trap cookie, minted once per tenth of a second for every visitor
   * in it (an HMAC and a cookie serialization per page view were a tenth of a
   * cached page's cost). It names the end of that tenth, so a form never
   * looks older than it is: the trap only gets stricter, by under 0.1 s.
   */
  const TRAP_SLOT_MS = 100;
  let trap: { slot: number; header: string } | null = null;
  function timeTrapCookie(): string {
    const slot = Math.floor(deps.clock.now().getTime() / TRAP_SLOT_MS);
    if (trap?.slot !== slot) {
      const token = mintFeedbackToken(secret, new Date((slot + 1) * TRAP_SLOT_MS));
      const header = app.serializeCookie(TIME_TRAP_COOKIE, token, {
        path: '/public/feedback',
        maxAge: Math.floor(FEEDBACK_MAX_MS / 1000),
        sameSite: 'lax',
        httpOnly: true,
        secure: deps.config.secureCookies,
      });
      trap = { slot, header };
    }
    return trap.header;
  }

  function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage, o: { timeTrap?: boolean } = {}): FastifyReply {
    reply
      .status(200)
      .type(page.type)
      // A page that sets the time-trap cookie is for this visitor only (no shared cache keeps a Set-Cookie).
      .header('cache-control', o.timeTrap ? PRIVATE_PAGE_CACHE_CONTROL : PAGE_CACHE_CONTROL)
      .header('vary', 'accept-encoding, cookie')
      .header('etag', page.etag);
    if (o.timeTrap) reply.header('set-cookie', timeTrapCookie());
    if (request.headers['if-none-match'] === page.etag) return reply.status(304).send();
    const { body, encoding } = encodedBody(page, request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(body);
  }

  /**
   * Serves the page under `key` from the cache while the record has not
   * changed, else renders it (null: 404). Keys are built from validated
   * parameters, never from the raw URL.
   */
  async function servePage(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    self: string,
    render: (r: RenderContext) => Promise<Rendered>,
    o: { timeTrap?: boolean; keep?: boolean } = {},
  ): Promise<FastifyReply> {
    const fullKey = `${key}|${isLarge(request) ? 'L' : 'N'}`;
    const nowMs = performance.now();
    const state = await recordState.current(nowMs);
    if (o.keep === false) {
      // Rendered for this request alone (a page that depends on what the client sent, such as its Host).
      const out = await render({ db, masker: await loadMasker(db), now: deps.clock.now(), frame: await frameFor(request, self) });
      if (out === null) return notFoundPage(request, reply);
      const html = typeof out === 'string' ? out : out.html;
      return sendPage(
        request,
        reply,
        cache.put(fullKey, state, currentGeneration(), html, 'text/html; charset=utf-8', nowMs, { keep: false }),
        o,
      );
    }
    const hit = cache.get(fullKey, state, nowMs);
    if (hit) return sendPage(request, reply, hit, o);
    const generation = currentGeneration();
    // Visitors asking for the same page of the same record while it renders share that rendering (a province's
    // home takes about a second to render: without this, every visitor in that second rendered it again).
    const flightKey = `${fullKey}@${state}@${generation}`;
    const startFlight = () => {
      let flight = rendering.get(flightKey);
      if (!flight) {
        flight = (async () => {
          const masker = await loadMasker(db);
          const frame = await frameFor(request, self);
          const out = await render({ db, masker, now: deps.clock.now(), frame });
          if (out === null) return null;
          const { html, large } = typeof out === 'string' ? { html: out, large: false } : out;
          return cache.put(fullKey, state, generation, html, 'text/html; charset=utf-8', nowMs, { large, endMs: performance.now() });
        })();
        rendering.set(flightKey, flight);
        const done = () => rendering.delete(flightKey);
        flight.then(done, done);
      }
      return flight;
    };
    // A large page after a change: its last rendering now, a fresh one in the background (portal.cache.ts).
    const stale = cache.stale(fullKey, nowMs);
    if (stale) {
      if (stale.refresh) {
        startFlight().catch((err: unknown) => request.log.error({ err }, 'portal page refresh failed'));
      }
      return sendPage(request, reply, stale.page, o);
    }
    const page = await startFlight();
    if (page === null) return notFoundPage(request, reply);
    return sendPage(request, reply, page, o);
  }

  async function notFoundPage(
    request: FastifyRequest,
    reply: FastifyReply,
    message = '您要找的页面不存在，或尚未公开。',
  ): Promise<FastifyReply> {
    const frame = await frameFor(request, '/public/');
    const body = pages.messagePage(frame, '页面不存在', message, { href: '/public/', label: '返回首页' });
    return reply.status(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body);
  }

  /**
   * A page's address that fails its schema (a link cut short in a chat: /public/villages/01a2…) answers the portal's
   * "页面不存在" page, as an unknown id does, not the API's JSON error; anything else goes to the app's handler.
   */
  const pageErrors = (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (isSchemaValidationError(err) && request.method === 'GET') void notFoundPage(request, reply);
    else answerError(err, request, reply);
  };

  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a page without params or query
  const pageRoute = <S extends object = {}>(summary: string, extra?: S) => ({
    config: { public: true },
    schema: { tags, summary, produces: ['text/html'], ...(extra as S) },
    errorHandler: pageErrors,
  });

  // ── Pages ──────────────────────────────────────────────────────────────────

  app.get('/public', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/public/', 301));

  app.get(
    '/public/',
    pageRoute('公开台账首页 Portal home: the district in figures, every village (beyond 300, every 街道), news and circulars (HTML)'),
    (request, reply) =>
      servePage(request, reply, 'home', '/public/', async (r) => {
        const v = await service.homeView(r.db, r.now, r.masker);
        return { html: pages.homePage(r.frame, v), large: v.villages.length > pages.HOME_VILLAGES_MAX };
      }),
  );

  app.get(
    '/public/subdistricts/:id',
    pageRoute('街道公开台账 A 街道’s villages with their figures (a large portal’s home lists the 街道) (HTML)', {
      params: IdParamsSchema,
    }),
    (request, reply) => {
      const { id } = request.params;
      return servePage(request, reply, `subdistrict:${id}`, `/public/subdistricts/${id}`, async (r) => {
        const v = await service.subdistrictView(r.db, id, r.now, r.masker);
        return v
          ? {
              html: pages.subdistrictPage(r.frame, v.subdistrict, v.villages, v.home.asAt),
              large: v.home.villages.length > pages.HOME_VILLAGES_MAX,
            }
          : null;
      });
    },
  );

  app.get(
    '/public/villages/:id',
    pageRoute('村公开台账 A village page: public problems, measures, progress, photos, score, venue, feedback (HTML)', {
      params: IdParamsSchema,
      querystring: z.object({ sent: z.enum(['1']).optional() }),
    }),
    (request, reply) => {
      const { id } = request.params;
      const sent = request.query.sent === '1';
      const self = `/public/villages/${id}${sent ? '?sent=1' : ''}`;
      return servePage(
        request,
        reply,
        `village:${id}:${sent ? 1 : 0}`,
        self,
        async (r) => {
          const v = await service.villageView(r.db, id, r.now, r.masker);
          return v ? pages.villagePage(r.frame, v, { sent }) : null;
        },
        { timeTrap: true },
      );
    },
  );

  app.get(
    '/public/villages/:id/poster',
    pageRoute('A4 公示海报 A printable A4 poster of a village with a QR code to its page and the ledger head (HTML)', {
      params: IdParamsSchema,
    }),
    (request, reply) => {
      const { id } = request.params;
      const url = `${baseUrl(request)}/public/villages/${id}`;
      // Without PUBLIC_URL the QR code names the address the client asked for (its Host header): such a poster is
      // not kept, or any number of Host headers would fill the cache.
      return servePage(
        request,
        reply,
        `poster:${id}`,
        `/public/villages/${id}/poster`,
        async (r) => {
          const v = await service.villageView(r.db, id, r.now, r.masker);
          if (!v) return null;
          const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
          return pages.posterPage(r.frame, v, { qrSvg: sanitizeQrSvg(qrSvg), url, printedOn: shanghaiDate(r.now) });
        },
        { keep: deps.config.publicUrl !== null },
      );
    },
  );

  app.get(
    '/public/news',
    pageRoute('工作动态 Work news, newest first (HTML)', { querystring: z.object({ page: queryInt(1, 10_000).default(1) }) }),
    (request, reply) => {
      const page = request.query.page;
      // A page past the last is absent (404, not kept): page numbers cannot fill the cache.
      return servePage(request, reply, `news:${page}`, `/public/news${page > 1 ? `?page=${page}` : ''}`, async (r) => {
        const v = await service.newsListView(r.db, page, r.masker);
        return page > v.pages ? null : pages.newsListPage(r.frame, v);
      });
    },
  );

  app.get(
    '/public/news/:id',
    pageRoute('新闻 An article with its 大字 switch, 相关新闻 and 新闻推荐 (HTML)', { params: IdParamsSchema }),
    async (request, reply) => {
      const { id } = request.params;
      // Noted in memory (portal.views.ts), added to the database within a second; once per visitor per article
      // in ten minutes. An article that is not published gains nothing (the update names published ones only).
      views.note(id, request.ip, performance.now());
      return servePage(request, reply, `article:${id}`, `/public/news/${id}`, async (r) => {
        const v = await service.articleView(r.db, id, r.masker, (body) => maskArticleHtml(body, (text) => r.masker.text(text)));
        return v ? pages.articlePage(r.frame, v, trusted(v.article.body)) : null;
      });
    },
  );

  app.get('/public/circulars', pageRoute('通报 Published circulars (HTML)'), (request, reply) =>
    servePage(request, reply, 'circulars', '/public/circulars', async (r) =>
      pages.circularsPage(r.frame, await service.circularsView(r.db)),
    ),
  );

  app.get(
    '/public/circulars/:id',
    pageRoute('通报全文 A published circular, masked, with the ledger head at its publication (HTML)', { params: IdParamsSchema }),
    (request, reply) => {
      const { id } = request.params;
      return servePage(request, reply, `circular:${id}`, `/public/circulars/${id}`, async (r) => {
        const c = await service.publicCircular(r.db, id, r.masker);
        return c ? pages.circularPage(r.frame, c.detail, c.anchor) : null;
      });
    },
  );

  app.get(
    '/public/circulars/:id/docx',
    {
      config: { public: true },
      schema: { tags, summary: '下载通报 A published circular as Word (masked)', params: IdParamsSchema, produces: [DOCX_MIME] },
      errorHandler: pageErrors,
    },
    async (request, reply) => {
      const c = await service.publicCircular(db, request.params.id, await loadMasker(db));
      if (!c) return notFoundPage(request, reply);
      const bytes = await buildCircularDocx(c.detail, c.anchor);
      const etag = etagOf(bytes);
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const names = circularFileNames(c.detail, 'docx');
      return reply.type(DOCX_MIME).header('content-disposition', attachment(names.fileName, names.asciiFileName)).send(bytes);
    },
  );

  app.get(
    '/public/circulars/:id/annex.xlsx',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '下载附表 Every row of a published circular’s annex tables as .xlsx (masked as the page)',
        params: IdParamsSchema,
        produces: [XLSX_MIME],
      },
    },
    async (request, reply) => {
      const c = await service.publicCircularAnnex(db, request.params.id, await loadMasker(db));
      if (!c) return notFoundPage(request, reply);
      const names = circularFileNames(c, 'annex');
      reply.header('cache-control', 'public, max-age=3600');
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', attachment(names.fileName, names.asciiFileName))
        .send(annexWorkbookStream(c.annex, c.title, deps.clock.now()).body);
    },
  );

  app.get(
    '/public/chain',
    pageRoute('核验公开台账 The public ledger: its head, the latest entries, a verifier in the browser (HTML)'),
    (request, reply) =>
      servePage(request, reply, 'chain', '/public/chain', async (r) => pages.chainPage(r.frame, await service.chainView(r.db, r.masker))),
  );

  app.get(
    '/public/prefs',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '大字 The large-font switch without JavaScript: remembers the choice in a cookie and goes back',
        querystring: z.object({ font: z.enum(['large', 'normal']), back: z.string().max(300).optional() }),
      },
    },
    async (request, reply) => {
      const back = request.query.back ?? '/public/';
      // Printable ASCII only (no space, no backslash): a Location header holds nothing else, and a character outside
      // it (%E6%9D%91 decoded, DEL, NUL) made Node refuse the header, a 500.
      const safeBack = /^\/public(\/[\x21-\x5b\x5d-\x7e]*)?$/.test(back) && !back.startsWith('//') ? back : '/public/';
      reply.setCookie(FONT_COOKIE, request.query.font, { path: '/public', maxAge: 31_536_000, sameSite: 'lax', httpOnly: false });
      return reply.header('cache-control', 'no-store').redirect(safeBack, 303);
    },
  );

  app.get(
    '/public/assets/:name',
    { config: { public: true }, schema: { hide: true, params: z.object({ name: z.string().max(80) }) } },
    async (request, reply) => {
      const asset = assets.byName.get(request.params.name);
      if (!asset) return notFoundPage(request, reply);
      reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', asset.etag)
        .header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
      return reply.send(asset.body);
    },
  );

  app.get(
    '/public/files/:kind/:id',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          '公开照片 A published evidence photo, or an image of a published article: a copy without metadata (EXIF, XMP), upright, at most 1,600 px (320 px with size=thumb)',
        params: z.object({ kind: z.enum(['evidence', 'article-images']), id: IdSchema }),
        querystring: z.object({ size: z.enum(['full', 'thumb']).default('full') }),
        produces: ['image/*'],
      },
    },
    async (request, reply) => {
      const file = await readPublicFile(db, deps.config.dataDir, request.params.kind, request.params.id, request.query.size);
      if (!file) return notFoundPage(request, reply, '照片不存在，或尚未公开。');
      // Five minutes: a photo taken off the portal (or its problem's 公示 switched off) stops showing soon.
      reply
        .type(file.mime)
        .header('etag', file.etag)
        .header('cache-control', 'public, max-age=300')
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
      return reply.send(file.bytes);
    },
  );

  app.get('/public/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => notFoundPage(request, reply));

  // The feedback form: a plain form post (no JavaScript needed), rate-limited per address.
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('RATE_LIMITED', '留言太频繁了，请稍后再试。'),
    });
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.setErrorHandler(async (err: FastifyError, request, reply) => {
      const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
      if (status === 429 || status === 403 || status === 413 || status === 415) {
        const frame = await frameFor(request, '/public/');
        const message =
          status === 429 ? '留言太频繁了，请过一会儿再提交。' : status === 403 ? '请从本网站的留言表单提交。' : '留言内容太长或格式不对。';
        return reply
          .status(status)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(pages.messagePage(frame, '留言未提交', message, { href: '/public/', label: '返回首页' }));
      }
      throw err;
    });
    scope.post(
      '/public/feedback',
      {
        config: { public: true, rateLimit: { max: 10, timeWindow: '10 minutes' } },
        schema: {
          tags,
          summary:
            '群众监督留言 Leave feedback on a village or a problem (form post; time trap, honeypot, 10 per 10 minutes per address); 303 to the village page',
          consumes: ['application/x-www-form-urlencoded'],
        },
      },
      async (request, reply) => {
        refuseCrossSite(request, deps.config.publicUrl);
        const raw = { ...((request.body ?? {}) as Record<string, string>) };
        // The time trap: the token of the page's cookie (or of the form itself, on a page shown again after a refusal).
        if (!raw.token) raw.token = request.cookies[TIME_TRAP_COOKIE] ?? '';
        const parsed = FeedbackFormSchema.safeParse(raw);
        const villageId = typeof raw.villageId === 'string' && UUID.test(raw.villageId) ? raw.villageId : null;
        const refuse = async (message: string, status: number) => {
          const v = villageId ? await service.villageView(db, villageId, deps.clock.now(), await loadMasker(db)) : null;
          if (!v) return notFoundPage(request, reply, message);
          const frame = await frameFor(request, `/public/villages/${v.village.id}`);
          const html = pages.feedbackPage(frame, v, {
            token: mintFeedbackToken(secret, deps.clock.now()),
            values: { problemId: raw.problemId, kind: raw.kind, body: raw.body, name: raw.name },
            error: message,
          });
          return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
        };
        if (!parsed.success) return refuse(parsed.error.issues.map((i) => i.message).join('；'), 400);
        try {
          const done = await submitFeedback(serviceContext(request, deps), secret, parsed.data);
          return reply.header('cache-control', 'no-store').redirect(`/public/villages/${done.villageId}?sent=1#feedback`, 303);
        } catch (err) {
          if (err instanceof FeedbackRefused) return refuse(err.message, err.status);
          throw err;
        }
      },
    );
  });

  // ── The public ledger's API ──────────────────────────────────────────────

  app.get(
    '/api/public/chain',
    {
      config: { public: true },
      schema: {
        tags,
        summary: '公开台账记录 Entries of the public ledger from seq `from` (paged), with the head; verify with docs/PUBLIC-LEDGER.md',
        querystring: ChainPageQuerySchema,
        response: { 200: ChainPageSchema, 400: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const page = await readChainPage(deps.db, request.query.from, request.query.limit);
      reply.header('cache-control', 'public, max-age=5');
      return page;
    },
  );

  app.get(
    '/api/public/chain/head',
    {
      config: { public: true },
      schema: { tags, summary: '公开台账链头 The head of the public ledger (height and hash)', response: { 200: ChainHeadSchema } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=5');
      return chainHead.current(performance.now());
    },
  );

  // ── Officers: what is public ───────────────────────────────────────────────

  app.get(
    '/api/portal/settings',
    {
      schema: {
        tags,
        summary: '公开台账设置 What public problems show on the portal by default (program settings)',
        response: { 200: PortalSettingsSchemaDto, ...STANDARD_ERROR_RESPONSES },
      },
    },
    async (request) => getPortalSettings(authedContext(request, deps)),
  );
  app.put(
    '/api/portal/settings',
    {
      schema: {
        tags,
        summary: '修改公开台账设置 Change the portal defaults (district admins; audited)',
        body: UpdatePortalSettingsBodySchema,
        response: { 200: PortalSettingsSchemaDto, ...STANDARD_ERROR_RESPONSES },
      },
    },
    async (request) => updatePortalSettings(authedContext(request, deps), request.body),
  );
  app.get(
    '/api/portal/problems/:id/publication',
    {
      schema: {
        tags,
        summary: '问题的公示照片 The photos of a problem and which show on the portal',
        params: IdParamsSchema,
        response: { 200: ProblemPublicationSchema, ...STANDARD_ERROR_RESPONSES },
      },
    },
    async (request) => getProblemPublication(authedContext(request, deps), request.params.id),
  );
  app.put(
    '/api/portal/evidence/:id/publication',
    {
      schema: {
        tags,
        summary: '公示照片 Show or hide a photo on the portal, with a caption (portal.publish; audited)',
        params: IdParamsSchema,
        body: EvidencePublicationBodySchema,
        response: { 200: EvidencePublicationSchema, ...STANDARD_ERROR_RESPONSES, 415: ErrorBodySchema },
      },
    },
    async (request) => setEvidencePublication(authedContext(request, deps), request.params.id, request.body),
  );
}

/** The QR code's SVG as the qrcode package writes it: only svg and path elements are kept (belt and braces). */
function sanitizeQrSvg(svg: string): string {
  if (!/^<svg [^<>]*>(<path [^<>]*\/>|<path [^<>]*><\/path>)+<\/svg>\s*$/.test(svg.trim())) throw new Error('unexpected QR code SVG');
  return svg.trim();
}

/** A form post must come from our own pages (the CSRF rule of the API, for the portal's one form). */
function refuseCrossSite(request: FastifyRequest, publicUrl: string | null): void {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new AppError('CSRF_REJECTED', '拒绝跨站提交');
  const origin = request.headers.origin;
  if (!origin) return;
  const allowed = publicUrl ?? `${request.protocol}://${request.headers.host ?? ''}`;
  if (origin !== allowed) throw new AppError('CSRF_REJECTED', '拒绝跨站提交');
}
