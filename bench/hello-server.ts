/**
 * A bare Fastify hello-world for the HTTP benches: the ceiling of this machine and Node for one process
 * answering small GETs, measured in the same run as the app so the two figures can be compared.
 *
 * With BODY_BYTES=n it answers n bytes of HTML with the app's security headers instead: a "same answer"
 * floor that shows what sending an answer of that size and those headers costs before any app code.
 */
import Fastify from 'fastify';
import { securityHeaders } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { registerSecurityHeaders } from '../src/server/http/security-headers.ts';

const app = Fastify({ logger: false });
const bytes = Number(process.env.BODY_BYTES ?? 0);
if (bytes > 0) {
  const body = Buffer.alloc(bytes, 'x');
  registerSecurityHeaders(app, securityHeaders(loadConfig()));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));
} else {
  app.get('/', async () => ({ hello: 'world' }));
}
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
