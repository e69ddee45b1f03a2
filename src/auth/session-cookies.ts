import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHmac } from 'node:crypto';
import { map, Observable } from 'rxjs';
import { DtoBinder, hasStringFields } from '../servicestack';
import { authConfig } from '../config/auth.config';
import { Authenticate, AuthenticateResponse } from './dto/auth.dto';

/** ServiceStack's session cookies: `ss-id` for the browser session, `ss-pid` to be remembered. */
export const SESSION_COOKIE = 'ss-id';
export const PERMANENT_SESSION_COOKIE = 'ss-pid';

/** The key session cookies are signed with, derived from (never equal to) the JWT secret. */
export const sessionCookieSecret = (jwtSecret: string): string =>
  createHmac('sha256', jwtSecret).update('evo:session-cookie').digest('base64url');

/** The session ids the request's cookies carry, validly signed, `ss-id` first. */
export function readSessionCookies(request: FastifyRequest): string[] {
  const ids: string[] = [];
  for (const name of [SESSION_COOKIE, PERMANENT_SESSION_COOKIE]) {
    const raw = request.cookies?.[name];
    if (!raw) continue;
    const unsigned = request.unsignCookie(raw);
    if (unsigned.valid && unsigned.value) ids.push(unsigned.value);
  }
  return ids;
}

const cookieOptions = (request: FastifyRequest): CookieSerializeOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: request.protocol === 'https',
});

/**
 * On `Authenticate`: sets `ss-id` (and, with `rememberMe`, the persistent `ss-pid`) to the signed
 * id of the new session, so later requests may carry only the cookie. On `Logout`: clears them.
 * Max-Age only, no Expires: `JsonServiceClient` splits Set-Cookie headers on commas.
 */
@Injectable()
export class SessionCookiesInterceptor implements NestInterceptor {
  private readonly binder = new DtoBinder();

  constructor(@Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        const session = (result as Partial<AuthenticateResponse> | undefined)?.sessionId;
        if (session) this.setCookies(request, reply, session);
        else this.clearCookies(request, reply);
        return result;
      }),
    );
  }

  private setCookies(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
    const options = cookieOptions(request);
    const dto = this.binder.bind(
      request.body,
      Authenticate,
      hasStringFields(request.body),
    ) as Partial<Authenticate>;
    void reply.setCookie(SESSION_COOKIE, sessionId, { ...options, signed: true });
    if (dto?.rememberMe === true) {
      void reply.setCookie(PERMANENT_SESSION_COOKIE, sessionId, {
        ...options,
        signed: true,
        maxAge: this.config.refreshTokenTtlSeconds,
      });
    } else if (request.cookies?.[PERMANENT_SESSION_COOKIE]) {
      void reply.setCookie(PERMANENT_SESSION_COOKIE, '', { ...options, maxAge: 0 });
    }
  }

  private clearCookies(request: FastifyRequest, reply: FastifyReply): void {
    for (const name of [SESSION_COOKIE, PERMANENT_SESSION_COOKIE]) {
      void reply.setCookie(name, '', { ...cookieOptions(request), maxAge: 0 });
    }
  }
}
