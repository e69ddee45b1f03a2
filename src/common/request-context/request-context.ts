import { AsyncLocalStorage } from 'node:async_hooks';

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
