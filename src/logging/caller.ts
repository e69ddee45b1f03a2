import type { Principal } from '../common/auth/principal';

/** What the request log line says about who called. */
export interface LoggedCaller {
  userId: string;
  authMethod: Principal['authMethod'];
}

/**
 * Hands the authenticated caller to the request's log line. pino-http logs from the raw Node request,
 * not Fastify's (which holds `user`), so the access guard calls this once it knows the principal.
 */
export function logCaller(request: { raw?: { caller?: LoggedCaller } }, principal: Principal): void {
  if (request.raw) request.raw.caller = { userId: principal.userId, authMethod: principal.authMethod };
}
