import { z } from 'zod';
import { ErrorBodySchema } from '../../../domain/contracts/common.ts';
import { ChangePasswordBodySchema, LoginBodySchema, SessionSchema, SessionStateSchema } from '../../../domain/contracts/session.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext, clearSessionCookie, serviceContext, sessionSettings, setSessionCookie } from '../../http/auth.ts';
import { presentSessionState } from './sessions.presenter.ts';
import * as service from './sessions.service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema };

export function registerSessionRoutes(app: AppInstance, deps: AppDeps): void {
  app.post(
    '/api/session',
    {
      config: { public: true },
      schema: { tags: ['session'], summary: '登录 Sign in', body: LoginBodySchema, response: { 200: SessionSchema, ...errors } },
    },
    async (request, reply) => {
      const { token, session } = await service.login(
        serviceContext(request, deps),
        sessionSettings(deps.config),
        request.body,
        request.headers['user-agent'] ?? null,
      );
      setSessionCookie(reply, deps, token);
      return session;
    },
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
