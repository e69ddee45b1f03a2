import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { runWithRequestContext } from './request-context';

/**
 * Global: makes the request's id (Fastify's, taken from `X-Request-Id` or generated and echoed, see
 * logging/request-id.ts) available to the code the request runs, e.g. the provisioning audit trail.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const requestId = String(context.switchToHttp().getRequest<FastifyRequest>().id);
    return new Observable((subscriber) =>
      runWithRequestContext({ requestId, idempotencyKey: null }, () => next.handle().subscribe(subscriber)),
    );
  }
}
