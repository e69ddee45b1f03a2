import { Controller, Get, Header, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { Metrics } from './metrics';
import { MetricsAccessGuard } from './metrics-access.guard';

/**
 * `GET /metrics`: the Prometheus text format, for a SystemAdministrator (any credential scheme) or a
 * scraper sending `Authorization: Bearer <METRICS_TOKEN>`. Anybody else gets the usual 401/403
 * envelope. Not part of the OpenAPI document (nor, therefore, of ServiceStack's predefined routes): it
 * is for Prometheus, not for API clients.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  // Public to the access guard, which would refuse the scrape token: MetricsAccessGuard checks access.
  @Get()
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Header('cache-control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
