import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { Principal } from '../../common/auth/principal';
import { SessionsService } from '../sessions.service';
import { bearerToken, SCHEME } from './credential-scheme';

/** A JWT's three base64url parts (the signature may be empty: such a token is refused when verified). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * `Authorization: Bearer <jwt>`: the token, signed by this service, names a live session whose user's
 * principal is loaded fresh (see `SessionsService.principalForAccessToken`: verified once, then
 * remembered by its digest, so a cached token costs no signature check). Any other bearer token is
 * left to the next scheme by its shape.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, SCHEME.jwt) {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  validate(request: FastifyRequest): Promise<Principal | null> | null {
    const token = bearerToken(request);
    return token && JWT_SHAPE.test(token) ? this.sessions.principalForAccessToken(token) : null;
  }

  /**
   * Once every scheme refused the request: why its bearer JWT was refused, for the 401's message (e.g.
   * "the bearer token has expired: sign in again"); nothing secret. Asked by the access guard then, not
   * here, so that an accepted token costs nothing more.
   */
  explainRefusal(request: FastifyRequest): string | undefined {
    const token = bearerToken(request);
    return token && JWT_SHAPE.test(token) ? this.sessions.explainRefusal(token) : undefined;
  }
}
