import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { runWithRequestContext } from './request-context';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[\w.:-]{1,64}$/;

/**
 * Global: gives every request an id (the caller's `X-Request-Id` when it is a sane token, else a new
 * UUID), echoes it on the response, and makes it available to the code the request runs.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const given = request.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    void http.getResponse<FastifyReply>().header('X-Request-Id', requestId);
    return new Observable((subscriber) =>
      runWithRequestContext({ requestId, idempotencyKey: null }, () => next.handle().subscribe(subscriber)),
    );
  }
}
