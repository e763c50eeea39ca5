/**
 * A bare Fastify hello-world for bench/portal.bench.ts: the ceiling of this
 * machine and Node for one process answering small GETs, measured in the same
 * run as the portal so the two figures can be compared.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
