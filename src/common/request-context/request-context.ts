import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What background steps of a request (audit records, logs) need to know about it. */
export interface RequestContext {
  /** From the `X-Request-Id` header, or generated; echoed on the response. */
  requestId: string;
  /** The `Idempotency-Key` header of a create, once the idempotency interceptor has accepted it. */
  idempotencyKey: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, work: () => T): T =>
  storage.run(context, work);

/** The current request's context, or null outside a request (start-up, background jobs). */
export const currentRequestContext = (): RequestContext | null => storage.getStore() ?? null;

/**
 * Opens each request's context as Fastify receives it (its id is Fastify's, see logging/request-id.ts).
 * The rest of the request runs inside: hooks, body parsing (Fastify carries the context across it),
 * guards, interceptors and the handler.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) =>
    runWithRequestContext({ requestId: String(request.id), idempotencyKey: null }, done),
  );
}
