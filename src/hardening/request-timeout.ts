import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../common/errors/domain-errors';

export class RequestTimeoutError extends AppError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly errorCode = 'RequestTimeout';
}

/** The reply's timer, kept on the reply itself (a WeakMap entry per request cost more). */
const TIMER = Symbol('requestTimeout');
type TimedReply = FastifyReply & { [TIMER]?: NodeJS.Timeout };

/**
 * Answers 503 when a request is still unanswered `timeoutMs()` after its handler began (guards
 * included), so a stuck dependency does not hold the client forever. The error goes through the
 * global filter like any other. The work itself is not cancelled: a buy that completes later is still
 * recorded, and its late answer is dropped. `timeoutMs` is read per request (REQUEST_TIMEOUT_MS).
 */
export function registerRequestTimeout(fastify: FastifyInstance, timeoutMs: () => number): void {
  fastify.addHook('preHandler', (_request, reply: TimedReply, done) => {
    const ms = timeoutMs();
    const timer = setTimeout(() => {
      if (!reply.sent)
        reply.send(new RequestTimeoutError(`The request took longer than ${ms} ms; retry later`));
    }, ms);
    timer.unref();
    reply[TIMER] = timer;
    done();
  });
  fastify.addHook('onResponse', (_request, reply: TimedReply, done) => {
    clearTimeout(reply[TIMER]);
    done();
  });
}
