import type { FastifyInstance } from 'fastify';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from '../idempotency/idempotency.interceptor';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { RATE_LIMIT_HEADERS } from '../throttling/rate-limit.guard';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Accept',
  'X-Requested-With',
  IDEMPOTENCY_KEY_HEADER,
  REQUEST_ID_HEADER,
].join(', ');
/** What a browser script may read of an answer besides the safelisted headers: ids, replays, rate limits. */
const EXPOSED_HEADERS = [REQUEST_ID_HEADER, REPLAYED_HEADER, ...Object.values(RATE_LIMIT_HEADERS)].join(', ');
/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for browser clients of the origins in `CORS_ORIGINS`: such an origin is echoed with
 * credentials (the session cookie) and its preflights are answered 204 here, before routing matters or
 * any guard runs. Another origin gets no CORS headers, and its preflight goes on like any request.
 * Every answer says it varies by `Origin`, so a cache does not hand one origin's answer to another.
 *
 * With no origins configured nothing is registered: no answer then depends on the origin.
 */
export function registerCors(fastify: FastifyInstance, origins: string[]): void {
  const allowed = new Set(origins);
  if (allowed.size === 0) return;
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      done();
      return;
    }
    void reply.headers({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
    });
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      void reply
        .code(204)
        .headers({
          'access-control-allow-methods': ALLOWED_METHODS,
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': PREFLIGHT_MAX_AGE,
          // Safari waits for a body on a 204 without it.
          'content-length': '0',
        })
        .send();
      return;
    }
    void reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    done();
  });
}
