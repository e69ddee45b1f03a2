import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal';
import { SessionsService } from '../sessions.service';
import { RequestStrategy } from './request.strategy';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
}

/** The token of `Authorization: Bearer <token>` when it has a JWT's three parts, else null. */
export function bearerJwt(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * `Authorization: Bearer <jwt>`: the token, signed by this service, names a live session whose user's
 * principal is loaded fresh (see `SessionsService.principalForAccessToken`). Any other bearer token is
 * declined at once, for the next scheme.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(RequestStrategy, 'jwt') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | false> {
    const token = bearerJwt(request.headers.authorization);
    if (!token) return false;
    return (await this.sessions.principalForAccessToken(token)) ?? false;
  }
}
