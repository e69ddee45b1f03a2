import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller-supplied id is kept when it is a sane token (so a proxy's id flows through). */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id (Fastify's `genReqId`, which the request log line reuses): `X-Request-Id` when
 * given and sane, else a new UUID.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/**
 * Names the request a line is logged for: pass it among a Nest logger call's parameters
 * (`logger.error(message, stack, forRequest(id))`, `logger.warn(message, forRequest(id))`) and the
 * line carries `req.id`, as the request's own log line does, so one search finds every line of a
 * request. There is no request context to read it from (an AsyncLocalStorage would run promise hooks
 * on every promise of every request): the id is passed along, as `@Trace()` passes it to the
 * services. Without a request (`id` null: scheduled work, the CLI) the line names none.
 */
export class LogRequest {
  constructor(readonly id: string | null) {}
}

export const forRequest = (id: string | null | undefined): LogRequest => new LogRequest(id ?? null);

/** Echoes the request id in every response, so a client can quote it. */
export function echoRequestId(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
}
