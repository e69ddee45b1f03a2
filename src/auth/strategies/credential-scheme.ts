import type { FastifyRequest } from 'fastify';

/**
 * The credential schemes every protected route accepts: passport strategies (`passport-custom` over the
 * cached services), tried in this order by the access guard (passport's `AuthGuard`). API keys first,
 * the usual machine credential; each bearer scheme leaves the other's tokens alone by their shape.
 *
 * A strategy's `validate(request)` answers the caller's principal; or `null` when the request does not
 * carry its kind of credentials or they are not valid, and then passport tries the next scheme. It
 * throws only when it cannot tell (the database failed, say) or the caller is over a limit. Once all
 * refused, the guard counts the failure and says why (`JwtStrategy.explainRefusal`).
 *
 * To add a scheme: a `PassportStrategy(Strategy, name)` class here, provided in AuthModule, and its name
 * in this list.
 *
 * Passport keeps strategies by name in its one instance per process, which `AuthGuard` uses: a process
 * runs one app (as `main.ts` does). Where a test runs two apps in one process (scale-out), both
 * authenticate through the strategies of the one created last, over the same database.
 */
export const SCHEME = {
  apiKey: 'api-key',
  jwt: 'jwt',
  basic: 'basic',
  sessionCookie: 'session-cookie',
} as const;

export const CREDENTIAL_SCHEMES: string[] = [SCHEME.apiKey, SCHEME.jwt, SCHEME.basic, SCHEME.sessionCookie];

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}
