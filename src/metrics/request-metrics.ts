import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Observes every answered request's duration under its route template (`/endpoints/:endpointId`;
 * `unmatched` for a request no route took), method and status, from a Fastify `onResponse` hook.
 */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
