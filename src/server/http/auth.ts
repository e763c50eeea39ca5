import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/dialect.ts';
import { resolveSession, type SessionSettings } from '../modules/sessions/sessions.service.ts';
import type { Clock } from './clock.ts';
import type { Actor, AuthedContext, ServiceContext } from './context.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'tz_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Route is reachable without a session. */
    public?: boolean;
  }
}

export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'sessionSecret' | 'sessionIdleMinutes' | 'sessionMaxHours' | 'publicUrl' | 'secureCookies'>;
}

export function sessionSettings(config: AuthDeps['config']): SessionSettings {
  return { secret: config.sessionSecret, idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard: a browser's write must come from our own
 * origin (PUBLIC_URL when configured, else the Host the request was sent to).
 * Requests without Origin (curl, the CLI) carry no ambient cookie risk.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string | null): void {
  if (!UNSAFE.has(request.method)) return;
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('CSRF_REJECTED', '拒绝跨站请求 (cross-site request refused)');
  if (!origin) return;
  const allowed = publicUrl ?? `${request.protocol}://${request.headers.host ?? ''}`;
  if (origin !== allowed) throw new AppError('CSRF_REJECTED', `拒绝来自 ${origin} 的写请求 (origin not allowed)`);
}

/**
 * Whether a request is the API's, by the route it matched (the router decodes the path: /%61pi/audit reached
 * /api/audit while the guards, reading the raw URL, let it pass unchecked), else by its URL (no route: a 404).
 */
export function isApiRequest(request: FastifyRequest, prefix = '/api/'): boolean {
  return (request.routeOptions.url ?? request.url).startsWith(prefix);
}

/**
 * Sent (value `1`) by requests the page makes on its own, not on a person's action: the header bell's poll. They are
 * answered as any other but do not keep the session from ending when idle.
 */
export const BACKGROUND_HEADER = 'x-taizhang-background';

export function registerAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('actor', null);
  // Pages, assets and the public portal pass without a promise; the API's requests are checked.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isApiRequest(request)) return done();
    guardApiRequest(request).then(() => done(), done);
  });
  async function guardApiRequest(request: FastifyRequest): Promise<void> {
    checkOrigin(request, deps.config.publicUrl);
    request.actor = await actorOfCookie(request, deps, { background: request.headers[BACKGROUND_HEADER] === '1' });
    // Checked here, before the body is read and validated, so that an anonymous
    // caller learns nothing but "sign in" and cannot make us parse large bodies.
    if (request.routeOptions.config?.public) return;
    // The API documentation pages describe the API, they hold no data.
    if (isApiRequest(request, '/api/docs')) return;
    if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录 (please sign in)');
  }
}

/**
 * The actor of the request's session cookie, or null (none, expired, idle too long, disabled): for the API's requests
 * (registerAuth) and for a page's first load (registerWeb in src/server/app.ts). `background`: see resolveSession.
 */
export async function actorOfCookie(
  request: FastifyRequest,
  deps: AuthDeps,
  options: { background?: boolean } = {},
): Promise<Actor | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  return (await resolveSession(deps.db, sessionSettings(deps.config), token, deps.clock.now(), options))?.actor ?? null;
}

export function setSessionCookie(reply: FastifyReply, deps: AuthDeps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: deps.config.sessionMaxHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: AuthDeps): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies });
}

export function serviceContext(request: FastifyRequest, deps: AuthDeps): ServiceContext {
  return { db: deps.db, actor: request.actor, now: deps.clock.now(), requestId: request.id, ip: request.ip };
}

/** For routes behind the session guard: the context with a non-null actor. */
export function authedContext(request: FastifyRequest, deps: AuthDeps): AuthedContext {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录 (please sign in)');
  return { ...serviceContext(request, deps), actor: request.actor };
}
