/** The floor: a bare Fastify JSON route, same host and logger settings, nothing else. */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
app.post('/bare', async (req) => ({ result: { data: { ok: true, echo: req.body } } }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// A normal exit on SIGTERM, so that a --cpu-prof profile is written.
process.once('SIGTERM', () => process.exit(0));
process.send?.('ready');
