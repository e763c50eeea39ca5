import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema } from '../../../domain/contracts/common.ts';
import {
  ChangePasswordBodySchema,
  type LoginBody,
  LoginBodySchema,
  type Session,
  SessionSchema,
  SessionStateSchema,
} from '../../../domain/contracts/session.ts';
import { safeNextPath } from '../../../domain/next-path.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext, checkOrigin, clearSessionCookie, serviceContext, sessionSettings, setSessionCookie } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { loginPageAfterFailure } from '../../http/login-page.ts';
import { presentSessionState } from './sessions.presenter.ts';
import * as service from './sessions.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema };

/** Signs in (the service: throttle, audit) and gives the browser the session's cookie: the API's and the form's. */
async function signIn(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, body: LoginBody): Promise<Session> {
  const { token, session } = await service.login(
    serviceContext(request, deps),
    sessionSettings(deps.config),
    body,
    request.headers['user-agent'] ?? null,
  );
  setSessionCookie(reply, deps, token);
  return session;
}

export function registerSessionRoutes(app: AppInstance, deps: AppDeps): void {
  app.post(
    '/api/session',
    {
      config: { public: true },
      schema: { tags: ['session'], summary: '登录 Sign in', body: LoginBodySchema, response: { 200: SessionSchema, ...errors } },
    },
    async (request, reply) => signIn(request, reply, deps, request.body),
  );

  app.get(
    '/api/session',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: '当前会话 Current session ({ user: null } when signed out)',
        response: { 200: SessionStateSchema },
      },
    },
    async (request) => presentSessionState(serviceContext(request, deps).actor),
  );

  app.delete(
    '/api/session',
    { schema: { tags: ['session'], summary: '退出 Sign out', response: { 204: z.null(), 401: ErrorBodySchema } } },
    async (request, reply) => {
      await service.logout(authedContext(request, deps));
      clearSessionCookie(reply, deps);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/account/password',
    {
      schema: {
        tags: ['session'],
        summary: '修改密码 Change my password (ends every session of mine; this one goes on under a new cookie)',
        body: ChangePasswordBodySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { token } = await service.changePassword(
        authedContext(request, deps),
        sessionSettings(deps.config),
        request.body,
        request.headers['user-agent'] ?? null,
      );
      // The session goes on under a new token; the old one no longer works anywhere.
      setSessionCookie(reply, deps, token);
      return reply.status(204).send(null);
    },
  );
}

/**
 * POST /login: the login page's form, posted before the app's code has arrived (the page the build writes into
 * index.html, on a phone on a slow line). The same sign-in as POST /api/session, its throttle and audit included; the
 * answer is a page: on success a 303 to `?next=` (a path of this site, else the dashboard) with the session cookie;
 * else the login page again with the service's message and the username typed
 * (401, 429 or 400), which the app takes over. Form posts are parsed here only: the API takes JSON alone.
 * `loginPage`: the login page's HTML (null without a built web app).
 */
export function registerLoginForm(app: AppInstance, deps: AppDeps, loginPage: () => string | null): void {
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post(
      '/login',
      {
        config: { public: true },
        schema: {
          tags: ['session'],
          summary: "登录表单 Sign in by the login page's form (a page answer: 303 on, or the login page with the reason)",
          consumes: ['application/x-www-form-urlencoded'],
          querystring: z.object({ next: z.string().max(2048).optional() }),
          body: z.record(z.string(), z.string()),
        },
      },
      async (request, reply) => {
        checkOrigin(request, deps.config.publicUrl);
        const body = { username: request.body.username ?? '', password: request.body.password ?? '' };
        try {
          const parsed = LoginBodySchema.safeParse(body);
          if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => i.message).join('；'));
          await signIn(request, reply, deps, parsed.data);
          return reply.header('cache-control', 'no-store').redirect(safeNextPath(request.query.next), 303);
        } catch (err) {
          const page = loginPage();
          if (!(err instanceof AppError) || !page || ![400, 401, 429].includes(err.status)) throw err;
          const html = loginPageAfterFailure(page, {
            kind: err.code === 'RATE_LIMITED' ? 'warning' : 'error',
            message: err.message,
            username: body.username,
          });
          return reply.status(err.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
        }
      },
    );
  });
}
