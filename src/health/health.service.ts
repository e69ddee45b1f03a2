import { BeforeApplicationShutdown, HttpStatus, Injectable } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AppError, FieldError } from '../common/errors/domain-errors';
import { HealthCheckDetail, HealthStatus } from './health.dto';
import { ReadinessIndicators } from './readiness.indicators';
import { APP_VERSION } from '../version';

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
    return {
      status: 'ok',
      version: APP_VERSION,
      details: Object.fromEntries(Object.entries(details).map(([k, d]) => [k, toDetail(d)])),
    };
  }
}
