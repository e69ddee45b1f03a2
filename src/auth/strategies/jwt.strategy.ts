import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal';
import { SessionsService } from '../sessions.service';
import { bearerToken, CredentialScheme } from './credential-scheme';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
}

/** A JWT's three base64url parts (the signature may be empty: such a token is refused when verified). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * `Authorization: Bearer <jwt>`: the token, signed by this service, names a live session whose user's
 * principal is loaded fresh (see `SessionsService.principalForAccessToken`). Any other bearer token is
 * left to the next scheme by its shape.
 */
@Injectable()
export class JwtStrategy implements CredentialScheme {
  constructor(private readonly sessions: SessionsService) {}

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const token = bearerToken(request);
    return token && JWT_SHAPE.test(token) ? this.sessions.principalForAccessToken(token) : null;
  }

  explainRefusal(request: FastifyRequest): string | undefined {
    const token = bearerToken(request);
    return token && JWT_SHAPE.test(token) ? this.sessions.explainRefusal(token) : undefined;
  }
}
