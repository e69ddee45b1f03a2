import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, CREDENTIAL_SCHEMES, type CredentialScheme } from '../auth/strategies/credential-scheme';
import { Public } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { Role } from '../common/auth/role.enum';
import { ForbiddenError, InvalidCredentialsError } from '../common/errors/domain-errors';
import { operationsConfig } from '../config/operations.config';
import { Metrics } from './metrics';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * `GET /metrics`: the Prometheus text format, for a SystemAdministrator (any credential scheme) or a
 * scraper sending `Authorization: Bearer <METRICS_TOKEN>`. Anybody else gets the usual 401/403
 * envelope. Not part of the OpenAPI document (nor, therefore, of ServiceStack's predefined routes): it
 * is for Prometheus, not for API clients.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly scrapeToken: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
    @Inject(operationsConfig.KEY) ops: ConfigType<typeof operationsConfig>,
  ) {
    this.scrapeToken = ops.metricsToken ? digest(ops.metricsToken) : null;
  }

  // Public to the access guard, which would refuse the scrape token: access is checked here instead.
  @Get()
  @Public()
  @Header('cache-control', 'no-store')
  async scrape(
    @Req() request: FastifyRequest & { user?: Principal },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.checkAccess(request);
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }

  private async checkAccess(request: FastifyRequest & { user?: Principal }): Promise<void> {
    const token = bearerToken(request);
    if (token !== null && this.scrapeToken && timingSafeEqual(digest(token), this.scrapeToken)) return;
    const schemes = this.moduleRef.get<CredentialScheme[]>(CREDENTIAL_SCHEMES, { strict: false });
    for (const scheme of schemes) {
      const principal = await scheme.authenticate(request);
      if (!principal) continue;
      request.user = principal;
      if (principal.roles.includes(Role.SystemAdministrator)) return;
      throw new ForbiddenError(`Requires the role ${Role.SystemAdministrator} or the METRICS_TOKEN`);
    }
    throw new InvalidCredentialsError();
  }
}
