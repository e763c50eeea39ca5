import './http/zod-messages.ts';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { HelmetOptions } from 'helmet';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/dialect.ts';
import type { AppDeps, AppInstance } from './http/app-types.ts';
import { actorOfCookie, isApiRequest, registerAuth, SESSION_COOKIE } from './http/auth.ts';
import { jsonDataBlock, PAGE_SESSION_ELEMENT_ID, STATIC_LOGIN_FILE, withBlockInBody } from './http/page-session.ts';
import { presentSessionState } from './modules/sessions/sessions.presenter.ts';
import { isLoginPath, safeNextPath } from '../domain/next-path.ts';
import { loginPathFor, withLoginPage } from './http/login-page.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerTextGuard } from './http/text-guard.ts';
import { type Clock, systemClock } from './http/clock.ts';
import { answerClientError, answerFrameworkError, notFoundBody, registerErrorHandling } from './http/errors.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerOrganizationRoutes } from './modules/organizations/organizations.routes.ts';
import { registerLoginForm, registerSessionRoutes } from './modules/sessions/sessions.routes.ts';
import { registerUserRoutes } from './modules/users/users.routes.ts';
import { registerStandardRoutes } from './modules/standards/standards.routes.ts';
import { registerLiaisonGroupRoutes } from './modules/liaison-groups/liaison-groups.routes.ts';
import { registerProblemRoutes } from './modules/problems/problems.routes.ts';
import { registerMeasureRoutes } from './modules/measures/measures.routes.ts';
import { registerEvidenceRoutes } from './modules/evidence/evidence.routes.ts';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes.ts';
import { registerInspectionRoutes } from './modules/inspections/inspections.routes.ts';
import { registerSettingsRoutes } from './modules/settings/settings.routes.ts';
import { registerStatisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { registerWeeklyReportRoutes } from './modules/weekly-reports/weekly-reports.routes.ts';
import { registerRankingRoutes } from './modules/rankings/rankings.routes.ts';
import { registerInterviewRoutes } from './modules/interviews/interviews.routes.ts';
import { registerCircularRoutes } from './modules/circulars/circulars.routes.ts';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.ts';
import { registerVenueRoutes } from './modules/venues/venues.routes.ts';
import { registerAttainmentRoutes } from './modules/attainments/attainments.routes.ts';
import { registerReviewRoutes } from './modules/reviews/reviews.routes.ts';
import { registerPlanRoutes } from './modules/plans/plans.routes.ts';
import { registerVisitRoutes } from './modules/visits/visits.routes.ts';
import { registerMemberRoutes } from './modules/members/members.routes.ts';
import { registerStudyRoutes } from './modules/study/study.routes.ts';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes.ts';
import { registerTourRoutes } from './modules/tours/tours.routes.ts';
import { registerDutyRoutes } from './modules/duty/duty.routes.ts';
import { registerPortalRoutes } from './modules/portal/portal.routes.ts';
import { registerArticleRoutes } from './modules/articles/articles.routes.ts';
import { registerFeedbackRoutes } from './modules/feedback/feedback.routes.ts';
import { registerIdempotency } from './http/idempotency.ts';

export type { AppDeps, AppInstance };

export interface BuildOptions {
  db: Db;
  config: Config;
  clock?: Clock;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | object;
}

/** Builds the HTTP app; registers every plugin and module explicitly. */
export async function buildApp(options: BuildOptions): Promise<AppInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // The proxies' own addresses (Fastify fails closed on a hop count): the client is the last address none of them wrote.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy.join(',') : false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      // randomUUID draws from a pooled entropy buffer: a tenth of the cost of a UUIDv7 per request.
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();
  const deps: AppDeps = { db: options.db, clock: options.clock ?? systemClock, config };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // Callback style: no promise per answer (this runs on every answer, the public pages' included).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (isApiRequest(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  registerSecurityHeaders(app, securityHeaders(config));
  registerTextGuard(app);
  // The API's answers of a compressible type (JSON) of 1 KB or more, compressed for browsers that say they accept
  // it: a village secretary's phone on a weak link downloads a ledger page of 20 problems as ≈ 3 KB instead of
  // ≈ 13 KB. Only the API's routes: the web's assets are compressed at build time (and a file without its copy is
  // sent as it is), the portal compresses its pages once and keeps them, and the API documentation's own script
  // files are no one's daily work (its JSON, a megabyte, is compressed). Brotli at quality 4 costs about what gzip
  // does. Request bodies are not decompressed (the body limit counts what arrives). This hook runs before the
  // plugin's own for every route registered after it.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs/static')) route.compress = false;
  });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    // A 22-bit window (the default) sizes the encoder for 4 MB; the largest answer is a few hundred KB.
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } },
    // Compressed in one call, not through a zlib stream per answer (its context and pipeline cost more than the
    // compression itself below a few hundred KB: 0.75 ms for a 128 KB page of 200 problems).
    syncThreshold: 512 * 1024,
    globalDecompression: false,
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 10, fieldSize: 4096 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Taizhang 台账 API',
        version: '0.1.0',
        description:
          '基层组织规范化建设台账平台接口。Errors answer {"error":{"code","message","details"?}}. Writes from browsers must carry a same-origin Origin header. A POST may carry an Idempotency-Key header (8–100 of A–Z a–z 0–9 . _ : -): sent again by the same user with the same key and body, it is answered with the first answer (Idempotent-Replayed: true) instead of being written twice.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tz_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI loads only its own files; its inline style attributes are allowed by the app's style-src.
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, deps);
  registerIdempotency(app, deps);
  registerHealthRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerOrganizationRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerStandardRoutes(app, deps);
  registerLiaisonGroupRoutes(app, deps);
  registerProblemRoutes(app, deps);
  registerMeasureRoutes(app, deps);
  registerEvidenceRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerInspectionRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerStatisticsRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerWeeklyReportRoutes(app, deps);
  registerRankingRoutes(app, deps);
  registerInterviewRoutes(app, deps);
  registerCircularRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerVenueRoutes(app, deps);
  registerAttainmentRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerVisitRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerStudyRoutes(app, deps);
  registerMeetingRoutes(app, deps);
  registerTourRoutes(app, deps);
  registerDutyRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerArticleRoutes(app, deps);
  registerFeedbackRoutes(app, deps);

  registerWeb(app, deps);
  return app;
}

