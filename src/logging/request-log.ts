import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../common/auth/principal';
import type { AppLogger } from './app-logger';
import { redactHeaders, redactUrl } from './redaction';

/**
 * One line per request once it is answered: its id (Fastify's, from `X-Request-Id`), method, URL and
 * headers (credentials redacted), the caller the access guard authenticated, the status and the
 * duration in ms. 5xx answers log at error level, everything else at info.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: AppLogger): void {
  const log = logger.pino;
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
