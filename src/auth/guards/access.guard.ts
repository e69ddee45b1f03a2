import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_KEY, ROLES_KEY } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import type { Role } from '../../common/auth/role.enum';
import { ForbiddenError, InvalidCredentialsError } from '../../common/errors/domain-errors';
import { routeMetadata } from '../../common/route-metadata';
import { API_KEY_PREFIX } from '../api-keys.service';
import { FailedAuthLimiter } from '../failed-auth-limiter';
import { PERMANENT_SESSION_COOKIE, SESSION_COOKIE } from '../session-cookies';
import { basicCredentials } from '../strategies/basic.strategy';
import { CREDENTIAL_SCHEMES, type CredentialScheme } from '../strategies/credential-scheme';

type AuthenticatedRequest = FastifyRequest & { user?: Principal };

/**
 * The global guard (APP_GUARD): authenticates with the first credential scheme that recognises the
 * request (AuthModule lists them in order), then checks the route's roles. A route that states
 * neither roles nor `@Public()` is refused, so it fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  /** The route's `@Public()` and `@Roles(...)`, read once per route. */
  private readonly access = routeMetadata((handler, controller) => ({
    isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller]) ?? false,
    roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, controller]) ?? [],
  }));

  constructor(
    private readonly reflector: Reflector,
    @Inject(CREDENTIAL_SCHEMES) private readonly schemes: CredentialScheme[],
    private readonly failures: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = this.access(context);
    if (isPublic) return true;
    if (roles.length === 0) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} states no roles; refusing`,
      );
      throw new ForbiddenError('This route is not open to any role');
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    if (!principal) {
      // Wrong passwords were counted as they were checked; other credentials that failed count here.
      if (carriesTokens(request)) await this.failures.tokenFailed(request.ip);
      throw new InvalidCredentialsError(this.refusalHint(request));
    }
    // The request's log line names the caller from here too (logging/request-log.ts).
    request.user = principal;
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`Requires any of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private refusalHint(request: FastifyRequest): string | undefined {
    for (const scheme of this.schemes) {
      const hint = scheme.explainRefusal?.(request);
      if (hint) return hint;
    }
    return undefined;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal | null> {
    for (const scheme of this.schemes) {
      const principal = await scheme.authenticate(request);
      if (principal) return principal;
    }
    return null;
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