/**
 * Security headers on every answer (app shell, API, public pages), computed
 * by helmet once at start-up (src/server/http/security-headers.ts). The built app runs no inline script, so scripts come from
 * our own origin only; antd writes its CSS-in-JS into <style> elements, hence
 * 'unsafe-inline' for styles (styles cannot run code). Nobody may frame us.
 * Routes that serve user files (evidence) set a stricter policy of their own.
 */
export function securityHeaders(config: Config): HelmetOptions {
  const https = config.secureCookies;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind https: on a plain-http install it would send the browser to a port nobody listens on.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
}

/** The build names the signed-in pages' first code in a meta tag (scripts/web-build.ts); these ask for it. */
function withSignedInPreloads(html: string): string {
  return html.replace(/<meta name="taizhang-preload-signed-in" content="([^"]*)"\s*\/?>/, (_tag, hrefs: string) =>
    hrefs
      .split(' ')
      .filter((href) => /^\/assets\/[\w.-]+\.js$/.test(href))
      .map((href) => `<link rel="modulepreload" crossorigin href="${href}">`)
      .join(''),
  );
}

/**
 * Serves the built web app, with the SPA's index.html for any non-API GET.
 * Files are looked up per request and index.html is re-read when it changes,
 * so a rebuild of dist/web needs no restart.
 *
 * The build writes a brotli and a gzip copy of each asset (vite.config.ts), sent
 * as they are to browsers that accept them (`preCompressed`). Files under
 * /assets/ carry a content hash in their name, so browsers keep them for a year
 * without asking again; index.html, which names them, is always revalidated.
 */
