import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_KEY, ROLES_KEY } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import type { Role } from '../../common/auth/role.enum';
import { ForbiddenError } from '../../common/errors/domain-errors';
import { InvalidCredentialsError } from '../auth.errors';
import { routeMetadata } from '../../common/route-metadata';
import { API_KEY_PREFIX } from '../api-keys.service';
import { FailedAuthLimiter } from '../failed-auth-limiter';
import { PERMANENT_SESSION_COOKIE, SESSION_COOKIE } from '../session-cookies';
import { forRequest } from '../../logging/request-id';
import { basicCredentials } from '../strategies/basic.strategy';
import { CREDENTIAL_SCHEMES } from '../strategies/credential-scheme';
import { JwtStrategy } from '../strategies/jwt.strategy';

type AuthenticatedRequest = FastifyRequest & { user?: Principal };

/**
 * The global guard (APP_GUARD), passport's `AuthGuard` over the credential schemes in the order
 * `CREDENTIAL_SCHEMES` lists them: the first strategy that accepts the request sets `request.user`
 * (the principal, roles read from the database through the schemes' caches), then the route's roles
 * are checked. A route that states neither roles nor `@Public()` is refused, so it fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard(CREDENTIAL_SCHEMES) {
  private readonly logger = new Logger(AccessGuard.name);
  /** The route's `@Public()` and `@Roles(...)`, read once per route. */
  private readonly access = routeMetadata((handler, controller) => ({
    isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller]) ?? false,
    roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, controller]) ?? [],
  }));

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtStrategy,
    private readonly failures: FailedAuthLimiter,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.access(context);
    if (isPublic) return true;
    if (roles.length === 0) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} states no roles; refusing`,
        forRequest(context.switchToHttp().getRequest<AuthenticatedRequest>().id),
      );
      throw new ForbiddenError('This route is not open to any role');
    }
    // Passport sets request.user (the request's log line names the caller from here too:
    // logging/request-log.ts), or handleRequest refuses.
    await super.canActivate(context);
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user!;
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`Requires any of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  /**
   * Passport's verdict. A strategy's error (the database failed, a client over the failed-auth limit)
   * is thrown as it is; when no scheme accepted the request, the answer is the usual 401 envelope,
   * saying why a bearer token was refused. AuthGuard awaits what this returns.
   */
  override handleRequest<TUser = Principal>(
    err: Error | null,
    user: Principal | false | null,
    _info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (err) throw err;
    if (user) return user as TUser;
    return this.refuse(context.switchToHttp().getRequest<FastifyRequest>()) as TUser;
  }

  private async refuse(request: FastifyRequest): Promise<never> {
    // Wrong passwords were counted as they were checked; other credentials that failed count here.
    if (carriesTokens(request)) await this.failures.tokenFailed(request.ip);
    throw new InvalidCredentialsError(this.jwt.explainRefusal(request));
  }
}

/** Whether the request carried credentials other than a Basic user name and password. */
function carriesTokens(request: FastifyRequest): boolean {
  const authorization = request.headers.authorization;
  if (authorization) {
    const basic = basicCredentials(authorization);
    return !basic || basic.userName.startsWith(API_KEY_PREFIX);
  }
  return Boolean(request.cookies?.[SESSION_COOKIE] || request.cookies?.[PERMANENT_SESSION_COOKIE]);
}
