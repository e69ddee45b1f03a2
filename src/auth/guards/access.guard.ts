import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { PUBLIC_KEY, ROLES_KEY } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/principal';
import type { Role } from '../../common/auth/role.enum';
import { ForbiddenError, UnauthorizedError } from '../../common/errors/domain-errors';
import { logCaller, type LoggedCaller } from '../../logging/caller';

/** The credential schemes every protected route accepts, tried in order. */
// API keys first, the usual machine credential. Each bearer strategy declines the other's tokens by
// their shape (the API-key prefix, a JWT's three parts) without further work.
export const AUTH_STRATEGIES = ['api-key', 'jwt', 'basic', 'session-cookie'];

/**
 * The global guard (APP_GUARD): authenticates with any configured scheme, then checks the route's
 * roles. A route that states neither roles nor `@Public()` is refused, so it fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard(AUTH_STRATEGIES) {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} states no roles; refusing`,
      );
      throw new ForbiddenError('This route is not open to any role');
    }
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user: Principal; raw?: { caller?: LoggedCaller } }>();
    const principal = request.user;
    logCaller(request, principal);
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(`Requires any of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    if (error) throw error instanceof Error ? error : new UnauthorizedError('Authentication failed');
    if (!user) throw new UnauthorizedError('Missing or invalid credentials');
    return user;
  }
}
