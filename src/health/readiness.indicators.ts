import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { telephonyConfig } from '../config/telephony.config';
import { TelephonyProvider } from '../telephony/telephony.provider';

/** Readiness checks of our own, beside Terminus's database ping. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly provider: TelephonyProvider,
    @Inject(telephonyConfig.KEY) private readonly telephony: ConfigType<typeof telephonyConfig>,
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

  /** A provider is wired, and Twilio credentials, when given, are complete. */
  telephonyProvider() {
    const check = this.health.check('telephony');
    if (Boolean(this.telephony.twilioAccountSid) !== Boolean(this.telephony.twilioAuthToken))
      return check.down({ message: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together' });
    return check.up({ message: `provider: ${this.provider.name}` });
  }
}
