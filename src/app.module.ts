import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import {
  appConfig,
  authConfig,
  databaseConfig,
  provisioningConfig,
  securityConfig,
  telephonyConfig,
  validateEnvironment,
} from './config';
import { PrincipalCacheModule } from './common/auth/principal-cache';
import { RequestContextInterceptor } from './common/request-context/request-context.interceptor';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { FlowsModule } from './flows/flows.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { TagsModule } from './tags/tags.module';
import { TelephonyModule } from './telephony/telephony.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      load: [appConfig, authConfig, databaseConfig, securityConfig, telephonyConfig, provisioningConfig],
      validate: validateEnvironment,
    }),
    DatabaseModule,
    PrincipalCacheModule,
    IdempotencyModule,
    AuthModule,
    UsersModule,
    AccountsModule,
    CustomersModule,
    TagsModule,
    FlowsModule,
    TelephonyModule,
    EndpointsModule,
    BootstrapModule,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor }],
})
export class AppModule {}