function registerWeb(app: AppInstance, deps: AppDeps): void {
  const { webDir } = deps.config;
  const indexFile = path.join(webDir, 'index.html');
  const assetsDir = path.join(path.resolve(webDir), 'assets') + path.sep;
  if (existsSync(webDir)) {
    void app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: true,
      index: false,
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, filePath) {
        res.setHeader('vary', 'accept-encoding');
        res.setHeader('cache-control', filePath.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const loginFile = path.join(webDir, STATIC_LOGIN_FILE);
  let cached: {
    mtimeMs: number;
    html: string;
    signedInHtml: string;
    loginHtml: string;
    /** The login page compressed once (the same for everyone; ≈ 8 KB, most of it its icons), as the build does assets. */
    loginCompressed: { br: Buffer; gzip: Buffer } | null;
  } | null = null;
  const indexHtml = (): typeof cached => {
    if (!existsSync(indexFile)) return null;
    const { mtimeMs } = statSync(indexFile);
    if (!cached || cached.mtimeMs !== mtimeMs) {
      const html = readFileSync(indexFile, 'utf8');
      // The same build writes both files (scripts/web-build.ts); a build without the login page's HTML serves the
      // page as before.
      const loginPage = existsSync(loginFile) ? readFileSync(loginFile, 'utf8') : '';
      const loginHtml = withLoginPage(html, loginPage);
      cached = {
        mtimeMs,
        html,
        signedInHtml: withSignedInPreloads(html),
        loginHtml,
        loginCompressed: loginPage
          ? {
              br: brotliCompressSync(loginHtml, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
              gzip: gzipSync(loginHtml, { level: 9 }),
            }
          : null,
      };
    }
    return cached;
  };
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    // Missing built assets stay 404s (a stale tab then reloads instead of parsing HTML as JS).
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    const index = isPage ? indexHtml() : null;
    if (!index) return reply.status(404).send(notFoundBody(request.method, request.url));
    // Who is signed in decides the page: asked of the database only when the browser holds a session cookie. A
    // page load is a person's action, so it counts as use of the session (as the app's GET /api/session did).
    const actor = request.cookies[SESSION_COOKIE]
      ? await actorOfCookie(request, deps).catch((err: unknown) => {
          // The page still loads and asks for the session itself (which then answers for the database).
          request.log.warn({ err }, 'the session could not be read for the page');
          return undefined;
        })
      : null;
    reply.type('text/html; charset=utf-8').header('vary', 'cookie');
    if (actor === undefined) return reply.header('cache-control', 'no-cache').send(index.html);
    const loginPage = isLoginPath(request.url);
    const elsewhere = (to: string) => reply.header('cache-control', 'no-store').redirect(to, 302);
    if (loginPage) {
      // Signed in already: on to where the sign-in would have led.
      if (actor) return elsewhere(safeNextPath(new URLSearchParams(request.url.split('?')[1] ?? '').get('next')));
      // The login page with its form written in, for a phone to show before the app's code arrives.
      reply.header('cache-control', 'no-cache').header('vary', 'cookie, accept-encoding');
      const encoding = index.loginCompressed && negotiate(request.headers['accept-encoding'] ?? '', ['br', 'gzip']);
      if (!index.loginCompressed || !encoding) return reply.send(index.loginHtml);
      return reply.header('content-encoding', encoding).send(index.loginCompressed[encoding]);
    }
    // Every other page is behind the sign-in: a browser not signed in (no session, or one that has ended, as a
    // secretary's is by the next morning) goes to the login page at once, the page kept as ?next=, instead of
    // loading the signed-in pages' code only to be sent there.
    if (!actor) return elsewhere(loginPathFor(request.url));
    // Signed in: the page names its first code (so that it arrives with the entry) and carries who is signed in (GET
    // /api/session's answer, so that the app asks for the page's figures at once). It is this person's alone and
    // names them: no cache keeps it, the browser's own included (a shared office computer, after signing out).
    const html = withBlockInBody(index.signedInHtml, jsonDataBlock(PAGE_SESSION_ELEMENT_ID, presentSessionState(actor)));
    return reply.header('cache-control', 'private, no-store').send(html);
  };
  // The static handler treats "/" as a directory; the app's entry is index.html.
  app.get('/', { schema: { hide: true }, config: { public: true } }, sendIndex);
  app.setNotFoundHandler(sendIndex);
  // The login page's form, when it is posted before the app's code has arrived.
  registerLoginForm(app, deps, () => indexHtml()?.loginHtml ?? null);
}
