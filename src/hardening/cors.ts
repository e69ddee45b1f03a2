import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import {
  IDEMPOTENCY_KEY_HEADER,
  REPLAYED_HEADER,
  SECRET_WITHHELD_HEADER,
} from '../idempotency/idempotency.interceptor';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { RATE_LIMIT_HEADERS } from '../throttling/rate-limit.guard';

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Accept',
  'X-Requested-With',
  IDEMPOTENCY_KEY_HEADER,
  REQUEST_ID_HEADER,
];
/**
 * What a browser script may read of an answer besides the safelisted headers: ids, replays (and the
 * secret a replay withheld), rate limits.
 */
const EXPOSED_HEADERS = [
  REQUEST_ID_HEADER,
  REPLAYED_HEADER,
  SECRET_WITHHELD_HEADER,
  ...Object.values(RATE_LIMIT_HEADERS),
];
/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS for browser clients of the origins in `CORS_ORIGINS` (`@fastify/cors`, registered on Fastify
 * itself: Nest's `enableCors` wrapper copied the headers onto the raw response, which sent every answer
 * through Node's slow header path). Such an origin is echoed with credentials (the session cookie) and
 * its preflights are answered 204 from an `onRequest` hook, before routing matters or any guard runs.
 * Another origin gets no CORS headers, and its preflight goes on like any request (a 404). Every answer
 * says it varies by `Origin`, so a cache does not hand one origin's answer to another.
 *
 * With no origins configured nothing is registered: no answer then depends on the origin.
 */
export async function registerCors(fastify: FastifyInstance, origins: string[]): Promise<void> {
  const allowed = new Set(origins);
  if (allowed.size === 0) return;
  await fastify.register(fastifyCors, {
    // A function (not the list): another origin then gets no CORS header at all, not even
    // Access-Control-Allow-Credentials, and no preflight answer.
    origin: (origin, callback) =>
      callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE,
    // An OPTIONS request without Access-Control-Request-Method is answered as a preflight too,
    // rather than with the plugin's plain-text 400.
    strictPreflight: false,
  });
}
