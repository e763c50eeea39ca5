import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/dialect.ts';
import type { Clock } from './clock.ts';

/**
 * The types every route file needs, kept apart from `app.ts` so that imports
 * run one way: app.ts → routes → services, never back to app.ts.
 */
export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What buildApp hands to each module's register function. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
}
