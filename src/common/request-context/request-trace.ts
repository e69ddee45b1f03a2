import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** What an audit record says about the request that caused it. */
export interface RequestTrace {
  /** From the `X-Request-Id` header, or generated (Fastify's request id); echoed on the response. */
  requestId: string;
  /** The `Idempotency-Key` header of a create, once the idempotency interceptor has accepted it. */
  idempotencyKey: string | null;
}

/** The request as the idempotency interceptor leaves it. */
export interface TraceableRequest {
  id: string;
  idempotencyKey?: string;
}

/**
 * `@Trace()`: the request's id and accepted idempotency key, for the audit records a handler writes.
 * It is passed along explicitly: an AsyncLocalStorage would make Node 20 run promise hooks on every
 * promise of every request.
 */
export const Trace = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestTrace => {
  const request = ctx.switchToHttp().getRequest<TraceableRequest>();
  return { requestId: String(request.id), idempotencyKey: request.idempotencyKey ?? null };
});
