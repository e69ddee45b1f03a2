import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { BadRequestError, InvalidFieldError, NotAcceptableError } from '../common/errors/domain-errors';
import { FORBIDDEN_KEYS, forbiddenKeyError } from '../common/validation/input-shape';

/** A JavaScript identifier path such as `cb` or `jQuery123.handle`: nothing a script could be smuggled in. */
const CALLBACK_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const CALLBACK_MAX_LENGTH = 128;

/**
 * Fastify's `rewriteUrl`: `/accounts.json` and `/api/ListTags.json` are `/accounts` and
 * `/api/ListTags` (ServiceStack's format suffix; JSON is the only format served).
 */
export function stripJsonSuffix(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  if (!path.toLowerCase().endsWith('.json') || path.length <= '/.json'.length) return url;
  return path.slice(0, -'.json'.length) + (queryStart < 0 ? '' : url.slice(queryStart));
}

const queryOf = (request: FastifyRequest): Record<string, unknown> =>
  (request.query as Record<string, unknown> | undefined) ?? {};

/** A query parameter's value; the last one when it is repeated. */
function single(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** The JSONP callback a GET asked for, if any. */
function jsonpCallback(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET') return undefined;
  return single(queryOf(request).callback);
}

/**
 * `?format=json` (the only format served; any other is a 406), and `?callback=name`, which wraps
 * a GET response in `name(...)` as `application/javascript` (a bad name is a 400). A forbidden
 * query key (`__proto__`, `constructor`, `prototype`) is a 400 naming it, and so is an HTTP/1.1
 * request without `Host` (which Node would refuse outside the envelope).
 */
export function registerFormatHooks(fastify: FastifyInstance): void {
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
        done(new BadRequestError('An HTTP/1.1 request must send a Host header'));
        return;
      }
      const query = queryOf(request);
      for (const key of FORBIDDEN_KEYS)
        if (Object.hasOwn(query, key)) {
          done(forbiddenKeyError(key));
          return;
        }
      const format = single(query.format);
      if (format !== undefined && format.toLowerCase() !== 'json') {
        done(new NotAcceptableError(`The format "${format.slice(0, 32)}" is not supported; use format=json`));
        return;
      }
      const callback = jsonpCallback(request);
      if (
        callback !== undefined &&
        (callback.length > CALLBACK_MAX_LENGTH || !CALLBACK_NAME.test(callback))
      ) {
        done(
          new InvalidFieldError(
            'callback',
            'InvalidCallback',
            'callback must be a JavaScript function name (letters, digits, _ and $, dot-separated)',
          ),
        );
        return;
      }
      done();
    },
  );

  // A callback-style hook: an async one would cost every response a promise.
  fastify.addHook(
    'onSend',
    (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (error: null, payload: unknown) => void,
    ) => {
      const callback = jsonpCallback(request);
      if (
        callback === undefined ||
        !CALLBACK_NAME.test(callback) ||
        callback.length > CALLBACK_MAX_LENGTH ||
        typeof payload !== 'string' ||
        !String(reply.getHeader('content-type') ?? '').includes('json')
      ) {
        done(null, payload);
        return;
      }
      void reply.type('application/javascript; charset=utf-8');
      done(null, `${callback}(${payload})`);
    },
  );
}
