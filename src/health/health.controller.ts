import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { ResponseStatusEnvelope } from '../common/errors/response-status.dto';
import { HealthCheckDetail, HealthStatus } from './health.dto';
import { HealthService } from './health.service';
import { NoRateLimit } from '../throttling/rate-limit.decorator';

@ApiTags('Health')
@ApiExtraModels(HealthCheckDetail)
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @NoRateLimit()
  @ApiOperation({
    operationId: 'HealthLive',
    summary: 'Liveness: the process serves HTTP',
    description:
      'Answers 200 while the process runs; checks nothing else (restart the instance if it fails).',
  })
  @ApiOkResponse({ type: HealthStatus })
  live(): HealthStatus {
    return this.health.live();
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    operationId: 'HealthReady',
    summary: 'Readiness: the instance can take traffic',
    description:
      'Checks that the database answers, every migration is applied and the telephony provider is configured. ' +
      'Answers 503 with the failing checks in `responseStatus.errors` when not ready, and while shutting down. ' +
      'Redis, when configured, is reported under `redis` but does not fail readiness: while it is down, rate ' +
      "limits are counted in the instance's memory.",
  })
  @ApiOkResponse({ type: HealthStatus })
  @ApiResponse({
    status: 503,
    description: 'Not ready: each failing check is in `responseStatus.errors`',
    type: ResponseStatusEnvelope,
  })
  ready(): Promise<HealthStatus> {
    return this.health.ready();
  }
}
