import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { ServerConfig } from './env.ts';

/** The levels at which every request is logged ('incoming request', 'request completed'). */
const PER_REQUEST_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace']);

/**
 * Fastify's own request lines, but the two written for every request ('incoming
 * request', 'request completed') only at LOG_LEVEL=debug or trace: at the default
 * level a request costs no log work. A request that ends in an error is still logged
 * at any level, as are Fastify's other lines (not found, stream and serializer errors).
 */
class RequestLog extends LogController {
  constructor(private readonly everyRequest: boolean) {
    super();
  }

  override incomingRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (this.everyRequest) super.incomingRequest(request, reply, metadata);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (error || this.everyRequest) super.requestCompleted(error, request, reply, metadata);
  }
}

export const requestLog = (config: Pick<ServerConfig, 'logLevel'>): LogController =>
  new RequestLog(PER_REQUEST_LEVELS.has(config.logLevel));
