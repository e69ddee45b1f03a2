import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from '../accounts/entities/account.entity';
import { SecurityModule } from '../security/security.module';
import { ProviderCredentialsReader } from './provider-credentials';
import { TelephonyProviderRegistry } from './provider-registry';
import { TelephonyProvider } from './telephony.provider';
import { TelephonyProviderResolver } from './telephony-provider.resolver';
import { TwilioWebhookVerifier } from './twilio/twilio-webhook-verifier';
import { TwilioWebhooksController } from './twilio/twilio-webhooks.controller';
import { TwilioWebhooksService } from './twilio/twilio-webhooks.service';
import { MetricsModule } from '../metrics/metrics.module';

/**
 * The default provider: the global provider account's when its credentials are set, else the sandbox
 * (whose inventory is kept in the database).
 */
const defaultProvider = (
  credentials: ProviderCredentialsReader,
  registry: TelephonyProviderRegistry,
): TelephonyProvider => {
  const global = credentials.global();
  return registry.create(global?.providerId ?? 'sandbox', global);
};

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity]), SecurityModule, MetricsModule],
  controllers: [TwilioWebhooksController],
  providers: [
    {
      provide: TelephonyProvider,
      useFactory: defaultProvider,
      inject: [ProviderCredentialsReader, TelephonyProviderRegistry],
    },
    ProviderCredentialsReader,
    TelephonyProviderRegistry,
    TelephonyProviderResolver,
    TwilioWebhookVerifier,
    TwilioWebhooksService,
  ],
  exports: [TelephonyProvider, TelephonyProviderResolver, ProviderCredentialsReader],
})
export class TelephonyModule {}
