import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal';
import type { AppLogger } from './app-logger';
import { redactHeaders, redactUrl } from './redaction';

/**
 * One line per request once it is answered: its id (Fastify's, from `X-Request-Id`), method, URL and
 * headers (secrets redacted), the caller the access guard authenticated, the status and the duration
 * in ms. 5xx answers log at error level, everything else at info.
 *
 * The line is built from redacted parts (`redactUrl`, `redactHeaders`) and the ids and numbers beside
 * them, so it skips the logger's pass over every line for secret keys, which it would come through
 * unchanged: that pass cost about as much as writing the line, on every request.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: AppLogger): void {
  const log = logger.pino.child({}, { formatters: { log: (line: object) => line } });
  fastify.addHook(
    'onResponse',
    (request: FastifyRequest & { user?: Principal }, reply: FastifyReply, done) => {
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      if (log.isLevelEnabled(level)) {
        const url = redactUrl(request.originalUrl);
        const line: Record<string, unknown> = {
          req: { id: request.id, method: request.method, url, headers: redactHeaders(request.headers) },
          res: { statusCode: reply.statusCode },
          responseTime: reply.elapsedTime,
        };
        if (request.user) line.caller = { userId: request.user.userId, authMethod: request.user.authMethod };
        log[level](line, `${request.method} ${url} ${reply.statusCode}`);
      }
      done();
    },
  );
}
