import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import {
  appConfig,
  authConfig,
  databaseConfig,
  operationsConfig,
  provisioningConfig,
  securityConfig,
  telephonyConfig,
  validateEnvironment,
} from './config';
import { PrincipalCacheModule } from './common/auth/principal-cache';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { PhoneNumbersModule } from './endpoints/phone-numbers/phone-numbers.module';
import { EventsModule } from './events/events.module';
import { FlowsModule } from './flows/flows.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { SettingsModule } from './settings/settings.module';
import { TagsModule } from './tags/tags.module';
import { TelephonyModule } from './telephony/telephony.module';
import { ThrottlingModule } from './throttling/throttling.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      load: [
        appConfig,
        authConfig,
        databaseConfig,
        securityConfig,
        telephonyConfig,
        provisioningConfig,
        operationsConfig,
      ],
      validate: validateEnvironment,
    }),
    LoggingModule,
    MetricsModule,
    EventEmitterModule.forRoot(),
    DatabaseModule,
    PrincipalCacheModule,
    IdempotencyModule,
    AuthModule,
    // After AuthModule: its guard runs after the access guard, so it counts per authenticated caller.
    ThrottlingModule,
    EventsModule,
    HealthModule,
    UsersModule,
    AccountsModule,
    CustomersModule,
    TagsModule,
    SettingsModule,
    FlowsModule,
    TelephonyModule,
    // Before EndpointsModule: the OpenAPI generator describes a shared enum schema (UserModes) as the
    // first property using it that it meets, and the contract's description is the one in BuyPhoneNumber's answer.
    PhoneNumbersModule,
    EndpointsModule,
    BootstrapModule,
  ],
})
export class AppModule {}
