import { createHash, timingSafeEqual } from 'node:crypto';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { bearerToken, CREDENTIAL_SCHEMES } from '../auth/strategies/credential-scheme';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ForbiddenError } from '../common/errors/domain-errors';
import { InvalidCredentialsError } from '../auth/auth.errors';
import { operationsConfig } from '../config/operations.config';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Who may read `/metrics`: a scraper sending `Authorization: Bearer <METRICS_TOKEN>`, or a
 * SystemAdministrator authenticated by any credential scheme (passport, as the access guard). Anybody
 * else gets the usual 401/403 envelope. The route is `@Public()` to the access guard, which would
 * refuse the scrape token.
 */
@Injectable()
export class MetricsAccessGuard extends AuthGuard(CREDENTIAL_SCHEMES) {
  private readonly scrapeToken: Buffer | null;

  constructor(@Inject(operationsConfig.KEY) ops: ConfigType<typeof operationsConfig>) {
    super();
    this.scrapeToken = ops.metricsToken ? digest(ops.metricsToken) : null;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const token = bearerToken(request);
    if (token !== null && this.scrapeToken && timingSafeEqual(digest(token), this.scrapeToken)) return true;
    await super.canActivate(context);
    if (request.user!.roles.includes(Role.SystemAdministrator)) return true;
    throw new ForbiddenError(`Requires the role ${Role.SystemAdministrator} or the METRICS_TOKEN`);
  }

  override handleRequest<TUser = Principal>(err: Error | null, user: Principal | false | null): TUser {
    if (err) throw err;
    if (!user) throw new InvalidCredentialsError();
    return user as TUser;
  }
}
