import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth-routes.ts';
import { dataRoutes } from './data-routes.ts';
import { paymentRoute } from './payment-route.ts';
import { peopleRoutes } from './people-routes.ts';
import { savingsRoutes } from './savings-routes.ts';

/**
 * The legacy REST adapter (docs/legacy-contract.md), mounted at /api: the 14
 * endpoints of the old Flask app, each translated into API calls after one
 * authentication (call.ts). Shapes and errors are mapped here; rules live in the API.
 */
export const legacyPlugin: FastifyPluginAsync = async (app) => {
  // The same services object the tRPC plugin reads (deps.ts).
  const { deps } = app;
  authRoutes(app, deps);
  dataRoutes(app, deps);
  paymentRoute(app, deps);
  savingsRoutes(app, deps);
  peopleRoutes(app, deps);
};
