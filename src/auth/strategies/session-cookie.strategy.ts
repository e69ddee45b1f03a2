import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { Principal } from '../../common/auth/principal';
import { nativeMethodOf } from '../../servicestack';
import { readSessionCookies } from '../session-cookies';
import { SessionsService } from '../sessions.service';
import { SCHEME } from './credential-scheme';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The `ss-id` / `ss-pid` session cookies set by `/auth/credentials`: the signed id of a login
 * session, which must still be live (logout ends it server-side).
 */
@Injectable()
export class SessionCookieStrategy extends PassportStrategy(Strategy, SCHEME.sessionCookie) {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | null> {
    // A browser sends SameSite=Lax cookies on cross-site top-level GETs, and ServiceStack's
    // predefined routes answer GET for every operation: a cookie alone must not let a link buy a
    // number (`GET /api/BuyPhoneNumber?...`). Such requests need a header credential.
    if (SAFE_METHODS.has(request.method) && !SAFE_METHODS.has(nativeMethodOf(request))) return null;
    for (const sessionId of readSessionCookies(request)) {
      const principal = await this.sessions.principalForSessionId(sessionId, 'session');
      if (principal) return principal;
    }
    return null;
  }
}
