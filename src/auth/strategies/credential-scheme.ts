import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal';

/**
 * One way a request may carry credentials. `authenticate` answers the caller's principal, or null when
 * the request does not carry this scheme's credentials or they are not valid; the access guard then
 * tries the next scheme. It throws only when it cannot tell (the database failed, say).
 *
 * To add a scheme: implement this, provide it in AuthModule and add it to `CREDENTIAL_SCHEMES` there.
 */
export interface CredentialScheme {
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  /**
   * Once every scheme refused the request: why this scheme refused the credentials it recognised, for
   * the 401's message (e.g. "the bearer token has expired: sign in again"); nothing secret.
   */
  explainRefusal?(request: FastifyRequest): string | undefined;
}

/** The injection token of the schemes the access guard tries, in order. */
export const CREDENTIAL_SCHEMES = Symbol('CREDENTIAL_SCHEMES');

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}
