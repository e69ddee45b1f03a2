import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountEntity } from '../accounts/entities/account.entity';
import { SecurityModule } from '../common/security/security.module';
import { telephonyConfig } from '../config/telephony.config';
import { DatabaseSandboxInventory } from './sandbox/sandbox-inventory';
import { SandboxTelephonyProvider } from './sandbox/sandbox.provider';
import { TelephonyProvider } from './telephony.provider';
import { TelephonyProviderResolver } from './telephony-provider.resolver';
import { TwilioTelephonyProvider } from './twilio/twilio.provider';
import { TwilioWebhookVerifier } from './twilio/twilio-webhook-verifier';
import { MetricsModule } from '../metrics/metrics.module';

/**
 * The default provider: the global Twilio account when its credentials are set, else the sandbox,
 * whose inventory is kept in the database.
 */
const defaultProvider = (
  config: ConfigType<typeof telephonyConfig>,
  dataSource: DataSource,
): TelephonyProvider =>
  config.twilioAccountSid && config.twilioAuthToken
    ? new TwilioTelephonyProvider(
        { accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken },
        { apiBaseUrl: config.twilioApiBaseUrl },
      )
    : new SandboxTelephonyProvider(new DatabaseSandboxInventory(dataSource));

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity]), SecurityModule, MetricsModule],
  providers: [
    {
      provide: TelephonyProvider,
      useFactory: defaultProvider,
      inject: [telephonyConfig.KEY, getDataSourceToken()],
    },
    TelephonyProviderResolver,
    TwilioWebhookVerifier,
  ],
  exports: [TelephonyProvider, TelephonyProviderResolver, TwilioWebhookVerifier],
})
export class TelephonyModule {}
