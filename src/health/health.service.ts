import { BeforeApplicationShutdown, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AppError, FieldError } from '../common/errors/domain-errors';
import { HealthCheckDetail, HealthStatus } from './health.dto';
import { ReadinessIndicators } from './readiness.indicators';
import { APP_VERSION } from '../version';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from '../throttling/rate-limit.storage';
import { RedisRateLimitStorage } from '../throttling/redis-rate-limit.storage';

export class NotReadyError extends AppError {
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly errorCode = 'ServiceUnavailable';
}

type Details = Record<string, { status: string; message?: string }>;

const toDetail = (d: { status: string; message?: string }): HealthCheckDetail => ({
  status: d.status === 'up' ? 'up' : 'down',
  ...(d.message !== undefined ? { message: d.message } : {}),
});

@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: ReadinessIndicators,
    @Inject(RATE_LIMIT_STORAGE) private readonly rateLimits: RateLimitStorage,
  ) {}

  /** From the shutdown signal on, readiness fails so the load balancer stops sending traffic. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  live(): HealthStatus {
    return { status: 'ok', version: APP_VERSION, details: { process: { status: 'up' } } };
  }

  async ready(): Promise<HealthStatus> {
    if (this.shuttingDown) throw new NotReadyError('The instance is shutting down');
    let details: Details;
    const redis = this.redisDetail();
    try {
      const result = await this.terminus.check([
        () => this.db.pingCheck('database', { timeout: 3000 }),
        () => this.indicators.migrations(),
        () => this.indicators.telephonyProvider(),
      ]);
      details = result.details as Details;
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.() as
        { details?: Details } | undefined;
      if (!response?.details) throw error;
      const failing: FieldError[] = Object.entries(response.details)
        .filter(([, d]) => d.status !== 'up')
        .map(([name, d]) => ({
          errorCode: 'NotReady',
          fieldName: name,
          message: d.message ?? `${name} is down`,
        }));
      throw new NotReadyError(`Not ready: ${failing.map((f) => f.fieldName).join(', ')}`, failing);
    }
    const checked = Object.fromEntries(Object.entries(details).map(([k, d]) => [k, toDetail(d)]));
    const redisDetail = await redis;
    return {
      status: 'ok',
      version: APP_VERSION,
      details: redisDetail ? { ...checked, redis: redisDetail } : checked,
    };
  }

  /**
   * Redis, when configured, is reported but does not fail readiness: it only shares the rate-limit
   * counters, which are kept in memory while it is down. Failing every instance's readiness over it would
   * turn a Redis outage into an outage of the service.
   */
  private async redisDetail(): Promise<HealthCheckDetail | null> {
    if (!(this.rateLimits instanceof RedisRateLimitStorage)) return null;
    const problem = await this.rateLimits.problem();
    return problem === null
      ? { status: 'up' }
      : {
          status: 'down',
          message: `Redis is unreachable (${problem}): rate limits are counted in this instance's memory`,
        };
  }
}
