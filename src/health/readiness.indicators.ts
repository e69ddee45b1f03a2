import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ProviderCredentialsReader } from '../telephony/provider-credentials';
import { TelephonyProvider } from '../telephony/telephony.provider';

/** Readiness checks of our own, beside Terminus's database ping. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly provider: TelephonyProvider,
    private readonly credentials: ProviderCredentialsReader,
  ) {}

  /** Every migration this build knows has been applied (a release step runs them). */
  async migrations() {
    const check = this.health.check('migrations');
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? check.down({ message: 'Migrations are pending' }) : check.up();
    } catch (error) {
      return check.down({ message: `Cannot read the migrations table: ${(error as Error).message}` });
    }
  }

  /** A provider is wired, and the provider credentials, when given, are complete. */
  telephonyProvider() {
    const check = this.health.check('telephony');
    const problem = this.credentials.configurationProblem();
    if (problem) return check.down({ message: problem });
    return check.up({ message: `provider: ${this.provider.name}` });
  }
}
