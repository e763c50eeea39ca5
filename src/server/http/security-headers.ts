import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every answer, as `helmet` (the maintained library
 * behind @fastify/helmet) computes them for our policy.
 *
 * @fastify/helmet builds a fresh helmet middleware for every request: it
 * parses the CSP directives, creates a dozen closures and runs two hooks, a
 * measurable share of a cached public page's cost (docs/PERFORMANCE.md,
 * "The public portal"). Our policy does not depend on the request (no nonces,
 * no per-route policy), so helmet runs once, at start-up, against a recording
 * response; each request then gets the recorded headers in one synchronous
 * hook. Routes that need a stricter policy (evidence files) still set their
 * own header, which replaces the recorded one.
 */
export function helmetHeaders(options: HelmetOptions): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
    getHeader(name: string) {
      return headers.get(name.toLowerCase());
    },
  };
  const failures: Error[] = [];
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) failures.push(error instanceof Error ? error : new Error('helmet refused the security header options'));
  });
  if (failures[0]) throw failures[0];
  return [...headers];
}

/** Sets the headers `helmet` computed for `options` on every answer the app sends through its routes and handlers. */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    const res = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    done();
  });
}
