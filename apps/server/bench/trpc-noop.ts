/**
 * The ceiling: a tRPC no-op mutation on the server's own Fastify and tRPC versions,
 * with the real payments.transfer input schema (taken from the app router, so it
 * follows any change to it) and the same body limit. Everything else a transfer does
 * (helmet, CORS, request ids, logging, auth, the store) is left out, so transfers/s ÷
 * this rate says how close the server is to what this HTTP/tRPC stack can carry.
 */
import { appRouter } from '@quickpay/api';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { z } from 'zod';
import { BODY_LIMIT } from '../src/app.ts';

const transfer = appRouter.payments.transfer;
const schema = transfer._def.inputs[0];
if (!(schema instanceof z.ZodType)) throw new Error('payments.transfer has no zod input schema');

const t = initTRPC.create();
const router = t.router({
  payments: t.router({
    // Same path and input as the real one; answers without touching anything.
    transfer: t.procedure.input(schema).mutation(() => ({ ok: true })),
  }),
});

const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });
await app.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// A normal exit on SIGTERM, so that a --cpu-prof profile is written.
process.once('SIGTERM', () => process.exit(0));
process.send?.('ready');
